"""Searches the store answered without Django, counted in this process for the search log.

The front (front.py) calls count() for every stored search page it serves: a dictionary increment, so a
cached search stays as fast as before. The search app takes the counts now and then and writes them
(search/log.py). At most MAX_QUERIES distinct searches are counted between two takes (the store holds at
most PAGE_CACHE_SEARCH_ENTRIES anyway); counts of a process that ends before a take are lost, which a log
for editors can afford.
"""

from __future__ import annotations

import threading

MAX_QUERIES = 2000

_counts: dict[tuple[str, str], int] = {}
_lock = threading.Lock()


def count(searched: tuple[str, str]) -> None:
    """One more answer to (language, normalized query)."""
    with _lock:
        if searched in _counts or len(_counts) < MAX_QUERIES:
            _counts[searched] = _counts.get(searched, 0) + 1


def take() -> dict[tuple[str, str], int]:
    """The counts since the last take, and zero again."""
    global _counts
    with _lock:
        taken, _counts = _counts, {}
    return taken
