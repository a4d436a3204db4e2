"""Reading an import's CSV file: its encoding and delimiter, its header, and its records with
the line each starts on."""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

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


@contextmanager
def csv_open(path: Path, encoding: str) -> Iterator[tuple[Any, list[str]]]:
    """(a csv reader positioned after the header, the header) of the file."""
    with open(path, encoding=encoding, newline="") as fh:
        first = fh.readline()
        if not first.strip():
            raise ImportFailed(EMPTY_FILE.format(path=path))
        fh.seek(0)
        reader = csv.reader(fh, delimiter=sniff_delimiter(first))
        try:
            header = next(reader)
        except csv.Error as exc:
            raise ImportFailed(CSV_ERROR.format(path=path, line=1, error=exc)) from exc
        yield reader, header


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
