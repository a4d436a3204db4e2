"""The test datasets (tests/data) and the CSV files tests write from them: ACLED- and UCDP-shaped
files with rows changed, dropped, multiplied or columns left out."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data"
ACLED_SMALL = DATA / "acled_small.csv"
ACLED_BROKEN = DATA / "acled_broken.csv"
UCDP_SMALL = DATA / "ucdp_small.csv"
UCDP_BROKEN = DATA / "ucdp_broken.csv"

Row = dict[str, str]


def csv_rows(path: Path, encoding: str = "utf-8") -> list[Row]:
    """Every row of a CSV file, by its header's names."""
    with open(path, encoding=encoding, newline="") as fh:
        return list(csv.DictReader(fh))


def csv_write(
    path: Path, rows: Iterable[Row], *, columns: list[str] | None = None, delimiter: str = ","
) -> Path:
    """A CSV file of `rows` under `columns` (the first row's keys unless given; other keys are
    left out)."""
    rows = list(rows)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        out = csv.DictWriter(
            fh, columns or list(rows[0]), extrasaction="ignore", delimiter=delimiter
        )
        out.writeheader()
        out.writerows(rows)
    return path


def csv_rewrite(
    src: Path,
    dst: Path,
    change: Callable[[Row], Row | None] | None = None,
    *,
    columns: list[str] | None = None,
) -> Path:
    """A copy of `src` with `change(row)` applied to each row (a row it returns None for is
    dropped), under `columns` if given."""
    rows = csv_rows(src)
    columns = columns or list(rows[0])
    changed = (change(dict(row)) if change else row for row in rows)
    return csv_write(dst, (row for row in changed if row is not None), columns=columns)
