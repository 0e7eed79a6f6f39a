"""Which requests a stored page may answer, and the key of that page, read from the WSGI environ.

The same function serves the WSGI front (before Django has a request object) and the middleware (with
Django's request.META), so both agree on every key. It never writes to the environ it reads.

A request is answered from the store only when Django would answer it with the same bytes for every
anonymous reader:
- GET or HEAD (HEAD gets GET's page without the body), outside the admin, static, media, documents and the
  endpoints mail programs fetch (autoconfig, Autodiscover, profiles and the profile's QR page: personal,
  or following the client's Accept-Language). Those are never stored, but each request to them, of any
  method (Autodiscover posts), counts toward the client's render budget like a page that was not stored;
- not a request Django would redirect to HTTPS (SECURE_SSL_REDIRECT); the scheme is part of the key;
- a host Django accepts (ALLOWED_HOSTS). The key holds the host's name only when ALLOWED_HOSTS lists it
  literally, and its port only when it is the port this server listens on: any other port of an allowed
  name is the same page (pages build absolute links from `canonical_host`, helpcenter/sites.py), and a
  name matched only by a wildcard entry is never stored, so clients cannot make new keys by naming hosts;
- no session cookie of a real session (a signed-in editor, a reader who entered a page's password); a
  made-up `sessionid` changes nothing and costs no lookup (helpcenter/sessions.py);
- query parameters a page does not read are left out of the key: the apps register those their views
  read (parameters.py; today a search's `q`, normalized so `IMAP`, `imap` and `imap   ` are one page,
  `exact=1` and a results `page` from 2 to 100, and the vote's `feedback=thanks|already|why`).
Request headers such as `Cache-Control: no-cache` do not bypass the store: a reader's reload must not
cost a render.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path

from django.conf import settings
from django.core.handlers.wsgi import get_path_info, get_script_name
from django.http import parse_cookie
from django.http.request import split_domain_port, validate_host

from helpcenter.internals import raw_host

from . import parameters as page_parameters

# Never from the store: the admin and files (outside the render budget: the admin has its own limits) ...
NOT_CACHED_PREFIXES = ("/admin/", "/static/", "/media/", "/documents/")
# ... and what mail programs fetch (personal, or following the client's Accept-Language; their views read
# their own parameters): rendered every time, and counted toward the render budget.
MAIL_PROGRAM_PREFIXES = ("/mobileconfig/", "/autodiscover/", "/mail/", "/.well-known/")
SESSION_KEY = re.compile(r"[a-z0-9]{32}")  # what Django's session backends hand out
DEBUG_DEFAULT_HOSTS = (".localhost", "127.0.0.1", "[::1]")  # Django's ALLOWED_HOSTS with DEBUG and none set


@dataclass(frozen=True)
class Lookup:
    key: str | None  # None: an anonymous reader's request that is rendered and never stored
    search: bool = False  # a search result (any page of it): kept briefly and only so many (store.py)
    searched: tuple[str, str] | None = None  # (language, query) of a search, counted when served (searches.py)
    # A page's identity across content generations and deploys (not a search's): once stored, the page
    # is one readers have had, and rendering it again after a publish is no client's demand (middleware.py).
    page: str | None = None


def path_of(environ) -> str:
    """request.path as Django will compute it, without touching the environ."""
    script_name = get_script_name(environ)
    path_info = get_path_info(environ) or "/"
    return "%s/%s" % (script_name.rstrip("/"), path_info.replace("/", "", 1))


def scheme_of(meta) -> str:
    """request.scheme: the trusted proxy's header when SECURE_PROXY_SSL_HEADER names one."""
    if settings.SECURE_PROXY_SSL_HEADER:
        header, secure_value = settings.SECURE_PROXY_SSL_HEADER
        value = meta.get(header)
        if value is not None:
            return "https" if value.split(",", 1)[0].strip() == secure_value else "http"
    return meta.get("wsgi.url_scheme", "http")


def allowed_hosts() -> list[str]:
    if settings.DEBUG and not settings.ALLOWED_HOSTS:
        return list(DEBUG_DEFAULT_HOSTS)
    return settings.ALLOWED_HOSTS


def canonical_host(meta) -> str | None:
    """The host a page names in its absolute links and is stored under; None for a host Django refuses
    or one that only a wildcard entry of ALLOWED_HOSTS allows (such pages are rendered, never stored)."""
    name, port = split_domain_port(raw_host(meta, scheme_of(meta) == "https"))
    hosts = allowed_hosts()
    if not name or not validate_host(name, hosts):
        return None
    if name not in {h.lower() for h in hosts if not h.startswith(".") and h != "*"}:
        return None
    return f"{name}:{port}" if port and port == str(meta.get("SERVER_PORT", "")) else name


def would_redirect_to_https(meta, path) -> bool:
    if not settings.SECURE_SSL_REDIRECT or scheme_of(meta) == "https":
        return False
    unprefixed = path.lstrip("/")
    return not any(re.search(pattern, unprefixed) for pattern in settings.SECURE_REDIRECT_EXEMPT)


def has_real_session(meta) -> bool:
    """A session cookie naming a session that exists: the cookie alone proves nothing. The store reads only
    keys this site handed out (helpcenter/sessions.py), so a made-up key is no cache read or query."""
    key = parse_cookie(meta.get("HTTP_COOKIE", "")).get(settings.SESSION_COOKIE_NAME)
    if not key or not SESSION_KEY.fullmatch(key):
        return False
    store = import_module(settings.SESSION_ENGINE).SessionStore(key)
    return bool(store.load())


def lookup(meta, path: str, method: str) -> Lookup | None:
    """The stored page that may answer this request; a Lookup without a key for a request that is
    rendered and counted toward the render budget; None when it is no anonymous reader's page."""
    if not settings.PAGE_CACHE_ENABLED:
        return None
    if path.lower().startswith(MAIL_PROGRAM_PREFIXES):
        return Lookup(key=None)  # rendered and counted, whatever the method
    if method not in ("GET", "HEAD"):
        return None
    if path.lower().startswith(NOT_CACHED_PREFIXES) or would_redirect_to_https(meta, path):
        return None
    if settings.SESSION_COOKIE_NAME in meta.get("HTTP_COOKIE", "") and has_real_session(meta):
        return None
    host = canonical_host(meta)
    if host is None:
        # Django refuses the host (400), or only a wildcard allows it: rendered, counted, never stored
        return Lookup(key=None)
    parameters, search = page_parameters.keyed(meta.get("QUERY_STRING", ""), path)
    identity = "\x1f".join([scheme_of(meta), host, path, *(f"{name}={value}" for name, value in parameters)])
    digest = hashlib.sha256(f"{release()}\x1f{identity}".encode()).hexdigest()
    if search is None:
        return Lookup(key=f"page:{digest}", page=hashlib.sha256(identity.encode()).hexdigest())
    values = dict(parameters)
    # counted as the search log counts it, though stored per spelling (the page shows it back)
    searched = (
        None if search.further in values else (path.strip("/").split("/")[0], search.counted(values[search.query]))
    )
    return Lookup(key=f"page:{digest}", search=True, searched=searched)


RELEASE: list[str] = []  # computed once per process


def release() -> str:
    """The deploy: RELEASE_ID (set it to the deployed commit), else a digest of the files that shape pages.
    Pages stored by the previous release are then never replayed by the new one."""
    if not RELEASE:
        RELEASE.append(settings.RELEASE_ID or code_version())
    return RELEASE[0]


def code_version() -> str:
    root = Path(settings.BASE_DIR)
    stamps = []
    for folder in ("helpcenter", "guides", "search", "feedback", "troubleshooter", "locale", "static"):
        for path in sorted((root / folder).rglob("*")):
            if path.suffix in (".html", ".mo", ".css", ".js", ".svg", ".py"):
                stat = path.stat()
                stamps.append(f"{path.relative_to(root)}:{stat.st_size}:{stat.st_mtime_ns}")
    return hashlib.sha256("\n".join(stamps).encode()).hexdigest()[:16]
