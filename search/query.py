"""What a reader typed into search, in one normal form: the search page reads it, the search log and
editors' promotions count by it, and the page cache keys stored search pages by it (through what this app
registers: search/apps.py)."""

import re
import unicodedata

from helpcenter.numbers import whole_number
from helpcenter.page_cache.parameters import SearchKey

MAX_QUERY_LENGTH = 200  # characters kept of what the reader typed
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def typed_query(raw: str) -> str:
    """What the reader typed as the search page shows it back: NFC, control characters (a NUL, which
    PostgreSQL refuses to store) as spaces, inner white space collapsed, trimmed, at most MAX_QUERY_LENGTH
    characters, letters in the case they were typed (and a stored page per case)."""
    text = CONTROL_CHARACTERS.sub(" ", unicodedata.normalize("NFC", raw or ""))
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def normalize_query(raw: str) -> str:
    """The typed query in lower case: every spelling that finds the same pages is one query of the search
    log and of editors' promotions."""
    return typed_query(raw).lower()


RESULTS_PER_PAGE = 20
MAX_RESULT_PAGE = 100


def result_page(raw: str | None) -> int:
    """Which page of results is asked for: 1 unless `raw` is a number from 2 to MAX_RESULT_PAGE."""
    return whole_number(raw, 2, MAX_RESULT_PAGE) or 1


SEARCH_PATH = re.compile(r"^/[a-z]{2}/search/$")  # the search page in each language (search/views.py)


def page_parameters(query) -> list[tuple[str, str]]:
    """What keys a stored search page: the words as typed (one page per spelling: the page shows them
    back), `exact=1` (the words without corrections) and a further page of results."""
    used = []
    typed = typed_query(query.get("q", ""))
    if typed:
        used.append(("q", typed))
    if query.get("exact") == "1":
        used.append(("exact", "1"))
    page = result_page(query.get("page"))
    if page > 1:
        used.append(("page", str(page)))
    return used


SEARCH_KEY = SearchKey(query="q", further="page", counted=normalize_query)
