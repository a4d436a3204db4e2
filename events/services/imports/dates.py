"""Dates as the datasets have written them over the years, read per file.

ACLED has written `2017-01-18` (since 2023), `18 January 2017` (the 2021-2023 exports), and
`18-January-2017` (the early files); its 2019-2021 API export, opened and saved again in Excel,
comes back as `9-May-20`, and a continental Excel writes `18/01/2017` or `18.01.2017`. UCDP
writes `2017-01-18 00:00:00.000` (CSV) and `2017-01-18T00:00:00` (API).

A date like `03/04/2017` says nothing about whether the day or the month comes first. A file
speaks one order throughout, so the order is decided once per FILE, from the values that can
only be read one way (`25/01/2017` is day-first); when the file has none (or has both kinds),
each value that could be read both ways is a bad row naming its line and column: never a guess.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable

NOT_A_DATE = "not a date: use 2017-01-18, 18 January 2017, 18-January-2017, 9-May-20 or 18/01/2017"
AMBIGUOUS_DATE = (
    "ambiguous date: {first} or {second}, and no date in the file has a day above 12 to tell "
    "whether it writes the day or the month first"
)
MIXED_ORDER_DATE = (
    "ambiguous date: {first} or {second}, and the file has dates written day-first and month-first"
)

_TIME = r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
_ISO = re.compile(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})" + _TIME)
_TEXT = re.compile(r"(\d{1,2})[ -]([A-Za-z]+)\.?,?[ -](\d{4}|\d{2})" + _TIME)
_NUMERIC = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})" + _TIME)
MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
DAY_FIRST, MONTH_FIRST = "day-first", "month-first"


def full_year(text: str) -> int:
    """A four-digit year; a two-digit one as POSIX reads it (69-99 the 1900s, 00-68 the 2000s):
    ACLED's data begin in 1997."""
    year = int(text)
    if len(text) == 2:
        year += 1900 if year >= 69 else 2000
    return year


def parse_date(value: str) -> dt.date:
    """A date whose form tells how to read it: ISO (a time part is ignored), or a month
    written as a word. Numeric day/month dates need their file's order: FileDates."""
    date = _DATES.get(value)
    if date is None:
        date = _unambiguous(value)
        if len(_DATES) < 100_000:
            _DATES[value] = date
    return date


_DATES: dict[str, dt.date] = {}


def _unambiguous(value: str) -> dt.date:
    try:
        match = _ISO.fullmatch(value)
        if match:
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        match = _TEXT.fullmatch(value)
        if match and match[2].lower() in MONTHS:
            return dt.date(full_year(match[3]), MONTHS[match[2].lower()], int(match[1]))
    except ValueError:
        pass
    raise ValueError(NOT_A_DATE)


def numeric_order(value: str) -> str | None:
    """DAY_FIRST or MONTH_FIRST when a numeric date can only be read one way; None for
    anything else (an ambiguous one, or not a numeric date)."""
    match = _NUMERIC.fullmatch(value)
    if not match or match[2] == ".":  # dots: day-first wherever they are written
        return None
    first, second = int(match[1]), int(match[3])
    if first > 12 >= second:
        return DAY_FIRST
    if second > 12 >= first:
        return MONTH_FIRST
    return None


def file_order(values: Iterable[str]) -> set[str]:
    """The orders the unambiguous numeric dates among `values` speak for."""
    orders: set[str] = set()
    for value in values:
        if "/" in value or value[2:3] == "-" or value[1:2] == "-":
            order = numeric_order(value)
            if order:
                orders.add(order)
                if len(orders) == 2:
                    break
    return orders


def _readable(day: int, month: int, year: int) -> str:
    try:
        date = dt.date(year, month, day)
    except ValueError:
        return "no date"
    return f"{date.day} {date:%B %Y}"


class FileDates:
    """One file's date parser: `parse_date`, plus numeric day/month dates in the order the
    file's own unambiguous values show.

    `values` is called only when the first numeric date turns up (most files have none), and
    returns every date cell of the file, to decide the order from.
    """

    def __init__(self, values: Callable[[], Iterable[str]]):
        self._values = values
        self.orders: set[str] | None = None
        self.seen_numeric = False

    @property
    def order(self) -> str | None:
        """DAY_FIRST or MONTH_FIRST once decided, else None."""
        if self.orders is not None and len(self.orders) == 1:
            return next(iter(self.orders))
        return None

    def __call__(self, value: str) -> dt.date:
        date = _DATES.get(value)  # the common case, a date seen before, without a call
        if date is not None:
            return date
        try:
            return parse_date(value)
        except ValueError:
            match = _NUMERIC.fullmatch(value)
            if not match:
                raise
        self.seen_numeric = True
        first, second, year = int(match[1]), int(match[3]), full_year(match[4])
        try:
            if match[2] == "." or first > 12 or first == second:
                return dt.date(year, second, first)
            if second > 12:
                return dt.date(year, first, second)
        except ValueError:
            raise ValueError(NOT_A_DATE) from None
        return self._by_file_order(first, second, year)

    def _by_file_order(self, first: int, second: int, year: int) -> dt.date:
        if self.orders is None:
            self.orders = file_order(self._values())
        order = self.order
        try:
            if order == DAY_FIRST:
                return dt.date(year, second, first)
            if order == MONTH_FIRST:
                return dt.date(year, first, second)
        except ValueError:
            raise ValueError(NOT_A_DATE) from None
        message = MIXED_ORDER_DATE if self.orders else AMBIGUOUS_DATE
        raise ValueError(
            message.format(
                first=_readable(first, second, year), second=_readable(second, first, year)
            )
        )
