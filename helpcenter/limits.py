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

from django.conf import settings
from django.core.cache import cache


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


def count_hit(counter: str, who: str, period: int) -> int:
    """Count one more under (`counter`, `who`) for `period` seconds from the first; the new count."""
    key = f"limits:{counter}:" + keyed_hash(f"limits-{counter}", who)
    cache.add(key, 0, period)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, period)
        return 1
