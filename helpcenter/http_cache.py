"""The page cache: what anonymous readers get, stored once and replayed before the rest of the stack runs.

`PageCacheMiddleware` is the first middleware. For a cacheable request (GET or HEAD, no admin session
cookie, a public path, no query string except a search's `q`) it reads the site's content generation
from the shared cache, then the stored response (from the worker's own recent copies when it has one,
else from the shared cache). A stored response is replayed only when it was stored under the current
generation; otherwise the request goes through Django and Wagtail as usual
and its response is stored if it is public (200, no cookie set, no private or no-store Cache-Control,
Vary at most Accept-Encoding; a view whose response is the same in every language sets
`response.same_in_every_language`).

Invalidation is a generation bump: anything that changes what a reader sees (a page published,
unpublished, moved or deleted, the settings record published, a view restriction, a site, a redirect,
an image, a translation's bookkeeping) sets a new random generation, and again once its transaction
commits, and
every stored response becomes stale at once, in every worker and on every host sharing the cache
(Redis). A response rendered while the change was being made is stored under the generation read at the
start of its request, so it is never served after the bump. Why one generation for the whole site and
not per page: almost every change shows on many pages (a guide's title is on the help index, in the
related guides of its siblings, in search results, in the sitemap; a record value is on every page),
publishes are rare, and a wrong dependency list would serve stale settings, the one thing this help
center exists to prevent. A random generation (not a counter) stays correct if the cache evicts it.

Responses carry `Cache-Control: public, max-age=0, s-maxage=PAGE_CACHE_S_MAXAGE` and an ETag; a request
whose If-None-Match matches gets 304. Admin responses get `no-store`.
"""

from __future__ import annotations

import hashlib
import uuid
from collections import OrderedDict
from http import HTTPStatus
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIRequest
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse, HttpResponseNotModified
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control
from wagtail import signals as wagtail_signals
from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache
from wagtail.contrib.redirects.models import Redirect
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site

from guides.models import TranslationState

GENERATION_KEY = "page-cache:generation"
# URL names of the public files outside the language prefixes (helpcenter/urls.py), which a front-end
# cache may hold and purge_frontend_cache purges; sitemap and robots.txt are stored here too, the
# autoconfig file is not (its links follow Accept-Language).
SITE_FILES = ("sitemap", "robots-txt", "thunderbird-autoconfig", "thunderbird-autoconfig-well-known")
NOT_CACHED_PREFIXES = ("/admin/", "/static/", "/media/", "/documents/", "/mobileconfig/", "/autodiscover/")
SEARCH_PATH_SUFFIX = "/search/"
STORED_HEADERS_SKIPPED = {"x-page-cache", "content-length"}  # set when the entry is sent


def cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def new_generation() -> str:
    return uuid.uuid4().hex


def bump_generation() -> None:
    """Make every stored response stale, for every worker and host sharing the cache."""
    cache().set(GENERATION_KEY, new_generation(), None)


def content_changed(**kwargs) -> None:
    """Signal receiver: bump the generation now, and again when the current transaction commits.

    The second bump makes stale what other requests rendered from the old rows while the transaction
    was open; the first covers a transaction that never commits in this process's view (a test's)."""
    bump_generation()
    transaction.on_commit(after_commit)


def after_commit() -> None:
    bump_generation()
    purge_frontend_cache()


def purge_frontend_cache() -> None:
    """With a frontend cache configured (FRONTEND_CACHE_PURGE_URL: a CDN or proxy in front of the site),
    it forgets every stored public URL too: each live page in each language and the site-wide files.
    Search results cannot be listed; the CDN keeps them at most PAGE_CACHE_S_MAXAGE seconds."""
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    urls = []
    for site in Site.objects.all():
        root = site.root_url
        urls += [root + reverse(name) for name in SITE_FILES]
        for page in site.root_page.get_descendants(inclusive=True).live().public():
            for code, _name in settings.LANGUAGES:
                with translation.override(code):
                    url = page.get_url()
                if url:
                    urls.append(url if url.startswith("http") else root + url)
    purge_urls_from_cache(sorted(set(urls)))


# Besides pages (their own signals): what changes what readers see when it is saved or deleted.
WATCHED_MODELS = (PageViewRestriction, Site, Redirect, get_image_model(), TranslationState)


def content_deleted(sender, instance, **kwargs) -> None:
    if isinstance(instance, (Page, *WATCHED_MODELS)):
        content_changed()


def watch_content() -> None:
    """Connect the receivers that bump the generation (HelpcenterConfig.ready)."""
    for signal in (
        wagtail_signals.page_published,
        wagtail_signals.page_unpublished,
        wagtail_signals.post_page_move,
        wagtail_signals.published,  # snippets with drafts: the server-settings record
        wagtail_signals.unpublished,
    ):
        signal.connect(content_changed, dispatch_uid=f"page-cache-{id(signal)}")
    for model in WATCHED_MODELS:
        post_save.connect(content_changed, sender=model, dispatch_uid=f"page-cache-save-{model._meta.label}")
    post_delete.connect(content_deleted, dispatch_uid="page-cache-delete")


# This worker's copies of recently served entries, shared by the WSGI fast path and the middleware: a hit
# then costs one read of the small generation key from the shared cache, not the whole page. Valid only
# under the current generation, like the shared entries, so they are never served stale.
RECENT: OrderedDict[str, dict] = OrderedDict()
RELEASE: list[str] = []  # code_version(), computed once per process


def release() -> str:
    if not RELEASE:
        RELEASE.append(code_version())
    return RELEASE[0]


def remember(key, entry) -> None:
    RECENT[key] = entry
    RECENT.move_to_end(key)
    while len(RECENT) > settings.PAGE_CACHE_WORKER_ENTRIES:
        RECENT.popitem(last=False)


def current_generation(store) -> str:
    generation = store.get(GENERATION_KEY)
    if generation is None:  # first request, or the cache lost it: nothing stored can be trusted
        store.add(GENERATION_KEY, new_generation(), None)
        generation = store.get(GENERATION_KEY)
    return generation


def stored_entry(store, key, generation) -> dict | None:
    """The response stored under `key` for the current generation, or None."""
    entry = RECENT.get(key)
    if entry is None or entry["generation"] != generation:
        entry = store.get(key)
    if entry is not None and entry["generation"] == generation:
        remember(key, entry)
        return entry
    return None


# The site of each host, with its root page (the help index, its record and live pages cached on it), as
# read under one content generation: routing a rendered request then needs none of those queries again.
# Valid for that generation only, like stored responses; any change starts afresh.
SITES: dict[tuple, Site | None] = {}  # (generation, host, port) -> site


def known_site(request, generation):
    """Wagtail's Site.find_for_request, remembered per (generation, host, port) in this worker."""
    where = (generation, request._get_raw_host(), request.get_port())
    if where not in SITES:
        if SITES and next(iter(SITES))[0] != generation:
            SITES.clear()  # only the current generation's sites are kept
        SITES[where] = Site.find_for_request(request)
    return SITES[where]


def wants_fresh_copy(meta) -> bool:
    """A forced reload (Cache-Control or Pragma: no-cache) is rendered afresh and stored for the others."""
    return "no-cache" in meta.get("HTTP_CACHE_CONTROL", "") or "no-cache" in meta.get("HTTP_PRAGMA", "")


def entry_key(request) -> str | None:
    """The key of the stored response for `request`, or None when its response is never stored."""
    if not settings.PAGE_CACHE_ENABLED or request.method not in ("GET", "HEAD"):
        return None
    if settings.SESSION_COOKIE_NAME in request.COOKIES:  # a signed-in editor sees their own state
        return None
    path = request.path
    if path.lower().startswith(NOT_CACHED_PREFIXES):
        return None
    query = ""
    if request.META.get("QUERY_STRING"):
        if not path.endswith(SEARCH_PATH_SUFFIX) or list(request.GET) != ["q"]:
            return None
        query = request.GET["q"]
    try:
        host = request.get_host()
    except DisallowedHost:
        return None  # Django answers it with 400
    raw = "\x1f".join((release(), host, path, query))  # HEAD is answered from GET's response
    return "page-cache:" + hashlib.sha256(raw.encode()).hexdigest()


def not_modified(meta, etag) -> bool:
    wanted = meta.get("HTTP_IF_NONE_MATCH")
    if not wanted or not etag:
        return False
    tags = {tag.strip().removeprefix("W/") for tag in wanted.split(",")}
    return "*" in tags or etag.removeprefix("W/") in tags


NOT_MODIFIED_HEADERS = ("ETag", "Cache-Control", "Vary", "Content-Security-Policy")


class PageCacheApplication:
    """The hit path in front of Django (helpcenter/wsgi.py): a stored response is sent before Django
    builds its middleware stack's worth of work; everything else goes to Django, whose
    PageCacheMiddleware stores what it may. Keys are made from Django's own request object, so both
    layers agree on them."""

    def __init__(self, django_application):
        self.django_application = django_application

    def __call__(self, environ, start_response):
        request = WSGIRequest(environ)
        key = entry_key(request)
        if key is None or wants_fresh_copy(environ):
            return self.django_application(environ, start_response)
        entry = stored_entry(cache(), key, current_generation(cache()))
        if entry is None:
            return self.django_application(environ, start_response)
        headers = dict(entry["headers"])
        if not_modified(environ, headers.get("ETag")):
            start_response("304 Not Modified", [(n, headers[n]) for n in NOT_MODIFIED_HEADERS if n in headers])
            return [b""]
        start_response(
            f"{entry['status']} {HTTPStatus(entry['status']).phrase}",
            [*entry["headers"], ("Content-Length", str(len(entry["body"]))), ("X-Page-Cache", "hit")],
        )
        return [b"" if environ["REQUEST_METHOD"] == "HEAD" else entry["body"]]


def code_version() -> str:
    """Changes when a deploy changes what pages look like (templates, translations, static files), so
    responses stored by the previous release are not replayed by the new one."""
    root = Path(settings.BASE_DIR)
    stamps = []
    for folder in ("helpcenter", "guides", "search", "feedback", "locale", "static"):
        for path in sorted((root / folder).rglob("*")):
            if path.suffix in (".html", ".mo", ".css", ".js", ".svg", ".py"):
                stat = path.stat()
                stamps.append(f"{path.relative_to(root)}:{stat.st_size}:{stat.st_mtime_ns}")
    return hashlib.sha256("\n".join(stamps).encode()).hexdigest()[:16]


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = entry_key(request)
        if key is None:
            response = self.get_response(request)
            if request.path.startswith("/admin/"):
                patch_cache_control(response, no_store=True)
            return response

        store = cache()
        generation = current_generation(store)
        if not wants_fresh_copy(request.META):
            entry = stored_entry(store, key, generation)
            if entry is not None:
                return self.replay(request, entry)
        request._wagtail_site = known_site(request, generation)  # where Wagtail's routing looks first

        response = self.get_response(request)
        if self.is_public(request, response):
            self.make_public(response)
            entry = self.entry(response, generation)
            store.set(key, entry, settings.PAGE_CACHE_SECONDS)
            remember(key, entry)
            if not_modified(request.META, response["ETag"]):
                return self.not_modified_response(response)
        response["X-Page-Cache"] = "miss"
        return response

    # which responses --------------------------------------------------------------------------
    def is_public(self, request, response) -> bool:
        if request.method != "GET":  # a HEAD response may have lost its body on the way
            return False
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        if getattr(response, "same_in_every_language", False):
            # LocaleMiddleware marks every response outside the language prefixes as varying by
            # Accept-Language; these views say theirs does not (sitemap, robots.txt, autoconfig).
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

    def make_public(self, response) -> None:
        if "Cache-Control" not in response:
            response["Cache-Control"] = f"public, max-age=0, s-maxage={settings.PAGE_CACHE_S_MAXAGE}"
        if not response.has_header("ETag"):
            response["ETag"] = '"%s"' % hashlib.sha256(response.content).hexdigest()[:32]

    # stored responses -------------------------------------------------------------------------
    def entry(self, response, generation) -> dict:
        headers = [(k, v) for k, v in response.items() if k.lower() not in STORED_HEADERS_SKIPPED]
        return {"generation": generation, "status": response.status_code, "headers": headers, "body": response.content}

    def replay(self, request, entry):
        headers = dict(entry["headers"])
        if not_modified(request.META, headers.get("ETag")):
            response = HttpResponseNotModified()
            for name in NOT_MODIFIED_HEADERS:
                if name in headers:
                    response[name] = headers[name]
            return response
        body = b"" if request.method == "HEAD" else entry["body"]
        response = HttpResponse(body, status=entry["status"])
        for name, value in entry["headers"]:
            response[name] = value
        response["Content-Length"] = str(len(entry["body"]))
        response["X-Page-Cache"] = "hit"
        return response

    @staticmethod
    def not_modified_response(response):
        not_modified = HttpResponseNotModified()
        for name in NOT_MODIFIED_HEADERS:
            if name in response:
                not_modified[name] = response[name]
        return not_modified
