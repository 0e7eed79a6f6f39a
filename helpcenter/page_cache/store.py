"""Stored pages and the content generation.

Entries live in the `pages` cache (Redis with REDIS_URL or PAGE_CACHE_REDIS_URL, else files) under the
key from policy.py; each entry names the generation it was rendered under and is replayed only while that
is the current one (generation.py: each worker holds it, kept current over Redis). Invalidation
(invalidation.py) sets a new random generation: every entry is stale at once, on every worker and host;
the next render of a page overwrites its entry under the same key.

Bounded, whatever clients send:
- keys come only from what policy.py lets into them (bounded by the live pages, languages, listed hosts,
  two schemes and the release), except searches: a search page is stored only when it found something,
  for PAGE_CACHE_SEARCH_SECONDS, and at most PAGE_CACHE_SEARCH_ENTRIES of them per such period (a counter
  in the same cache), so at most twice that many exist at any time;
- each worker keeps copies of the entries it served last (a hit then costs no read of the shared cache),
  at most PAGE_CACHE_WORKER_ENTRIES of them and PAGE_CACHE_WORKER_BYTES in all;
- a cache that fails (a full Redis refusing writes, a lost connection) costs a render, never an error
  page: the failure is logged and the reader gets the rendered page.

Beside each stored page (not a search) lies a small mark, kept KNOWN_SECONDS from its last store and across
generations and deploys: the page is one readers have had (`known`). The marks are as bounded as the keys.
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict

from django.conf import settings

from .generation import GENERATION_KEY, bump_generation, cache, current_generation  # noqa: F401 (store's API)
from .policy import Lookup

SEARCH_SLOTS_KEY = "page-cache:search-slots:{period}"
KNOWN_KEY = "page-cache:known:{page}"
KNOWN_SECONDS = 30 * 24 * 60 * 60

logger = logging.getLogger(__name__)


class WorkerCopies:
    """This worker's copies of the entries it served last, bounded in number and in bytes."""

    def __init__(self):
        self.entries: OrderedDict[str, dict] = OrderedDict()
        self.size = 0

    def get(self, key):
        return self.entries.get(key)

    def put(self, key, entry) -> None:
        self.discard(key)
        size = len(entry["body"])
        if size > settings.PAGE_CACHE_WORKER_BYTES:
            return
        self.entries[key] = entry
        self.size += size
        while len(self.entries) > settings.PAGE_CACHE_WORKER_ENTRIES or self.size > settings.PAGE_CACHE_WORKER_BYTES:
            _key, oldest = self.entries.popitem(last=False)
            self.size -= len(oldest["body"])

    def discard(self, key) -> None:
        old = self.entries.pop(key, None)
        if old is not None:
            self.size -= len(old["body"])

    def clear(self) -> None:
        self.entries.clear()
        self.size = 0


WORKER_COPIES = WorkerCopies()


def read(lookup: Lookup) -> tuple[str | None, dict | None]:
    """(current generation, the entry stored for it or None). The generation is None when the cache
    cannot be read: the request is then rendered and nothing is stored."""
    if lookup.key is None:
        return None, None
    try:
        generation = current_generation()
        entry = WORKER_COPIES.get(lookup.key)
        if entry is None or entry["generation"] != generation:
            entry = cache().get(lookup.key)
    except Exception:  # any cache failure means: render it
        logger.warning("page cache unreadable; rendering", exc_info=True)
        return None, None
    if entry is not None and entry["generation"] == generation:
        WORKER_COPIES.put(lookup.key, entry)
        return generation, entry
    WORKER_COPIES.discard(lookup.key)
    return generation, None


def search_slot_free() -> bool:
    """Take one of this period's PAGE_CACHE_SEARCH_ENTRIES slots for a stored search, if one is left."""
    period = int(time.time() // settings.PAGE_CACHE_SEARCH_SECONDS)
    key = SEARCH_SLOTS_KEY.format(period=period)
    store = cache()
    store.add(key, 0, settings.PAGE_CACHE_SEARCH_SECONDS * 2)
    try:
        taken = store.incr(key)
    except ValueError:  # expired between add() and incr()
        store.set(key, 1, settings.PAGE_CACHE_SEARCH_SECONDS * 2)
        taken = 1
    return taken <= settings.PAGE_CACHE_SEARCH_ENTRIES


def write(lookup: Lookup, entry: dict) -> None:
    try:
        if lookup.search:
            if not search_slot_free():
                return
            seconds = settings.PAGE_CACHE_SEARCH_SECONDS
        else:
            seconds = settings.PAGE_CACHE_SECONDS
        cache().set(lookup.key, entry, seconds)
        if lookup.page is not None:
            cache().set(KNOWN_KEY.format(page=lookup.page), 1, KNOWN_SECONDS)
    except Exception:  # a page not stored is rendered again next time, never an error
        logger.warning("page cache unwritable; page not stored", exc_info=True)
        return
    WORKER_COPIES.put(lookup.key, entry)


def known(lookup: Lookup) -> bool:
    """Whether this page was stored before, under any generation or release (False when unreadable)."""
    if lookup.page is None:
        return False
    try:
        return cache().get(KNOWN_KEY.format(page=lookup.page)) is not None
    except Exception:
        logger.warning("page cache unreadable; page taken as unknown", exc_info=True)
        return False


def forget(lookup: Lookup) -> None:
    """The page is no longer one readers may have (unpublished, restricted, moved): its mark goes."""
    if lookup.page is None:
        return
    try:
        cache().delete(KNOWN_KEY.format(page=lookup.page))
    except Exception:
        logger.warning("page cache unwritable; a page's mark stays until it expires", exc_info=True)
