"""Who is asking: the client's address as our own reverse proxies reported it.

Each of the TRUSTED_PROXY_COUNT proxies in front of gunicorn appends the address it got the request from
to X-Forwarded-For, so the last N entries are theirs and the first of those is the client; anything the
client wrote itself sits further left and is never read. Without proxies (the default) only the
connection's own address counts. A proxy that writes the port too ("203.0.113.5:51234", "[2001:db8::1]:443")
is read the same way. django-axes asks this function too (settings.base, AXES_CLIENT_IP_CALLABLE): the
lockout, the limits and the search log count one address the same way.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings


def client_address(request) -> str:
    connection = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if not proxies:
        return connection
    entries = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if len(entries) < proxies:
        return connection
    address = without_port(entries[-proxies])
    return address if address is not None else connection


def without_port(entry: str) -> str | None:
    """The address of an X-Forwarded-For entry, with or without a port; None when it is no address."""
    candidates = [entry]
    if entry.startswith("[") and "]" in entry:  # [IPv6] or [IPv6]:port
        candidates = [entry[1 : entry.index("]")]]
    elif entry.count(":") == 1:  # IPv4:port (an IPv6 address has more colons)
        candidates.append(entry.partition(":")[0])
    for candidate in candidates:
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            continue
    return None


def axes_client_address(request) -> str:
    """django-axes's AXES_CLIENT_IP_CALLABLE: the same address as every other limit."""
    return client_address(request)
