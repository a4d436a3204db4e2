"""API responses saved to a file, read as the same records a CSV gives.

ACLED's API answers `{"status": 200, "success": true, "last_update": ..., "count": N,
"messages": [], "data": [{...}, ...], "filename": ...}`, every value a string; UCDP's answers
one page `{"TotalCount": N, "TotalPages": P, "PreviousPageUrl": ..., "NextPageUrl": ...,
"Result": [{...}, ...]}` with typed values (numbers, booleans, null). A bare list of such
objects is read too. Each object becomes one record under the union of their keys (first seen
first), its values as the CSV export would write them: null as an empty cell, true/false as 1/0.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from events.services.imports.report import ImportFailed

JSON_ERROR = "{path}: unreadable JSON ({error})."
JSON_SHAPE = (
    "{path}: not a response the importers know: expected ACLED's "
    '{{"success": ..., "data": [...]}}, UCDP\'s {{"TotalCount": ..., "Result": [...]}} '
    "or a list of records."
)
API_FAILED = "{path}: the saved API response reports a failure ({message}); nothing to import."
NOT_A_RECORD = "{path}: record {number} is not an object."
# The UCDP API answers a page at a time (pagesize up to 1,000): a saved page is only part of
# the answer, and the summary says so rather than pass it off as the whole.
UCDP_PART = (
    "one page of {pages:,} of the API's answer: {count:,} of its {total:,} events; "
    "the other pages are other files (next: {next})"
)


def looks_like_json(first_text: str) -> bool:
    """A file whose first character (after a byte order mark and blanks) opens JSON."""
    return first_text.lstrip("\ufeff \t\r\n")[:1] in ("{", "[")


def json_load(path: Path, encoding: str) -> tuple[str, list[str], list[list[str]], str]:
    """(shape: "acled-json", "ucdp-json" or "json"; the columns; one list of cells per record;
    a note for the summary, "" if none: that the file is one page of a larger answer)."""
    try:
        with open(path, encoding=encoding) as fh:
            document = json.load(fh)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ImportFailed(JSON_ERROR.format(path=path, error=exc)) from exc
    shape, records = _records(document, path)
    columns: dict[str, None] = {}
    for number, record in enumerate(records, start=1):
        if not isinstance(record, dict):
            raise ImportFailed(NOT_A_RECORD.format(path=path, number=number))
        columns.update(dict.fromkeys(record))
    names = list(columns)
    rows = [[cell(record.get(name)) for name in names] for record in records]
    return shape, names, rows, _part_note(document, len(records)) if shape == "ucdp-json" else ""


def _part_note(page: dict[str, Any], count: int) -> str:
    """UCDP_PART when the page says the answer has more (more pages, a next page's URL, or
    more events in all than it holds); "" otherwise."""
    total, pages, next_url = page.get("TotalCount"), page.get("TotalPages"), page.get("NextPageUrl")
    total = total if isinstance(total, int) else count
    pages = pages if isinstance(pages, int) else 1
    if pages <= 1 and not next_url and total <= count:
        return ""
    return UCDP_PART.format(pages=pages, count=count, total=total, next=next_url or "none")


def _records(document: Any, path: Path) -> tuple[str, list[Any]]:
    if isinstance(document, list):
        return "json", document
    if isinstance(document, dict):
        if isinstance(document.get("data"), list):
            if document.get("success") in (False, "false", 0, "0"):
                raise ImportFailed(API_FAILED.format(path=path, message=_message(document)))
            return "acled-json", document["data"]
        if isinstance(document.get("Result"), list):
            return "ucdp-json", document["Result"]
        if document.get("success") in (False, "false", 0, "0"):
            raise ImportFailed(API_FAILED.format(path=path, message=_message(document)))
    raise ImportFailed(JSON_SHAPE.format(path=path))


def _message(document: dict[str, Any]) -> str:
    error = document.get("error") or document.get("messages") or document.get("message")
    return json.dumps(error, ensure_ascii=False) if error else "no message"


def cell(value: Any) -> str:
    """A JSON value as a CSV cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return repr(value)
    return json.dumps(value, ensure_ascii=False)
