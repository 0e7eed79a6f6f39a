"""What a reader typed, as the search page and the page cache read it (no model imports: the page cache's
WSGI front keys stored search pages by it)."""

import unicodedata

MAX_QUERY_LENGTH = 200  # characters kept of what the reader typed


def normalize_query(raw: str) -> str:
    """NFC, lower case, inner white space collapsed, trimmed, at most MAX_QUERY_LENGTH characters: every
    spelling that finds the same pages is one query (and one stored page)."""
    return " ".join(unicodedata.normalize("NFC", raw or "").lower().split())[:MAX_QUERY_LENGTH]
