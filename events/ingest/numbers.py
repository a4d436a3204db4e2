"""Numbers written as words, one table for every ingest step that reads them: dates ("three
days ago"), distances ("forty kilometers northeast of"), fatalities ("killed twelve"). Each step
takes the words it needs from it, with its own few extras ("a few days", "dozens")."""

from __future__ import annotations

__all__ = ["CARDINALS", "DATE_COUNT_WORDS", "DISTANCE_WORDS", "TOLL_WORDS", "words_pattern"]

CARDINALS: dict[str, int] = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90, "hundred": 100,
}  # fmt: skip


def _words(*values: int) -> dict[str, int]:
    return {w: n for w, n in CARDINALS.items() if n in values}


# "a week ago", "three days ago", "a few days ago": counts of days, weeks and months.
DATE_COUNT_WORDS: dict[str, int] = {
    "a": 1, "an": 1, **_words(*range(1, 13)), "few": 3, "several": 3,
}  # fmt: skip
# "forty kilometers northeast of", "a mile south of".
DISTANCE_WORDS: dict[str, int] = {
    **_words(*range(1, 11), 15, 20, 30, 40, 50, 60, 70, 80, 90, 100), "a": 1,
}  # fmt: skip
# "killed twelve", "a dozen were killed"; "dozens" and "scores" say many, not how many.
TOLL_WORDS: dict[str, int | None] = {
    **_words(*range(1, 21), 30, 40, 50), "a dozen": 12, "dozens": None, "scores": None,
}  # fmt: skip


def words_pattern(words: dict) -> str:
    """The words as a regex alternation, in the table's order; a space matches any space."""
    return "|".join(w.replace(" ", r"\s+") for w in words)
