"""Dates in news text, resolved against the report's publication date.

Reports date events relative to the day they were written ("on Wednesday", "last week",
"in late December"). dateparser resolves explicit dates ("Jan 18, 2017", "July 15") with the
publication date as its base; the relative expressions news prefers are our own rules, because
dateparser reads "on Wednesday" written on a Wednesday as the week before, and has no notion of
"late December" or "since September". A month named without a year is the latest such month not
after publication. Each span carries ACLED's time precision: a day, within a week, within a month.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import dateparser

from events.domain.vocabulary import DAY, MONTH, WEEK
from events.ingest.numbers import DATE_COUNT_WORDS, words_pattern
from events.ingest.spans import SpanIndex
from events.ingest.text import MONTH_PATTERN, WEEKDAY_PATTERN

MONTHS = {
    name.lower(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
}
MONTHS["sept"] = 9
WEEKDAYS = {calendar.day_name[i].lower(): i for i in range(7)}

# A month's name or abbreviation, a weekday's: the patterns every rule about dates shares.
_NUM = rf"(?:\d{{1,2}}|{words_pattern(DATE_COUNT_WORDS)})"
_PART_OF_DAY = r"(?:\s+(?:morning|afternoon|evening|night))?"

# Each rule: name, pattern. Earlier rules win where matches overlap.
_RULES: list[tuple[str, re.Pattern[str]]] = [
    (
        "explicit",
        re.compile(
            rf"\b(?:{WEEKDAY_PATTERN},?\s+)?(?:{MONTH_PATTERN}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
            rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH_PATTERN},?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})\b"
        ),
    ),
    (
        "part_of_month",
        re.compile(
            rf"\b(?P<part>(?i:early|mid|late|the\s+end\s+of|end\s+of|the\s+beginning\s+of|"
            rf"beginning\s+of|the\s+start\s+of|start\s+of))[-\s]+(?P<month>{MONTH_PATTERN})"
            rf"(?:\s+(?P<year>\d{{4}})|\s+(?P<lastyear>last\s+year))?\b"
        ),
    ),
    (
        "since_month",
        re.compile(rf"\bsince\s+(?P<month>{MONTH_PATTERN})(?:\s+(?P<year>\d{{4}}))?\b", re.I),
    ),
    (
        "month_day",
        re.compile(
            rf"\b(?:(?P<month>{MONTH_PATTERN})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?"
            rf"|(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month2>{MONTH_PATTERN}))\b(?!\s*\d)"
        ),
    ),
    (
        "month",
        re.compile(
            rf"\b(?:(?P<prep>in|during|last|next|since|of|by|until|throughout)\s+)?"
            rf"(?P<month>{MONTH_PATTERN})(?:\s+(?P<year>\d{{4}})|\s+(?P<lastyear>last\s+year))?\b",
        ),
    ),
    (
        "less_than_a_week",
        re.compile(
            r"\b(?:less\s+than\s+a\s+week\s+(?:ago|after|before|earlier)|earlier\s+this\s+week)\b",
            re.I,
        ),
    ),
    ("week", re.compile(r"\b(?P<which>last|this|next|past)\s+week\b", re.I)),
    (
        "weekend",
        re.compile(
            r"\b(?:(?P<which>last|this|next|over\s+the|at\s+the|on\s+the)\s+)?weekend\b", re.I
        ),
    ),
    (
        "past_hours",
        re.compile(r"\b(?:in|over|during)\s+the\s+(?:past|last)\s+(?P<n>24|48)\s+hours\b", re.I),
    ),
    ("month_rel", re.compile(r"\b(?P<which>last|this|next|past)\s+month\b", re.I)),
    (
        "ago",
        re.compile(rf"\b(?P<n>{_NUM})\s+(?P<unit>days?|weeks?|months?)\s+ago\b", re.I),
    ),
    (
        "past_n",
        re.compile(
            rf"\b(?:in|over|during)\s+the\s+(?:past|last)\s+(?P<n>{_NUM})\s+(?P<unit>days|weeks)\b",
            re.I,
        ),
    ),
    (
        "weekday",
        re.compile(
            rf"\b(?:(?P<which>last|next|this|on)\s+)?(?P<day>{WEEKDAY_PATTERN}){_PART_OF_DAY}\b"
        ),
    ),
    ("yesterday", re.compile(r"\b(?:yesterday|last\s+night|overnight)\b", re.I)),
    ("today", re.compile(r"\b(?:today|this\s+(?:morning|afternoon|evening)|tonight)\b", re.I)),
]
# Words before a date that put it ahead of publication ("talks are to resume on March 7").
_FUTURE = re.compile(
    r"\b(?:will|shall|to\s+be\s+held|to\s+begin|to\s+start|to\s+resume|due\s+to|due|"
    r"scheduled|expected\s+to|hopes?\s+to|plans?\s+to|planned|is\s+to|are\s+to|upcoming|"
    r"coming)\b",
    re.I,
)
# "May" and "March" are also a verb and a modal: accept them only with a preposition or a year.
_AMBIGUOUS_MONTHS = {"may", "march", "mar", "jan", "sun", "sat", "wed"}


@dataclass(frozen=True)
class DateSpan:
    """When something happened: a day, or a span, with ACLED's time precision."""

    start: dt.date
    end: dt.date | None
    precision: int
    text: str = ""
    offset: int = -1
    offset_end: int = -1
    rule: str = "publication"

    @property
    def last(self) -> dt.date:
        return self.end or self.start

    def overlaps(self, other: DateSpan) -> bool:
        return self.start <= other.last and other.start <= self.last

    def as_dict(self) -> dict:
        return {
            "date": self.start.isoformat(),
            "end_date": self.end.isoformat() if self.end else None,
            "precision": self.precision,
            "text": self.text,
            "rule": self.rule,
        }


# (start, end, precision): a day has no end.
Resolved = tuple[dt.date, dt.date | None, int]


def _span(start: dt.date, end: dt.date, precision: int | None = None) -> Resolved:
    """Normalise: a one-day span has no end; precision follows the span's length if not given."""
    if end < start:
        end = start
    days = (end - start).days + 1
    if precision is None:
        precision = DAY if days == 1 else WEEK if days <= 7 else MONTH
    return start, (None if days == 1 else end), precision


def _month_range(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def _latest_month(month: int, published: dt.date) -> int:
    """The year of the latest such month not after publication."""
    return published.year if month <= published.month else published.year - 1


def _number(word: str) -> int:
    return int(word) if word.isdigit() else DATE_COUNT_WORDS[word.lower()]


def _week_of(day: dt.date) -> tuple[dt.date, dt.date]:
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)


@lru_cache(maxsize=4096)
def _dateparser(text: str, base: dt.date) -> dt.date | None:
    parsed = dateparser.parse(
        text,
        languages=["en"],
        settings={
            "RELATIVE_BASE": dt.datetime(base.year, base.month, base.day),
            "PREFER_DATES_FROM": "past",
            "PREFER_DAY_OF_MONTH": "first",
            "REQUIRE_PARTS": ["day", "month"],
        },
    )
    return parsed.date() if parsed else None


def _resolve_explicit(m: re.Match[str], published: dt.date, future: bool) -> Resolved | None:
    day = _dateparser(re.sub(r"(\d)(st|nd|rd|th)", r"\1", m.group()), published)
    return _span(day, day) if day else None


def _resolve_month_day(m: re.Match[str], published: dt.date, future: bool) -> Resolved | None:
    g = m.groupdict()
    month = MONTHS[(g["month"] or g["month2"]).lower().rstrip(".")]
    day = int(g["day"] or g["day2"])
    year = _latest_month(month, published)
    try:
        date = dt.date(year, month, day)
    except ValueError:
        return None
    if date > published:
        date = date.replace(year=year - 1)
    if future and date < published:
        date = date.replace(year=date.year + 1)
    return _span(date, date)


def _named_month_year(
    g: dict[str, str | None], month: int, prep: str, published: dt.date, future: bool
) -> int:
    """The year of a month named in the text: given, "last year", or inferred from publication."""
    year = g.get("year")
    if year:
        return int(year)
    if g.get("lastyear"):
        return published.year - 1
    if prep == "next" or (future and month > published.month and prep != "last"):
        return published.year if month > published.month else published.year + 1
    if prep == "last" and month == published.month:
        return published.year - 1
    return _latest_month(month, published)


def _part_of_month(part: str, first: dt.date, last: dt.date) -> tuple[dt.date, dt.date]:
    """Early is the 1st to the 10th, mid the 11th to the 20th, late or end the 21st on."""
    if part == "early" or "beginning" in part or "start" in part:
        return first, first.replace(day=10)
    if part == "mid":
        return first.replace(day=11), first.replace(day=20)
    return first.replace(day=21), last


def _named_month(rule: str, m: re.Match[str], published: dt.date, future: bool) -> Resolved | None:
    """The rules that name a month: "in December", "late December", "since September"."""
    g = m.groupdict()
    word = m.group("month").lower().rstrip(".")
    prep = (g.get("prep") or "").lower()
    if rule == "month" and word in _AMBIGUOUS_MONTHS and not (prep or g.get("year")):
        return None
    if rule == "month" and prep == "since":
        rule = "since_month"
    month = MONTHS[word]
    first, last = _month_range(_named_month_year(g, month, prep, published, future), month)
    if rule == "since_month":
        return _span(first, max(first, published), MONTH)
    if rule == "part_of_month":
        first, last = _part_of_month(m.group("part").lower(), first, last)
    return _span(first, last, MONTH)


def _resolve_month(m: re.Match[str], published: dt.date, future: bool) -> Resolved | None:
    return _named_month("month", m, published, future)


def _resolve_part_of_month(m: re.Match[str], published: dt.date, future: bool) -> Resolved | None:
    return _named_month("part_of_month", m, published, future)


def _resolve_since_month(m: re.Match[str], published: dt.date, future: bool) -> Resolved | None:
    return _named_month("since_month", m, published, future)


def _resolve_less_than_a_week(
    m: re.Match[str], published: dt.date, future: bool
) -> Resolved | None:
    return _span(published - dt.timedelta(days=6), published - dt.timedelta(days=1), WEEK)


def _resolve_week(m: re.Match[str], published: dt.date, future: bool) -> Resolved | None:
    which = m.group("which").lower()
    if which == "past":
        return _span(published - dt.timedelta(days=6), published, WEEK)
    shift = {"last": -7, "this": 0, "next": 7}[which]
    monday, sunday = _week_of(published + dt.timedelta(days=shift))
    return _span(monday, sunday if which != "this" else published, WEEK)


def _resolve_weekend(m: re.Match[str], published: dt.date, future: bool) -> Resolved | None:
    """The Saturday and Sunday: the last one up to publication ("over the weekend", "last
    weekend" written on a Monday), the coming one for "next" or a future sentence; ACLED's
    "specific week or weekend" precision."""
    which = (m.group("which") or "").lower()
    saturday = published - dt.timedelta(days=(published.weekday() - 5) % 7)
    if which == "next" or (future and which in {"", "this"} and published.weekday() < 5):
        saturday += dt.timedelta(days=7)
    elif which == "last" and published.weekday() >= 5:
        saturday -= dt.timedelta(days=7)
    sunday = saturday + dt.timedelta(days=1)
    return _span(saturday, min(sunday, published) if saturday <= published else sunday, WEEK)


def _resolve_past_hours(m: re.Match[str], published: dt.date, future: bool) -> Resolved | None:
    days = int(m.group("n")) // 24
    return _span(published - dt.timedelta(days=days), published, WEEK)


def _resolve_month_rel(m: re.Match[str], published: dt.date, future: bool) -> Resolved | None:
    which = m.group("which").lower()
    if which == "past":
        return _span(published - dt.timedelta(days=30), published, MONTH)
    year, month = published.year, published.month + {"last": -1, "this": 0, "next": 1}[which]
    year, month = (year - 1, 12) if month == 0 else (year + 1, 1) if month == 13 else (year, month)
    first, last = _month_range(year, month)
    return _span(first, min(last, published) if which == "this" else last, MONTH)


def _resolve_ago(m: re.Match[str], published: dt.date, future: bool) -> Resolved | None:
    n, unit = _number(m.group("n")), m.group("unit").lower().rstrip("s")
    if unit == "day":
        day = published - dt.timedelta(days=n)
        return _span(day, day)
    if unit == "week":
        return _span(*_week_of(published - dt.timedelta(days=7 * n)), WEEK)
    month_index = published.year * 12 + published.month - 1 - n
    return _span(*_month_range(month_index // 12, month_index % 12 + 1), MONTH)


def _resolve_past_n(m: re.Match[str], published: dt.date, future: bool) -> Resolved | None:
    n, unit = _number(m.group("n")), m.group("unit").lower()
    days = n * (7 if unit.startswith("week") else 1)
    return _span(published - dt.timedelta(days=days - 1), published)


def _resolve_weekday(m: re.Match[str], published: dt.date, future: bool) -> Resolved | None:
    word = m.group("day").lower()
    which = (m.group("which") or "").lower()
    if word in _AMBIGUOUS_MONTHS and not which:
        return None
    target = next(i for name, i in WEEKDAYS.items() if name.startswith(word))
    back = (published.weekday() - target) % 7
    if which == "next" or (future and which in {"", "on"} and back):
        day = published + dt.timedelta(days=(target - published.weekday()) % 7 or 7)
    elif which == "last" and back == 0:
        day = published - dt.timedelta(days=7)
    else:
        day = published - dt.timedelta(days=back)
    return _span(day, day)


def _resolve_yesterday(m: re.Match[str], published: dt.date, future: bool) -> Resolved | None:
    day = published - dt.timedelta(days=1)
    return _span(day, day)


def _resolve_today(m: re.Match[str], published: dt.date, future: bool) -> Resolved | None:
    return _span(published, published)


# One resolver per rule of _RULES: (match, publication date, future?) -> span, or None when the
# match is no date after all.
_RESOLVERS: dict[str, Callable[[re.Match[str], dt.date, bool], Resolved | None]] = {
    "explicit": _resolve_explicit,
    "part_of_month": _resolve_part_of_month,
    "since_month": _resolve_since_month,
    "month_day": _resolve_month_day,
    "month": _resolve_month,
    "less_than_a_week": _resolve_less_than_a_week,
    "week": _resolve_week,
    "weekend": _resolve_weekend,
    "past_hours": _resolve_past_hours,
    "month_rel": _resolve_month_rel,
    "ago": _resolve_ago,
    "past_n": _resolve_past_n,
    "weekday": _resolve_weekday,
    "yesterday": _resolve_yesterday,
    "today": _resolve_today,
}


def _resolve(
    rule: str, m: re.Match[str], published: dt.date, future: bool = False
) -> Resolved | None:
    """(start, end, precision) for one match, or None when it is no date after all.

    `future`: the sentence speaks of what is to come, so a month or weekday without a year or
    "next"/"last" is the next one, not the latest past one."""
    resolver = _RESOLVERS.get(rule)
    if resolver is None:
        raise AssertionError(rule)
    return resolver(m, published, future)


def dates_find(
    text: str, published: dt.date, start: int = 0, end: int | None = None
) -> list[DateSpan]:
    """Every date expression in text[start:end], resolved, in text order, none overlapping."""
    end = len(text) if end is None else end
    taken = SpanIndex()
    found: list[DateSpan] = []
    for rule, pattern in _RULES:
        # One rule's matches never overlap each other: only earlier rules' are checked.
        mine: list[tuple[int, int]] = []
        for m in pattern.finditer(text, start, end):
            if taken.overlaps(m.start(), m.end()):
                continue
            lead = text[max(start, m.start() - 80) : m.start()]
            lead = re.split(r"[.;!?]", lead)[-1]
            resolved = _resolve(rule, m, published, future=bool(_FUTURE.search(lead)))
            if resolved is None:
                continue
            first, last, precision = resolved
            mine.append((m.start(), m.end()))
            if rule == "explicit" and _in_dateline(text, m):
                continue  # the report's own date, which publication already is
            found.append(DateSpan(first, last, precision, m.group(), m.start(), m.end(), rule))
        taken.extend(mine)
    found.sort(key=lambda d: d.offset)
    return _overnight_bound(text, _sequels_find(text, start, end, found, taken))


# A dateline or byline date: the line before it names only a source ("Reuters, ", "by Naharnet
# Newsdesk ", "JOHN DOE | ") and after it come only a time, a zone, a credit and the dash,
# colon or line end that opens the story ("Reuters, May 11, 2016 - Despite ...").
_DATELINE_LEAD_WORDS = {"by", "and", "the", "of", "updated", "published", "posted", "on", "at"}
_DATELINE_TAIL = re.compile(
    r"[\s,]*(?:\d{1,2}[:.]\d{2}\s*(?:[AaPp]\.?[Mm]\.?)?\s*)?(?:[A-Z]{2,4}\b)?\s*"
    r"(?:\([^)\n]{1,24}\))?\s*(?:[\u2013\u2014-]|:|\||\n|$)"
)


def _in_dateline(text: str, m: re.Match[str]) -> bool:
    line_start = text.rfind("\n", 0, m.start()) + 1
    lead = text[line_start : m.start()]
    if len(lead) > 80 or not _DATELINE_TAIL.match(text, m.end()):
        return False
    words = re.findall(r"[A-Za-z]+", lead)
    return all(w[0].isupper() or w.lower() in _DATELINE_LEAD_WORDS for w in words)


# A day told from the one before it: "The following day, the junta retaliated", "two days
# later", "a day earlier". Relative to the last day the report's story has reached, not to
# publication; with no such day before it, it is no date we can resolve.
_SEQUEL = re.compile(
    rf"\b(?:(?:on\s+)?the\s+(?P<next>following|next)\s+(?:day|morning|afternoon|evening|night)"
    rf"|(?:on\s+)?the\s+(?P<prev>previous|preceding)\s+day"
    rf"|(?P<n>{_NUM})\s+days?\s+(?P<dir>later|earlier))\b",
    re.I,
)


def _sequel_shift(m: re.Match[str]) -> int:
    if m.group("next"):
        return 1
    if m.group("prev"):
        return -1
    n = _number(m.group("n"))
    return n if m.group("dir").lower() == "later" else -n


def _story_day(text: str, d: DateSpan) -> bool:
    """A day-precise date that is when something happened, not when someone said so."""
    return (
        d.precision == DAY
        and d.rule != "publication"
        and not REPORTED_ON.search(text[max(0, d.offset - 40) : d.offset])
    )


def _sequels_find(
    text: str, start: int, end: int, found: list[DateSpan], taken: SpanIndex
) -> list[DateSpan]:
    """`found` with each sequel day added, counted from the last story day before it (a sequel
    is one too: "The next day ... Two days later"). One walk through both, in text order."""
    out: list[DateSpan] = []
    i, last = 0, None
    for m in _SEQUEL.finditer(text, start, end):
        if taken.overlaps(m.start(), m.end()):
            continue
        while i < len(found) and found[i].offset < m.start():
            last = found[i] if _story_day(text, found[i]) else last
            out.append(found[i])
            i += 1
        if last is None:
            continue
        day = last.start + dt.timedelta(days=_sequel_shift(m))
        last = DateSpan(day, None, DAY, m.group(), m.start(), m.end(), "sequel")
        out.append(last)
    return out + found[i:]


_SENTENCE_BREAK = re.compile(r"[.!?;\n]")
# "a military official told Xinhua on Tuesday": the day it was said, not the night it happened.
REPORTED_ON = re.compile(
    r"\b(?:said|says|told|tells|reported|reports|announced|stated|confirmed|added)\b"
    r"(?:\s+[\w'\u2019-]+){0,3}\s*$",
    re.I,
)


def night_spans(night: DateSpan, day: DateSpan) -> bool:
    """Is `night` an "overnight" or "last night" whose small hours are `day` ("shelled the city
    overnight" in Sunday's report, and "on the night of October 11"): one night across two
    dates, the later one where a report fixes it."""
    if night.text.lower() not in {"overnight", "last night"} or night.precision != DAY:
        return False
    return day.precision == DAY and day.start == night.last + dt.timedelta(days=1)


def _overnight_bound(text: str, found: list[DateSpan]) -> list[DateSpan]:
    """ "Overnight" is the night before publication unless its sentence names a day ("overnight
    on Saturday", "on Saturday ... overnight"): then it is the night of that day, unless that day
    is when someone said so ("told Xinhua on Tuesday")."""
    out = list(found)
    for i, d in enumerate(found):
        if d.text.lower() != "overnight":
            continue
        near = [
            other
            for other in found[max(0, i - 3) : i + 4]
            if other is not d
            and other.precision == DAY
            and other.rule not in {"yesterday", "today"}
            and not _SENTENCE_BREAK.search(
                text, min(d.offset_end, other.offset_end), max(d.offset, other.offset)
            )
            and not REPORTED_ON.search(text[max(0, other.offset - 40) : other.offset])
        ]
        if near:
            day = min(near, key=lambda o: abs(o.offset - d.offset))
            out[i] = DateSpan(day.start, None, DAY, d.text, d.offset, d.offset_end, "overnight")
    return out


def dateline_find(text: str, *, head_chars: int = 1500) -> dt.date | None:
    """The first explicit full date near the top of a report ("Wed Jan 18, 2017 2:49PM")."""
    m = _RULES[0][1].search(text, 0, min(len(text), head_chars))
    if not m:
        return None
    return _dateparser(re.sub(r"(\d)(st|nd|rd|th)", r"\1", m.group()), dt.date.today())


def publication_default(published: dt.date) -> DateSpan:
    """An event the report gives no date for: reported as recent, within the week of publication."""
    return DateSpan(published, None, WEEK, rule="publication")
