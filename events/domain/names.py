"""Name normalisation shared by actor aliases and the gazetteer.

One function folds what differs between spellings of the same name in news and datasets:
case, accents, punctuation and hyphens, and the Arabic article in its many transliterations
("al-Bab", "Al Bab", "el-Bab"; "Deir ez-Zor", "Deir al-Zour").
"""

import re
import unicodedata

# Transliterations of the Arabic article (with its sun-letter assimilations) that name spellings
# differ by. Dropped as whole words when more words follow, so "Al Bab" and "Bab" meet.
ARTICLES = frozenset("al el ul ar er az ez as es ash esh ad ed at et an en ath adh".split())
_NON_WORD = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """Lower-case ASCII words separated by single spaces: accents, quotes and hyphens gone."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = (
        text.replace(".", "")
        .replace("'", "")
        .replace("\u2019", "")
        .replace("\u02bf", "")
        .replace("\u02be", "")
    )
    return _NON_WORD.sub(" ", text.lower()).strip()


def normalize_name(text: str) -> str:
    """The key two spellings of one name share: folded, with Arabic articles removed."""
    words = fold(text).split()
    kept = [w for w in words if w not in ARTICLES]
    return " ".join(kept or words)
