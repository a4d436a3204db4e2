"""Name normalisation shared by actor aliases and the gazetteer.

Two keys, both applied alike to the gazetteer's names and to the words of a report:

- `normalize_name`, the exact key: case, accents, punctuation, apostrophes, ʿayn and hamza and
  hyphens folded, and the Arabic article in its many transliterations dropped as a word
  ("al-Bab", "Al Bab", "el-Bab"; "Deir ez-Zor", "Deir al-Zour"). Actor aliases are stored by it.
- `skeleton`, the fallback key: what is left of a name once the usual romanisation alternations
  are folded by rule (vowels and their length, doubled letters, fused articles, k/q, dj/j, kh/h,
  ph/hp, final -h, qualifiers such as "Velyka" or "Upper"). It collides far more often than the
  exact key, so it is only ever consulted within the countries a report is about.
"""

import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii

# Transliterations of the Arabic article (with its sun-letter assimilations) that name spellings
# differ by. Dropped as whole words when more words follow, so "Al Bab" and "Bab" meet.
ARTICLES = frozenset("al el ul ar er az ez as es ash esh ad ed at et an en ath adh".split())
# Words qualifying a place that reports often leave out ("Novosilka" for "Velyka Novosilka"):
# English, Ukrainian/Russian (great/small, upper/lower, new/old) and French ones.
QUALIFIERS = frozenset(
    """great little upper lower new old greater velyka velykyi velyki velykyy mala malyi maly
    malaya bolshaya bolshoy bolshoi nizhniy nizhnii nizhnyi nizhnya nizhnyaya verkhniy verkhnii
    verkhnya verkhnyaya novyi novyy novaya nova novo staryi staryy staraya stara haut haute bas
    basse grand grande petit petite""".split()
)
_NON_WORD = re.compile(r"[^a-z0-9]+")
# Apostrophe-like marks that stand for ʿayn, hamza or an elision: removed, not spaced.
_MARKS = str.maketrans("", "", ".'\u2019\u2018\u02bf\u02be\u02bb\u02bc`\u00b4")
# A fused Arabic article: "Alhasakah", "Arraqqa" (ar + raqqa), "Assuwayda", "Ashshaykh".
_FUSED_ARTICLE = re.compile(r"^(?:[ae]l(?=[a-z]{4})|[ae](?P<sun>sh|th|dh|[rsdztn])(?=(?P=sun)))")


def fold(text: str) -> str:
    """Lower-case ASCII words separated by single spaces: accents, quotes and hyphens gone."""
    if text.isascii():  # most names: nothing to decompose
        return _NON_WORD.sub(" ", text.translate(_MARKS).lower()).strip()
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).translate(_MARKS)
    if not text.isascii():
        # Letters NFKD leaves alone (dotless i, l with stroke) and other scripts, as ASCII.
        text = anyascii(text).translate(_MARKS)
    return _NON_WORD.sub(" ", text.lower()).strip()


def is_latin(text: str) -> bool:
    """Is every letter of `text` in the Latin script ("État islamique" is, "داعش" is not)?"""
    return text.isascii() or all(
        not c.isalpha() or unicodedata.name(c, "").startswith("LATIN") for c in text
    )


@lru_cache(maxsize=1 << 16)  # a report, an import, the gazetteer meet the same names again
def normalize_name(text: str) -> str:
    """The key two spellings of one name share: folded, with Arabic articles removed."""
    words = fold(text).split()
    kept = [w for w in words if w not in ARTICLES]
    return " ".join(kept or words)


# Letter groups that romanisations of one sound differ by, in the order they are applied.
_CONSONANTS = [
    (re.compile(r"tch"), "ch"),  # French "Tchad"
    (re.compile(r"dj"), "j"),  # French "Djibouti", "Djebel"
    (re.compile(r"ou(?=[aeiy])"), "w"),  # French "Naoua" = Nawa
    (re.compile(r"hp|ph"), "p"),  # Burmese aspirates: "Hpakant" / "Phakant"
    (re.compile(r"ht|th"), "t"),
    (re.compile(r"hk|kh"), "k"),
    (re.compile(r"gh"), "g"),
    (re.compile(r"dh"), "d"),
    (re.compile(r"q|ck|c(?!h)"), "k"),  # k/q; French "Tombouctou"
    (re.compile(r"(?<=[aeiouy])h(?![aeiouy])"), ""),  # final or pre-consonant h: Hamah / Hama
]
_VOWELS = re.compile(r"[aeiouy]+")
_DOUBLED = re.compile(r"([a-z])\1+")
SKELETON_MIN = 4  # shorter skeletons match too much to be worth a guess


def skeleton(text: str) -> str:
    """The fallback key: spelling alternations folded by rule, spaces gone ("" when too short).

    "Ma'arrat an-Nu'man" and "Maarat al-Numan", "Tall ʿAfar" and "Tal Afar", "Idleb" and
    "Idlib", "Alhasakah" and "Al-Hasakah", "Hpakant" and "Phakant", "Novosilka" and "Velyka
    Novosilka" share one."""
    words = normalize_name(text).split()
    kept = [w for w in words if w not in QUALIFIERS] or words
    joined = "".join(_FUSED_ARTICLE.sub("", w) if len(kept) == 1 else w for w in kept)
    for pattern, replacement in _CONSONANTS:
        joined = pattern.sub(replacement, joined)
    joined = _DOUBLED.sub(r"\1", joined)
    joined = _VOWELS.sub("a", joined)
    joined = _DOUBLED.sub(r"\1", joined)
    return joined if len(joined) >= SKELETON_MIN else ""
