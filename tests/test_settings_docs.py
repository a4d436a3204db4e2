"""The docs stay honest: the variables the code reads are the ones docs/configuration.md and
.env.example list, every API path is in docs/api.md, README.md stays a short front door, and every
link and repository path the docs name exists."""

import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
README = ROOT / "README.md"
PAGES = [README, *sorted((ROOT / "docs").glob("*.md"))]
READS_ENV = r"""(?:environ\.get|environ\[|env_bool|env_list)\(?\s*["']([A-Z_]+)["']"""
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")
# A path in the repository as the docs write it: a top-level folder, then folders and maybe a file
# with an extension. Not after "/" or "." (URLs such as /events/<id>/, module paths).
REPO_PATH = re.compile(
    r"(?<![\w./<>-])(?:bench|conflictmap|docs|events|scripts|seeds|static|templates|tests)/"
    r"(?:[\w-]+/)*(?:[\w-]+(?:\.[\w-]+)*\.[A-Za-z]\w*)?"
)


def variables_read_by(relative_path: str) -> set[str]:
    return set(re.findall(READS_ENV, (ROOT / relative_path).read_text()))


def variables_read_by_settings() -> set[str]:
    return variables_read_by("conflictmap/settings.py")


def prose_lines(page: Path) -> list[str]:
    """The page's lines outside fenced code blocks."""
    lines, fenced = [], False
    for line in page.read_text().splitlines():
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced:
            lines.append(line)
    return lines


def table_variables(page: Path) -> set[str]:
    """The names in the first column of the page's tables (a row may name two: `A`, `B`)."""
    names: set[str] = set()
    for line in prose_lines(page):
        if line.startswith("| `"):
            names |= set(re.findall(r"`([A-Z][A-Z0-9_]*)`", line.split("|")[1]))
    return names


def anchors(page: Path) -> set[str]:
    """The heading anchors GitHub gives the page: lower case, no punctuation, "-" for spaces."""
    headings = (line.lstrip("#").strip() for line in prose_lines(page) if line.startswith("#"))
    return {re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-") for heading in headings}


def test_every_setting_variable_is_in_env_example():
    documented = set(re.findall(r"^([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.M))
    read = variables_read_by_settings()
    assert read, "the pattern found no variables: settings changed shape"
    assert read == documented


def test_the_configuration_tables_list_exactly_the_variables_the_code_reads():
    server = variables_read_by("conflictmap/gunicorn.conf.py")
    assert server, "the pattern found no variables: the gunicorn config changed shape"
    documented = table_variables(ROOT / "docs" / "configuration.md")
    assert documented == variables_read_by_settings() | server


def test_readme_starts_with_the_two_commands_and_ci_runs_the_test_one():
    text = README.read_text()
    head = text.split("\n## ", 1)[0]
    first_block = text.split("```sh\n", 1)[1].split("```", 1)[0].splitlines()
    assert [line.split("#")[0].strip() for line in first_block] == ["make run", "make test"]
    assert "make run" in head and "make test" in head
    ci = (ROOT / ".ci" / "run").read_text()
    assert [
        line for line in ci.splitlines() if line and not line.startswith(("#", "set ", "cd "))
    ] == ["make test"]


def test_readme_is_a_front_door_under_10_kb():
    assert len(README.read_bytes()) < 10_000


def test_every_api_endpoint_is_in_the_api_docs(db, client):
    api_docs = (ROOT / "docs" / "api.md").read_text()
    for path in client.get("/api/openapi.json").json()["paths"]:
        assert path.replace("{id}", "<id>") in api_docs  # the docs write Django's <id>


def test_every_relative_link_points_at_a_file_that_exists():
    broken = []
    for page in PAGES:
        for line in prose_lines(page):
            for target in LINK.findall(line):
                if re.match(r"[a-z]+:", target):  # https:, mailto:
                    continue
                path, _, anchor = target.partition("#")
                linked = (page.parent / path).resolve() if path else page
                if not linked.exists() or (anchor and anchor not in anchors(linked)):
                    broken.append(f"{page.relative_to(ROOT)}: {target}")
    assert broken == []


def test_every_repository_path_the_docs_name_exists():
    missing = [
        f"{page.relative_to(ROOT)}: {path}"
        for page in PAGES
        for path in REPO_PATH.findall(page.read_text())
        if not (ROOT / path).exists()
    ]
    assert missing == []
