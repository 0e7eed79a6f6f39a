"""The page cache inside Django: the first middleware answers what is stored and stores what may be; an
inner one holds anonymous clients to a budget of renders (README "Page cache and HTTP caching")."""

from __future__ import annotations

import logging
import threading
import time
from contextlib import contextmanager

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
        if entry is None and request.method == "GET" and store.known(lookup):
            # A page readers have had, stale after a publish or a deploy: its render is no client's demand
            # and counts against no budget. Readers asking for it meanwhile in this process wait for that
            # one render and get what it stored.
            with RENDERS.one_at_a_time(lookup.key):
                generation, entry = store.read(lookup)
                if entry is None:
                    return self.render(request, lookup, generation, known=True)
        if entry is not None:
            if lookup.searched is not None:
                searches.count(lookup.searched, request)
            return replay(request, entry)
        request.page_cache_miss = True  # RenderBudgetMiddleware counts it
        return self.render(request, lookup, generation, known=False)

    def render(self, request, lookup, generation, known: bool):
        response = self.get_response(request)
        if generation is not None and is_public(request, response):
            make_public(response)
            store.write(lookup, entry_of(response, generation))
            response = get_conditional_response(request, etag=response["ETag"], response=response)
        elif known and generation is not None:
            # No longer a page for every reader (unpublished, restricted, moved): from now on it costs
            # the asking client's budget, starting with this render.
            store.forget(lookup)
            RenderBudgetMiddleware.over_budget(request)
        mark(response, "miss")
        return response


class RendersInFlight:
    """One lock per page being rendered in this process, held while it renders; gone when nobody waits."""

    WAIT = 10  # seconds; then the waiting request renders the page itself

    def __init__(self):
        self.guard = threading.Lock()
        self.locks: dict[str, list] = {}  # key -> [lock, requests holding or waiting for it]

    @contextmanager
    def one_at_a_time(self, key: str):
        with self.guard:
            held = self.locks.setdefault(key, [threading.Lock(), 0])
            held[1] += 1
        acquired = held[0].acquire(timeout=self.WAIT)
        try:
            yield
        finally:
            if acquired:
                held[0].release()
            with self.guard:
                held[1] -= 1
                if not held[1]:
                    del self.locks[key]


RENDERS = RendersInFlight()


class RenderBudgetMiddleware:
    """A page the store could not answer costs a render: each client address may cause
    PAGE_CACHE_RENDERS_PER_MINUTE of them a minute (new searches, pages never stored before, misspelt
    paths, what mail programs fetch), then gets 429 with Retry-After until the minute is over. Readers'
    stored pages are never refused, nor pages readers have had that a publish or a deploy made stale
    (PageCacheMiddleware renders those once, outside any budget). Inside LocaleMiddleware and the
    security middleware, so the refusal speaks the reader's language and carries the site's headers."""

    def __init__(self, get_response):
        self.get_response = get_response

    PERIOD = 60  # seconds

    def __call__(self, request):
        if not getattr(request, "page_cache_miss", False):
            return self.get_response(request)
        view = self.view_of(request)
        if getattr(view, "answers_without_render", False) or not self.over_budget(request):
            return self.get_response(request)
        response = self.refusal(request, view)
        response.status_code = 429
        response["Retry-After"] = str(self.PERIOD - int(time.time() % self.PERIOD))
        patch_cache_control(response, no_store=True)
        return response

    @staticmethod
    def view_of(request):
        try:
            return resolve(request.path_info, getattr(request, "urlconf", None)).func
        except Resolver404:
            return None

    @staticmethod
    def refusal(request, view):
        """The page saying "wait a minute", or the view's own refusal where its clients read something else
        (a mail program's XML: see `refused_with`)."""
        refuse = getattr(view, "render_refusal", None)
        return refuse(request) if refuse else render(request, "too_many_requests.html")

    @classmethod
    def over_budget(cls, request) -> bool:
        """Counts one render for the request's address; whether that took it over the budget."""
        window = int(time.time() // cls.PERIOD)
        who = f"{address_bucket(client_address(request))}@{window}"
        return count_hit("renders", who, cls.PERIOD) > settings.PAGE_CACHE_RENDERS_PER_MINUTE


def refused_with(refusal):
    """Marks a view whose clients read no HTML page (a mail program): over the render budget they get
    `refusal(request)`, made HTTP 429 with Retry-After, instead of the "wait a minute" page."""

    def mark(view):
        view.render_refusal = refusal
        return view

    return mark


def answers_without_render(view):
    """Marks a view that renders nothing (a redirect after one indexed query, as the stable links): the
    render budget never counts or refuses it, so readers behind one shared address who follow one link
    from a notice all arrive."""
    view.answers_without_render = True
    return view
