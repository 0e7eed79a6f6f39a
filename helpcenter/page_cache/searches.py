"""Searches the store answered without Django, counted in this process for the search log.

The front (front.py) calls count() for every stored search page it serves: a dictionary increment per
(search, client address), so a stored search stays as fast as a stored page. The search app takes the
counts now and then (search/log.py) and writes each address's only within its hourly budget of logged
searches (SEARCH_LOG_PER_ADDRESS_PER_HOUR, the counter a rendered search takes too: budget_taken), so one
address cannot add more to the log by repeating a stored search than by new ones. At most MAX_QUERIES
pairs are counted between two takes; counts of a process that ends before a take are lost, which a log
for editors can afford.
"""

from __future__ import annotations

import threading

from django.conf import settings

from ..clients import client_address
from ..limits import address_bucket, count_hit

MAX_QUERIES = 2000  # distinct (search, address) pairs counted between two takes
LOG_PERIOD = 60 * 60  # the budget of logged searches and opened results: per address and hour


def within_log_budget(request, what: str) -> bool:
    """Whether the search log may take one more `what` ("search", "opened") from this request's address."""
    return budget_taken(address_bucket(client_address(request)), what, 1) == 1


def budget_taken(who: str, what: str, wanted: int) -> int:
    """How many of `wanted` entries the address `who` may still add to the log this hour (taken from its
    budget)."""
    total = count_hit(f"search-log-{what}", who, LOG_PERIOD, wanted)
    return max(0, min(wanted, settings.SEARCH_LOG_PER_ADDRESS_PER_HOUR - (total - wanted)))


_counts: dict[tuple[tuple[str, str], str], int] = {}
_lock = threading.Lock()


def count(searched: tuple[str, str], request) -> None:
    """One more answer to (language, normalized query) for `request`'s address (a request, or the front's
    RequestHead: what client_address reads is its META)."""
    key = (searched, address_bucket(client_address(request)))
    with _lock:
        if key in _counts or len(_counts) < MAX_QUERIES:
            _counts[key] = _counts.get(key, 0) + 1


def take() -> dict[tuple[tuple[str, str], str], int]:
    """The counts since the last take, per ((language, query), address), and zero again."""
    global _counts
    with _lock:
        taken, _counts = _counts, {}
    return taken
