"""What a reader typed into search, in one normal form: the search page reads it and the page cache keys
stored search pages by it. Site-wide (and importing nothing), so the page cache does not depend on the
search app, which depends on the page cache's generation."""

import unicodedata

MAX_QUERY_LENGTH = 200  # characters kept of what the reader typed


def normalize_query(raw: str) -> str:
    """NFC, lower case, inner white space collapsed, trimmed, at most MAX_QUERY_LENGTH characters: every
    spelling that finds the same pages is one query (and one stored page)."""
    return " ".join(unicodedata.normalize("NFC", raw or "").lower().split())[:MAX_QUERY_LENGTH]


RESULTS_PER_PAGE = 20
MAX_RESULT_PAGE = 100


def result_page(raw: str | None) -> int:
    """Which page of results is asked for: 1 unless `raw` is a number from 2 to MAX_RESULT_PAGE."""
    if raw and raw.isdigit() and len(raw) <= 3 and 2 <= int(raw) <= MAX_RESULT_PAGE:
        return int(raw)
    return 1
