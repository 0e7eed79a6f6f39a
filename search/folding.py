"""How search reads letters: case and Latvian and Lithuanian diacritics ignored ("slaptazodis" finds
"slaptažodis"), Cyrillic letters kept (only ё is read as е). The words of a text or a query: search/analysis.py."""

from __future__ import annotations

import string
import unicodedata
from collections.abc import Sequence
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


class FoldTable(dict):
    """Code point -> its folded text, for str.translate: each character folded once, when first met. Only
    the alphabets' and punctuation's characters are kept (below U+3000: a few thousand at most); any other
    is folded each time, so no text a reader types makes the table grow without end."""

    def __missing__(self, code: int) -> str:
        folded = fold_char(chr(code))
        if code < KEPT_BELOW:
            self[code] = folded
        if len(folded) != 1:
            UNEVEN.add(chr(code))
        return folded


KEPT_BELOW = 0x3000
FOLD_TABLE = FoldTable()
UNEVEN: set[str] = set()  # the characters met that fold to more or fewer than one (Unicode has a few thousand)


def fold(text: str) -> str:
    return text.translate(FOLD_TABLE)


def fold_with_positions(text: str) -> tuple[str, Sequence[int]]:
    """The folded text and, for every folded character, the index of the original character it came
    from: "ß" folds to "ss" and a lone combining mark to nothing, so positions are mapped, not assumed
    (a text that folds character for character, almost every one, maps each to itself)."""
    folded = fold(text)
    if UNEVEN.isdisjoint(text):  # every character of the text was just met
        return folded, range(len(text))
    folded, positions = [], []
    for i, char in enumerate(text):
        piece = fold_char(char)
        folded.append(piece)
        positions.extend([i] * len(piece))
    return "".join(folded), positions


def folds_one_to_one(text: str) -> bool:
    fold(text)  # meets every character of it
    return UNEVEN.isdisjoint(text)
