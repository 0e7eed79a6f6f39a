"""The page cache inside Django: the first middleware answers what is stored and stores what may be; an
inner one holds anonymous clients to a budget of renders (README "Page cache and HTTP caching")."""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.utils.cache import get_conditional_response, patch_cache_control

from helpcenter.clients import client_address
from helpcenter.limits import address_bucket, count_hit
from helpcenter.quiet_log import QuietLog

from . import policy, searches, store
from .replay import entry_of, is_public, make_public, mark, replay

failures = QuietLog(logging.getLogger(__name__))


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            lookup = policy.lookup(request.META, request.path, request.method)
        except Exception as error:  # a request the policy cannot read is rendered, never stored
            failures.error("page cache: the request could not be looked up; rendered without the cache", error)
            return self.get_response(request)
        if lookup is None:
            response = self.get_response(request)
            if request.path.startswith("/admin/"):
                patch_cache_control(response, no_store=True)
            return response

        generation, entry = store.read(lookup)
        if entry is not None:
            if lookup.searched is not None:
                searches.count(lookup.searched, request)
            return replay(request, entry)
        request.page_cache_miss = True  # RenderBudgetMiddleware counts it
        response = self.get_response(request)
        if generation is not None and is_public(request, response):
            make_public(response)
            store.write(lookup, entry_of(response, generation))
            response = get_conditional_response(request, etag=response["ETag"], response=response)
        mark(response, "miss")
        return response


class RenderBudgetMiddleware:
    """A page the store could not answer costs a render: each client address may cause
    PAGE_CACHE_RENDERS_PER_MINUTE of them a minute (new searches, pages after a publish, misspelt paths,
    what mail programs fetch), then gets 429 with Retry-After until the minute is over. Readers' stored
    pages are never refused. Inside LocaleMiddleware and the security middleware, so the refusal speaks
    the reader's language and carries the site's headers."""

    def __init__(self, get_response):
        self.get_response = get_response

    PERIOD = 60  # seconds

    def __call__(self, request):
        if getattr(request, "page_cache_miss", False) and self.over_budget(request):
            response = self.refusal(request)
            response.status_code = 429
            response["Retry-After"] = str(self.PERIOD - int(time.time() % self.PERIOD))
            patch_cache_control(response, no_store=True)
            return response
        return self.get_response(request)

    @staticmethod
    def refusal(request):
        """The page saying "wait a minute", or the view's own refusal where its clients read something else
        (a mail program's XML: see `refused_with`)."""
        try:
            view = resolve(request.path_info, getattr(request, "urlconf", None)).func
        except Resolver404:
            view = None
        refuse = getattr(view, "render_refusal", None)
        return refuse(request) if refuse else render(request, "too_many_requests.html")

    def over_budget(self, request) -> bool:
        window = int(time.time() // self.PERIOD)
        who = f"{address_bucket(client_address(request))}@{window}"
        return count_hit("renders", who, self.PERIOD) > settings.PAGE_CACHE_RENDERS_PER_MINUTE


def refused_with(refusal):
    """Marks a view whose clients read no HTML page (a mail program): over the render budget they get
    `refusal(request)`, made HTTP 429 with Retry-After, instead of the "wait a minute" page."""

    def mark(view):
        view.render_refusal = refusal
        return view

    return mark
