"""A response as it is stored, and a stored response as it is sent: the one replay path, used by the WSGI
front and the middleware alike."""

from __future__ import annotations

import hashlib
from functools import wraps
from http import HTTPStatus

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import get_conditional_response

from . import tags

SAME_IN_EVERY_LANGUAGE = "page_cache_same_in_every_language"
STORED_HEADERS_SKIPPED = {"content-length", "x-page-cache"}  # set when the entry is sent
DEBUG_HEADER = "X-Page-Cache"
STATUS_PHRASES = {status.value: status.phrase for status in HTTPStatus}


def is_public(request, response) -> bool:
    """Whether `response` is the same for every anonymous reader of this URL, and may be stored."""
    if request.method != "GET":  # a HEAD response may have lost its body on the way
        return False
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if getattr(response, SAME_IN_EVERY_LANGUAGE, False):
        # LocaleMiddleware marks every response outside the language prefixes as varying by
        # Accept-Language; these views say theirs does not (sitemap, robots.txt).
        vary = [v for v in response.get("Vary", "").split(",") if v.strip().lower() not in ("", "accept-language")]
        if vary:
            response["Vary"] = ", ".join(v.strip() for v in vary)
        else:
            del response["Vary"]
        if "Content-Language" in response:
            del response["Content-Language"]
    control = response.get("Cache-Control", "").lower()
    if any(word in control for word in ("private", "no-store", "no-cache")):
        return False
    vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
    return vary <= {"accept-encoding"}


def same_in_every_language(view):
    """For a view whose answer holds every language (the sitemap, robots.txt): stored once, although
    LocaleMiddleware says that everything outside the language prefixes varies by Accept-Language."""

    @wraps(view)
    def marked(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        setattr(response, SAME_IN_EVERY_LANGUAGE, True)
        return response

    return marked


def make_public(response) -> None:
    if "Cache-Control" not in response:
        response["Cache-Control"] = f"public, max-age=0, s-maxage={settings.PAGE_CACHE_S_MAXAGE}"
    if not response.has_header("ETag"):
        response["ETag"] = '"%s"' % hashlib.sha256(response.content).hexdigest()[:32]
    tags.tag(response)


def entry_of(response, generation: str) -> dict:
    headers = [(k, v) for k, v in response.items() if k.lower() not in STORED_HEADERS_SKIPPED]
    return {"generation": generation, "status": response.status_code, "headers": headers, "body": response.content}


CONDITIONAL_HEADERS = ("HTTP_IF_MATCH", "HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE", "HTTP_IF_UNMODIFIED_SINCE")


def replay(request, entry: dict):
    """The stored response for `request` (anything with `method`, `path` and `META`): the page, its
    headers and length (no body for HEAD), or 304/412 as Django's conditional rules say."""
    body = entry["body"]
    response = HttpResponse(b"" if request.method == "HEAD" else body, status=entry["status"])
    for name, value in entry["headers"]:
        response[name] = value
    response["Content-Length"] = str(len(body))
    if any(name in request.META for name in CONDITIONAL_HEADERS):
        response = get_conditional_response(request, etag=response.get("ETag"), response=response)
    mark(response, "hit")
    return response


def replay_wsgi(request, entry: dict) -> tuple[str, list, bytes]:
    """`replay` for the WSGI front: (status line, headers, body). An unconditional request, nearly every
    one, is answered from the entry as stored, without building a response object."""
    if any(name in request.META for name in CONDITIONAL_HEADERS):
        response = replay(request, entry)
        return f"{response.status_code} {response.reason_phrase}", list(response.items()), response.content
    body = entry["body"]
    headers = [*entry["headers"], ("Content-Length", str(len(body)))]
    if settings.PAGE_CACHE_DEBUG_HEADER:
        headers.append((DEBUG_HEADER, "hit"))
    status = entry["status"]
    return f"{status} {STATUS_PHRASES[status]}", headers, b"" if request.method == "HEAD" else body


def mark(response, outcome: str) -> None:
    """X-Page-Cache: hit or miss, only where the settings ask for it (tests): in production it would tell
    anyone probing a search page what other readers searched."""
    if settings.PAGE_CACHE_DEBUG_HEADER:
        response[DEBUG_HEADER] = outcome
