"""Sentences, clauses and tokens, each with character offsets into the report's text.

Every later step points back into the source by offsets, so a curator can see the exact words
an event rests on (`text[quote_start:quote_end] == quote`).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

# Abbreviations whose full stop does not end a sentence.
ABBREVIATIONS = frozenset(
    "mr mrs ms dr gen lt col maj capt sgt cpl pte adm brig cmdr gov sen rep st mt no vs etc "
    "jan feb mar apr jun jul aug sep sept oct nov dec u.s u.n u.k e.g i.e approx est".split()
)
# Month and weekday names, written once for every module that reads dates.
MONTH_PATTERN = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
)
WEEKDAY_PATTERN = (
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Mon|Tue|Wed|Thu|Fri|Sat|Sun)"
)
_TIME_GOES_ON = re.compile(rf"\s+(?:{WEEKDAY_PATTERN}|{MONTH_PATTERN}|GMT|UTC|EST|EDT|IST)(?![\w])")
_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)]*(?=\s+[\"'\u201c\u2018(]?[A-Z0-9])")
_WORD = re.compile(r"[^\W_]+(?:[-\u2010\u2011][^\W_]+)*")
# Where a sentence breaks into clauses that may report different happenings.
_CLAUSE_BREAK = re.compile(
    r",\s+(?=(?:which|who|whom|whose|where|adding|while|whereas|but|after|before|located|some|"
    r"according)\b)|;\s+|\s+as\s+(?=(?:a|an|the)\s+(?:new\s+)?\w+)|,\s+and\s+(?=(?:signed|agreed)\b)"
)

_NEXT_WORD = re.compile(r"\s*(\S+)")


@dataclass(frozen=True, slots=True)
class Token:
    start: int
    end: int
    text: str

    @property
    def is_capitalised(self) -> bool:
        """Starts with a capital, or is an Arabic-article form of one ("al-Bab", "ez-Zor")."""
        if self.text[:1].isupper():
            return True
        head, _, rest = self.text.partition("-")
        return bool(rest) and head.lower() in _ARTICLE_PREFIXES and rest[:1].isupper()


_ARTICLE_PREFIXES = frozenset("al el ad ar as ash az ez an at ath adh ed es er".split())


@dataclass(frozen=True, slots=True)
class Clause:
    start: int
    end: int
    kind: str  # "main", or the word that opened it ("which", "adding", "as" ...)


@dataclass
class Sentence:
    index: int
    start: int
    end: int
    text: str
    tokens: list[Token] = field(default_factory=list)
    clauses: list[Clause] = field(default_factory=list)
    headline: bool = False  # a line of its own without a full stop: a title or a dateline

    def clause_at(self, offset: int) -> Clause:
        for clause in self.clauses:
            if clause.start <= offset < clause.end:
                return clause
        return self.clauses[-1]


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Words (hyphenated words kept whole), apostrophes splitting possessives off."""
    end = len(text) if end is None else end
    return [Token(m.start(), m.end(), m.group()) for m in _WORD.finditer(text, start, end)]


def _is_abbreviation(text: str, dot: int) -> bool:
    word_start = dot
    while word_start > 0 and (text[word_start - 1].isalpha() or text[word_start - 1] == "."):
        word_start -= 1
    word = text[word_start:dot].lower()
    if word in {"a.m", "p.m"}:
        # "at 11 a.m. Thursday", "at 5.20 p.m. local time": the time goes on into its day or
        # zone; before any other capitalised word the sentence ends there.
        return _TIME_GOES_ON.match(text, dot + 1) is not None
    return word in ABBREVIATIONS or len(word) == 1


def _split_line(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans = []
    cursor = start
    for match in _SENTENCE_END.finditer(text, start, end):
        if text[match.start()] == "." and _is_abbreviation(text, match.start()):
            continue
        spans.append((cursor, match.end()))
        cursor = match.end()
    spans.append((cursor, end))
    return spans


def clauses_split(text: str, start: int, end: int) -> list[Clause]:
    clauses = []
    cursor, kind = start, "main"
    for match in _CLAUSE_BREAK.finditer(text, start, end):
        clauses.append(Clause(cursor, match.start(), kind))
        # The word that opens the clause, read in place: slicing the rest of the text per
        # break made splitting quadratic in the report's length.
        word = _NEXT_WORD.match(text, match.end(), end)
        follows = match.group().strip(" ,;").lower()
        kind = follows if follows in {"as", "and"} else (word.group(1).lower() if word else "main")
        cursor = match.end()
    clauses.append(Clause(cursor, end, kind))
    return [c for c in clauses if c.end > c.start]


def sentences_split(text: str) -> list[Sentence]:
    """Sentences with offsets. Lines are hard breaks: headlines and datelines have no full stop."""
    sentences: list[Sentence] = []
    for line in re.finditer(r"[^\n]+", text):
        for a, b in _split_line(text, line.start(), line.end()):
            while a < b and text[a].isspace():
                a += 1
            while b > a and text[b - 1].isspace():
                b -= 1
            if a < b:
                sentence = Sentence(len(sentences), a, b, text[a:b])
                whole_line = (a, b) == (line.start(), line.end()) or not text[a:b].endswith(".")
                sentence.headline = whole_line and text[b - 1] not in ".!?\"'\u201d" and b - a < 200
                sentence.tokens = tokenize(text, a, b)
                sentence.clauses = clauses_split(text, a, b)
                sentences.append(sentence)
    return sentences


def text_checksum(text: str) -> str:
    """The report's SHA-256: the key its Source is found by, so a report is stored once."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
