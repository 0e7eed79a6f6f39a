"""Searches the store answered without Django, counted in this process for the search log.

The front (front.py) calls count() for every stored search page it serves. Each counts against the
client address's hourly budget of logged searches (SEARCH_LOG_PER_ADDRESS_PER_HOUR, the same counter a
rendered search takes, search/log.py): one Redis increment, so one address cannot add more to the log by
repeating a stored search than by new ones. The search app takes the counts now and then and writes them
(search/log.py). At most MAX_QUERIES distinct searches are counted between two takes (the store holds at
most PAGE_CACHE_SEARCH_ENTRIES anyway); counts of a process that ends before a take are lost, which a log
for editors can afford.
"""

from __future__ import annotations

import threading

from django.conf import settings

from ..clients import client_address
from ..limits import address_bucket, count_hit

MAX_QUERIES = 2000
LOG_PERIOD = 60 * 60  # the budget of logged searches and opened results: per address and hour


def within_log_budget(request, what: str) -> bool:
    """Whether the search log may take one more `what` ("search", "opened") from this request's address."""
    who = address_bucket(client_address(request))
    return count_hit(f"search-log-{what}", who, LOG_PERIOD) <= settings.SEARCH_LOG_PER_ADDRESS_PER_HOUR


_counts: dict[tuple[str, str], int] = {}
_lock = threading.Lock()


def count(searched: tuple[str, str], request) -> None:
    """One more answer to (language, normalized query), within `request`'s address budget (a request, or
    the front's RequestHead: what client_address reads is its META)."""
    if not within_log_budget(request, "search"):
        return
    with _lock:
        if searched in _counts or len(_counts) < MAX_QUERIES:
            _counts[searched] = _counts.get(searched, 0) + 1


def take() -> dict[tuple[str, str], int]:
    """The counts since the last take, and zero again."""
    global _counts
    with _lock:
        taken, _counts = _counts, {}
    return taken
