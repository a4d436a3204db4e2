"""Reading an import's file: its encoding and delimiter, its header, and its records with the
line each starts on. A file is a CSV, or an API response saved as JSON (json_records.py), read
as the same records; a GED candidate file without a header row gets GED's column names, and
ACLED's actor-based export has its rows joined per event (monadic.py). The Header says which.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from events.services.imports.eras import headerless_ged, is_monadic
from events.services.imports.json_records import json_load, looks_like_json
from events.services.imports.monadic import monadic_header, monadic_join
from events.services.imports.report import ImportFailed

FILE_NOT_FOUND = "No such file: {path}"
EMPTY_FILE = "{path} is empty: there is no header row."
CSV_ERROR = "{path}, line {line}: unreadable CSV ({error})."


def sniff_encoding(path: Path) -> tuple[str, int]:
    """The encoding to read `path` with, and how many lines it has (for the progress bar).

    UTF-8 (with or without BOM) first; a file that is not valid UTF-8 is cp1252 (what Excel writes
    on Windows), and one with bytes cp1252 leaves undefined is latin-1, which decodes anything.
    """
    with open(path, "rb") as fh:
        head = fh.read(4)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", _count_lines(path)
    for encoding in ("utf-8", "cp1252"):
        lines = _decoded_lines(path, encoding)
        if lines is None:
            continue
        if encoding == "utf-8" and head.startswith(codecs.BOM_UTF8):
            return "utf-8-sig", lines
        return encoding, lines
    return "latin-1", _count_lines(path)


def _decoded_lines(path: Path, encoding: str) -> int | None:
    """How many lines `path` has if it decodes as `encoding`, else None."""
    decoder = codecs.getincrementaldecoder(encoding)()
    lines = 0
    try:
        with open(path, "rb") as fh:
            while chunk := fh.read(1 << 20):
                decoder.decode(chunk)
                lines += chunk.count(b"\n")
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return None
    return lines


def _count_lines(path: Path) -> int:
    with open(path, "rb") as fh:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 20), b""))


def sniff_delimiter(header_line: str) -> str:
    """Comma unless the header clearly uses semicolons or tabs (Excel in some locales)."""
    counts = {d: header_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=counts.__getitem__)
    return best if counts[best] > counts[","] else ","


class Header(list[str]):
    """A file's column names, and how the file was read: `shape` is "csv", "headerless" (GED
    names given to a file without a header row), "monadic" (ACLED's actor rows joined),
    "acled-json", "ucdp-json" or "json"; `delimiter` is the CSV's ("" for JSON).

    `records_again()` reads the file's records once more (a format decides a file-wide matter,
    such as the order of its numeric dates, from them).
    """

    def __init__(
        self,
        names: Iterable[str],
        *,
        shape: str = "csv",
        delimiter: str = ",",
        again: Callable[[], Iterator[list[str]]] | None = None,
        note: str = "",
    ):
        super().__init__(names)
        self.shape = shape
        self.delimiter = delimiter
        self.note = note  # what the summary must add about the file (json_records.UCDP_PART)
        self._again = again

    def records_again(self) -> Iterator[list[str]]:
        return self._again() if self._again is not None else iter(())

    def column_values(self, *names: str) -> Iterator[str]:
        """Every stripped value of these columns, record after record."""
        lowered = [name.strip().lower() for name in self]
        at = [lowered.index(name) for name in names if name in lowered]
        for values in self.records_again():
            for index in at:
                if index < len(values):
                    yield values[index].strip()


class RecordList:
    """Records already read (JSON, joined monadic rows) as a csv reader gives them: iterating
    yields each record's cells, `line_num` makes numbered() report each at its own line."""

    def __init__(self, records: list[tuple[int, list[str]]]):
        self.records = records
        self.line_num = records[0][0] - 1 if records else 0

    def __iter__(self) -> Iterator[list[str]]:
        for index, (_, values) in enumerate(self.records):
            following = index + 1
            if following < len(self.records):
                self.line_num = self.records[following][0] - 1
            yield values


@contextmanager
def csv_open(path: Path, encoding: str) -> Iterator[tuple[Any, Header]]:
    """(a reader positioned after the header, the header) of the file."""
    with open(path, encoding=encoding, newline="") as fh:
        first = fh.readline()
        if not first.strip():
            raise ImportFailed(EMPTY_FILE.format(path=path))
        if looks_like_json(first):
            yield _json_open(path, encoding)
            return
        delimiter = sniff_delimiter(first)
        fh.seek(0)
        reader = csv.reader(fh, delimiter=delimiter)
        try:
            names = next(reader)
        except csv.Error as exc:
            raise ImportFailed(CSV_ERROR.format(path=path, line=1, error=exc)) from exc

        def again() -> Iterator[list[str]]:
            with open(path, encoding=encoding, newline="") as again_fh:
                rows = csv.reader(again_fh, delimiter=delimiter)
                if not ged_names:
                    next(rows, None)
                try:
                    yield from rows
                except csv.Error:
                    return  # the import itself reports it, with its line

        ged_names = headerless_ged(names)
        if ged_names:
            fh.seek(0)
            reader = csv.reader(fh, delimiter=delimiter)
            yield reader, Header(ged_names, shape="headerless", delimiter=delimiter, again=again)
            return
        if is_monadic({name.strip().lower() for name in names}):
            joined = monadic_join(names, records(reader, path))
            header = Header(
                monadic_header(names),
                shape="monadic",
                delimiter=delimiter,
                again=lambda: (values for _, values in joined),
            )
            yield RecordList(joined), header
            return
        yield reader, Header(names, delimiter=delimiter, again=again)


def _json_open(path: Path, encoding: str) -> tuple[RecordList, Header]:
    """An API response saved as JSON: for JSON, "line" N is the Nth record."""
    shape, names, rows, note = json_load(path, encoding)
    header = Header(names, shape=shape, delimiter="", again=lambda: iter(rows), note=note)
    return RecordList(list(enumerate(rows, start=1))), header


def numbered(reader: Any) -> Iterator[tuple[int, list[str]]]:
    """(line the record starts on, fields) for each non-blank record."""
    previous = reader.line_num
    for values in reader:
        start = previous + 1
        previous = reader.line_num
        if not values or (len(values) == 1 and not values[0].strip()):
            continue
        yield start, values


def records(reader: Any, path: Path) -> Iterator[tuple[int, list[str]]]:
    """numbered(reader), with unreadable CSV an ImportFailed naming the line."""
    rows = numbered(reader)
    while True:
        try:
            yield next(rows)
        except StopIteration:
            return
        except csv.Error as exc:
            raise ImportFailed(
                CSV_ERROR.format(path=path, line=reader.line_num, error=exc)
            ) from exc
