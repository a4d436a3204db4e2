"""What the ingest pipeline refuses, in words a curator can act on (tests assert on these)."""

MAX_REPORT_BYTES = 10 * 1024 * 1024

EMPTY_TEXT = "The report is empty: there is no text to extract events from."
BINARY_TEXT = (
    "The report is not text (it contains NUL bytes or is not UTF-8): convert it to plain text "
    "first."
)
TOO_LARGE = (
    f"The report is larger than {MAX_REPORT_BYTES // (1024 * 1024)} MB: split it into single "
    "reports before ingesting."
)
NO_PLACES = (
    "The report names no place the pipeline can find (no gazetteer town, no country, no "
    "'village of ...'): nothing was created."
)
BAD_PUBLISHED = "--published must be a date as YYYY-MM-DD, got {value!r}."
NOT_FOUND = "No such file: {path}"
NO_SOURCE_TEXT = "Source {pk} has no text to extract events from."


class IngestError(ValueError):
    """Bad input: nothing was written."""
