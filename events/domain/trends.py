"""Trends (Django-free): periods, the previous window, and the change flag in ACLED's style.

`events.selectors.trends` counts; this module says what the counts mean: which period a window
is counted in when none is asked for, which window comes before it, and how much of a change
is a "large increase".
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

TREND_BUCKETS = ("day", "week", "month", "year")
ERR_BUCKET = "Use day, week, month or year, once."

# The change flags, from the largest rise to the largest fall (ACLED's words in its monthly
# "conflict change" overviews: a large increase, an increase, stable, a decrease, a large
# decrease).
LARGE_INCREASE = "large increase"
INCREASE = "increase"
STABLE = "stable"
DECREASE = "decrease"
LARGE_DECREASE = "large decrease"
FLAGS = (LARGE_INCREASE, INCREASE, STABLE, DECREASE, LARGE_DECREASE)

# Thresholds on the ratio current / previous, symmetric on a log scale so that a rise and a fall
# of the same size weigh the same: doubling (x2) is a large increase as halving (x0.5) is a
# large decrease; a quarter more (x1.25) is an increase as a fifth less (x0.8, 1 / 1.25) is a
# decrease. In between is stable.
LARGE_RATIO = 2.0
RATIO = 1.25
# Small counts move a lot by chance: 2 events then 5 is "x2.5" but says nothing. Event counts in
# two windows are roughly Poisson, so the difference of the two has a variance of about their
# sum; a difference within NOISE_SD standard deviations of it (|cur - prev| <= 2 sqrt(cur + prev))
# is stable whatever the ratio. At 100 + 100 events that is +-28, about the 25% threshold.
NOISE_SD = 2.0


def bucket_for_window(
    start: dt.date | None, end: dt.date | None, *, with_years: bool = True
) -> str:
    """The period a window is counted in: days for up to three months, weeks for up to three
    years, months for up to 25 years, years beyond (from a few dozen to ~150 bars). Without
    years (the map's histogram, which has no year bars), months beyond three years."""
    if start is None or end is None:
        return "month"
    days = (end - start).days
    if days <= 92:
        return "day"
    if days <= 3 * 366:
        return "week"
    if days <= 25 * 366 or not with_years:
        return "month"
    return "year"


def previous_window(start: dt.date, end: dt.date) -> tuple[dt.date, dt.date] | None:
    """The window of the same length just before [start, end] (both inclusive); None when it
    would begin before the calendar does (a window from the year 1009 to now)."""
    length = (end - start).days + 1
    if (start - dt.date.min).days < length:
        return None
    return start - dt.timedelta(days=length), start - dt.timedelta(days=1)


@dataclass(frozen=True)
class Change:
    current: int
    previous: int
    difference: int
    percent: float | None  # None when the previous window had none
    flag: str

    def as_dict(self) -> dict:
        return {
            "current": self.current,
            "previous": self.previous,
            "difference": self.difference,
            "percent": self.percent,
            "flag": self.flag,
        }


def change_flag(current: int, previous: int) -> str:
    """The flag for `current` events (or fatalities) against `previous` in a window as long."""
    if abs(current - previous) <= NOISE_SD * math.sqrt(current + previous):
        return STABLE
    if previous == 0:
        return LARGE_INCREASE
    ratio = current / previous
    if ratio >= LARGE_RATIO:
        return LARGE_INCREASE
    if ratio >= RATIO:
        return INCREASE
    if ratio <= 1 / LARGE_RATIO:
        return LARGE_DECREASE
    if ratio <= 1 / RATIO:
        return DECREASE
    return STABLE


def change_between(current: int, previous: int) -> Change:
    percent = round(100 * (current - previous) / previous, 1) if previous else None
    return Change(current, previous, current - previous, percent, change_flag(current, previous))
