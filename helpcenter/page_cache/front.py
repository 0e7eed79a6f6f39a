"""The WSGI application in front of Django (helpcenter/wsgi.py): a stored page is sent before Django
builds a request object or runs a middleware. Everything else goes to Django, whose PageCacheMiddleware
stores what it may. The environ is read, never written: Django gets it exactly as the server made it."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from ..quiet_log import QuietLog
from . import policy, searches, store
from .replay import replay_wsgi

failures = QuietLog(logging.getLogger(__name__))


@dataclass
class RequestHead:
    """What the replay path reads of a request: Django's names, without a Django request."""

    method: str
    path: str
    META: dict


class PageCacheApplication:
    def __init__(self, django_application):
        self.django_application = django_application

    def __call__(self, environ, start_response):
        try:
            replayed = self.replay(environ)
        except Exception as error:  # never the server's bare 500: Django answers, as if nothing were stored
            failures.error("page cache: the front failed; Django answers instead", error)
            replayed = None
        if replayed is None:
            return self.django_application(environ, start_response)
        status, headers, body = replayed
        start_response(status, headers)
        return [body]

    def replay(self, environ) -> tuple[str, list, bytes] | None:
        """The stored response to this request, or None when Django must answer."""
        method = environ.get("REQUEST_METHOD", "GET").upper()
        path = policy.path_of(environ)
        lookup = policy.lookup(environ, path, method)
        if lookup is None or lookup.key is None:
            return None
        _generation, entry = store.read(lookup)
        if entry is None:
            return None
        head = RequestHead(method, path, environ)
        replayed = replay_wsgi(head, entry)
        if lookup.searched is not None:
            searches.count(lookup.searched, head)
        return replayed
