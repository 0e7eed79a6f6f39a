"""Who is asking: the client's address as our own reverse proxies reported it.

Each of the TRUSTED_PROXY_COUNT proxies in front of gunicorn appends the address it got the request from
to X-Forwarded-For, so the last N entries are theirs and the first of those is the client; anything the
client wrote itself sits further left and is never read. Without proxies (the default) only the
connection's own address counts. The same rule feeds django-axes (settings.base, AXES_IPWARE_*).
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
    try:
        return str(ipaddress.ip_address(entries[-proxies]))
    except ValueError:
        return connection
