"""The docs stay honest: every variable settings read is in .env.example and the README."""

import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def variables_read_by_settings() -> set[str]:
    source = (ROOT / "conflictmap" / "settings.py").read_text()
    return set(
        re.findall(
            r"""(?:environ\.get|environ\[|env_bool|env_list)\(?\s*["']([A-Z_]+)["']""", source
        )
    )


def test_every_setting_variable_is_in_env_example():
    documented = set(re.findall(r"^([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.M))
    read = variables_read_by_settings()
    assert read, "the pattern found no variables: settings changed shape"
    assert read == documented


def test_every_setting_variable_is_in_the_readme():
    readme = (ROOT / "README.md").read_text()
    missing = [name for name in variables_read_by_settings() if f"`{name}`" not in readme]
    assert missing == []


def test_readme_starts_with_the_two_commands_and_ci_runs_the_test_one():
    head = (ROOT / "README.md").read_text().split("\n## ", 1)[0]
    assert "make run" in head and "make test" in head
    ci = (ROOT / ".ci" / "run").read_text()
    assert [
        line for line in ci.splitlines() if line and not line.startswith(("#", "set ", "cd "))
    ] == ["make test"]


def test_every_api_endpoint_is_in_the_readme(db, client):
    readme = (ROOT / "README.md").read_text()
    for path in client.get("/api/openapi.json").json()["paths"]:
        assert path.replace("{id}", "<id>") in readme  # the README writes Django's <id>
