"""Counting what anonymous clients do, for the limits that refuse them (votes, renders, password resets).

Counters live in the `default` cache (Redis in production, shared by every worker and host), apart from
the page cache's store, so stored pages can never evict or block them. Who is counted appears in a key
only as a keyed hash. An IPv6 client counts by its /64 network: one subscriber gets a whole /64 and could
otherwise start afresh with each of its addresses.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import logging

from django.conf import settings
from django.core.cache import cache

from .quiet_log import QuietLog

failures = QuietLog(logging.getLogger(__name__))


def keyed_hash(*parts) -> str:
    """HMAC-SHA256 of the parts, keyed with SECRET_KEY (hex, 64 characters)."""
    message = "\x1f".join(str(part) for part in parts).encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def address_bucket(address: str) -> str:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 6:
        if ip.ipv4_mapped:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def count_hit(counter: str, who: str, period: int, hits: int = 1) -> int:
    """Count `hits` more under (`counter`, `who`) for `period` seconds from the first; the new count. A cache
    that cannot count (Redis full or gone: django-redis ignores its errors, settings "CACHES") counts
    nothing and answers 0: the request goes through, as without a limit (fail open)."""
    key = f"limits:{counter}:" + keyed_hash(f"limits-{counter}", who)
    try:
        cache.add(key, 0, period)
        try:
            return cache.incr(key, hits) or 0
        except ValueError:  # expired between add() and incr(); or the add was lost with the cache
            cache.set(key, hits, period)
            return hits
    except Exception as error:  # a cache that raises (not django-redis): the same
        failures.warning("limits: the counters' cache failed; requests are let through", error)
        return 0
