"""The internal symbols programs name their errors by in their source (IXP_E_FAILED_TO_CONNECT): kept in the
content and in search (readers who know one find the page), never shown to readers. The code a program shows
(0x800CCC0E) has no underscore and stays."""

from __future__ import annotations

import re

SYMBOL = r"\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b"
SYMBOL_RE = re.compile(rf"\s*\({SYMBOL}\)|\s*\b{SYMBOL}")


def without_symbols(text: str) -> str:
    """`text` without the symbols in it, with the parentheses or the space before each."""
    return SYMBOL_RE.sub("", text or "")
