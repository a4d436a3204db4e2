"""The layers of `events/` import one way, down (docs/architecture.md).

Read from the source (every import statement, function-level ones included), so a new upward
import fails here with the module and the line, before it becomes a cycle or a hidden coupling.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

EVENTS = Path(__file__).resolve().parent.parent / "events"

# Layer -> the layers of `events` it may import (its own included). Anything not listed is above
# every layer: views, api, admin, urls, management commands, templatetags, apps.
ALLOWED: dict[str, set[str]] = {
    "domain": {"domain"},
    "geo": {"domain", "geo"},
    "db": {"db"},
    "models": {"domain", "models"},
    "ingest": {"domain", "geo", "ingest"},
    "selectors": {"domain", "geo", "db", "models", "selectors"},
    "services": {"domain", "geo", "db", "models", "selectors", "ingest", "services"},
}
# Layers whose modules must not import Django's ORM (they are pure, or talk to geopy only).
NO_ORM = {"domain", "geo", "ingest"}


def layer_of(module: str) -> str | None:
    """events.selectors.stats -> selectors; events.models -> models; events.views -> None (top)."""
    parts = module.split(".")
    if len(parts) < 2 or parts[0] != "events":
        return None
    if parts[1].startswith("models_"):  # events/models_duplicates.py: tables models.py imports
        return "models"
    return parts[1] if parts[1] in ALLOWED else None


def module_name(path: Path) -> str:
    rel = path.relative_to(EVENTS.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path) -> list[tuple[int, str]]:
    """(line, imported module) for every import in the file, at any depth."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.append((node.lineno, node.module))
            if node.module == "events":  # from events import x: the submodule is the target
                found += [(node.lineno, f"events.{alias.name}") for alias in node.names]
    return found


def sources() -> list[Path]:
    return sorted(p for p in EVENTS.rglob("*.py") if "migrations" not in p.parts)


def upward_imports(path: Path) -> list[str]:
    own = layer_of(module_name(path))
    if own is None:
        return []
    bad = []
    for line, target in imports_of(path):
        if target.startswith("events"):
            other = layer_of(target)
            if other is None and target != "events":
                bad.append(f"{path.relative_to(EVENTS.parent)}:{line} imports {target} (above)")
            elif other is not None and other not in ALLOWED[own]:
                bad.append(f"{path.relative_to(EVENTS.parent)}:{line} imports {target} ({other})")
        elif own in NO_ORM and (
            target.startswith("django.db") or target.startswith("django.contrib")
        ):
            bad.append(f"{path.relative_to(EVENTS.parent)}:{line} imports {target} (the ORM)")
    return bad


def test_every_layer_imports_only_the_layers_below_it():
    bad = [problem for path in sources() for problem in upward_imports(path)]
    assert not bad, "Upward imports (see docs/architecture.md):\n" + "\n".join(bad)


def test_the_domain_vocabulary_is_django_free():
    domain = [p for p in sources() if layer_of(module_name(p)) == "domain"]
    assert domain, "events/domain/ holds the vocabulary"
    for path in domain:
        for line, target in imports_of(path):
            assert not target.startswith("django"), f"{path.name}:{line} imports {target}"


def test_migrations_import_nothing_from_the_app_but_models():
    """An old migration must do on a fresh database what it did when it was written: it may not
    run code that later edits change (models only lend it field validators and defaults)."""
    bad = [
        f"{path.name}:{line} imports {target}"
        for path in sorted((EVENTS / "migrations").glob("*.py"))
        for line, target in imports_of(path)
        if target.startswith("events") and target != "events.models"
    ]
    assert not bad, bad


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from events.api.views import x\n", "imports events.api.views (above)"),
        ("def f():\n    from events.services.events import y\n", "(services)"),
        ("from django.db import models\n", "(the ORM)"),
    ],
)
def test_the_check_notices_an_upward_import(tmp_path, monkeypatch, source, expected):
    """The rule above is not vacuous: a geo module importing the API, a service or the ORM is
    reported."""
    fake_events = tmp_path / "events"
    (fake_events / "geo").mkdir(parents=True)
    path = fake_events / "geo" / "bad.py"
    path.write_text(source)
    monkeypatch.setitem(globals(), "EVENTS", fake_events)
    problems = upward_imports(path)
    assert problems and expected in problems[0], problems
