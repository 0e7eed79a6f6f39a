"""How search reads letters: case and Latvian and Lithuanian diacritics ignored ("slaptazodis" finds
"slaptažodis"), Cyrillic letters kept (only ё is read as е). The words of a text or a query: search/analysis.py."""

from __future__ import annotations

import string
import unicodedata
from functools import lru_cache

WORD_PUNCTUATION = string.punctuation + "«»„“”‚‘’‹›…–—"


@lru_cache(maxsize=8192)
def fold_char(char: str) -> str:
    """One character as matching sees it: lower case, Latin letters without their diacritics.

    NFKD splits "ž" into "z" and a combining caron, which is dropped. Cyrillic letters are only
    case-folded (dropping the breve would make "й" an "и"), except that "ё" is read as "е".
    Punctuation that NFKD would expand ("…" into "...") stays itself, so that almost every text
    folds character for character.
    """
    if char in "ёЁ":
        return "е"
    if unicodedata.name(char, "").startswith("CYRILLIC"):
        return char.casefold()
    folded = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)).casefold()
    if len(folded) > 1 and not char.isalpha():
        return char
    return folded


def fold(text: str) -> str:
    return "".join([fold_char(c) for c in text])


def fold_with_positions(text: str) -> tuple[str, list[int]]:
    """The folded text and, for every folded character, the index of the original character it came
    from: "ß" folds to "ss" and a lone combining mark to nothing, so positions are mapped, not assumed."""
    folded, positions = [], []
    for i, char in enumerate(text):
        piece = fold_char(char)
        folded.append(piece)
        positions.extend([i] * len(piece))
    return "".join(folded), positions


def folds_one_to_one(text: str) -> bool:
    return all(len(fold_char(c)) == 1 for c in set(text))
