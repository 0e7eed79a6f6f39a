"""The reader's search page: /<lang>/search/?q=... (one search: search.service; what is searched:
search.documents; how the query is read and ranked: search.analysis, search.ranking; what a result shows:
search.matching). `&exact=1` searches the words as typed, without corrections."""

from __future__ import annotations

import logging
from io import BytesIO
from urllib.parse import urlencode

from django.conf import settings
from django.core.handlers.wsgi import WSGIRequest
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe
from wagtail.models import Page

from guides.models import GuidePage, HelpIndexPage, TroubleshootingPage
from helpcenter.numbers import whole_number

from . import log
from .folding import WORD_PUNCTUATION, fold
from .index import index_for
from .matching import anchors, mark
from .query import RESULTS_PER_PAGE, normalize_query, result_page, typed_query
from .service import run_search

PROGRAMS_OFFERED = 24  # tiles of the program picker when nothing is found; the help index lists all


@require_safe
def search(request):
    query = typed_query(request.GET.get("q", ""))
    exact = request.GET.get("exact") == "1"
    lang = translation.get_language()
    context = {"query": query, "searched": False, "results": [], "help_index_url": f"/{lang}/"}
    found, page_number = 0, result_page(request.GET.get("page"))
    outcome = run_search(lang, query, exact=exact)
    if outcome.searched:
        context["searched"] = True
        index = index_for(lang)
        results = outcome.results
        found = len(results)
        if results:
            shown = Paginator(results, RESULTS_PER_PAGE).get_page(page_number)
            mark(lang, shown.object_list, outcome.read.mark_terms(), index)
            anchors(lang, shown.object_list, outcome.read)  # the fragment of the message a reader pasted
            context.update(results=shown.object_list, result_page=shown, found=found)
            if outcome.read.corrected:
                context["corrected_query"] = corrected_query(query, outcome.read, index.vocabulary)
        else:
            context.update(nothing_found(request, index.documents))
        if page_number == 1:  # a further page is the same search read on
            log.log_search(request, normalize_query(query), lang, found)
    response = render(request, "search/search.html", context)
    response["X-Robots-Tag"] = "noindex"
    if outcome.searched and not found:
        # Not for a shared cache (ours or a CDN): there are endlessly many searches that find nothing, and
        # a stored one would tell a later visitor what someone searched.
        patch_cache_control(response, private=True)
    return response


def corrected_query(query: str, read, vocabulary) -> str:
    """What was typed with each corrected word replaced by the word of the pages, as the pages write it
    (with the language's letters); every other word as it was typed."""
    corrections = {t.typed: vocabulary.shown(t.corrected) for t in read.terms if t.corrected}
    out = []
    for word in query.split():
        folded = fold(word).strip(WORD_PUNCTUATION)
        out.append(word.replace(word.strip(WORD_PUNCTUATION), corrections[folded]) if folded in corrections else word)
    return " ".join(out)


def nothing_found(request, documents) -> dict:
    """What helps a reader whose words no page has: the programs and the troubleshooting hub."""
    index = next((d for d in documents if d.kind == "index"), None)
    index_page = HelpIndexPage.objects.filter(pk=index.page_id).first() if index else None
    under = GuidePage.objects.live().public().child_of(index_page) if index_page else GuidePage.objects.none()
    guides = list(under.order_by("path")[: PROGRAMS_OFFERED + 1])  # one more says that there are more
    hub = TroubleshootingPage.objects.live().public().child_of(index_page).first() if index_page else None
    return {
        "help_index_url": (index_page.get_url(request) if index_page else None) or f"/{translation.get_language()}/",
        "guides": guides[:PROGRAMS_OFFERED],
        "more_guides": len(guides) > PROGRAMS_OFFERED,
        "hub": hub,
    }


@require_safe
def opened(request):
    """A result opened from a search: logged (search/log.py), then the page. `to` is a page id, so this
    sends nobody anywhere but to a live public page of the site; anything else goes back to the search."""
    query = normalize_query(request.GET.get("q", ""))
    to = whole_number(request.GET.get("to"), 1)
    page = Page.objects.live().public().filter(pk=to).first() if to else None
    url = page.get_url(request) if page else None
    if url is None:
        url = reverse("search") + (f"?{urlencode({'q': query})}" if query else "")
    elif query:
        log.log_opened(request, query, translation.get_language(), page)
    response = HttpResponseRedirect(url)
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


def warm(languages) -> None:
    """Before a worker takes requests (gunicorn.conf.py): render the search page once in each of
    `languages` and run one search with its marks, so that its first reader does not wait for the URLs to be
    imported, the templates compiled and a language's stemmer loaded. Nothing is logged or stored; a page
    that cannot be rendered here is left to the first reader."""
    host = next((h.lstrip(".") for h in settings.ALLOWED_HOSTS if h.lstrip(".") and "*" not in h), "localhost")
    for lang in languages:
        with translation.override(lang):
            try:  # the search page as it prompts (no query), for a request of our own
                search(
                    WSGIRequest(
                        {**WARM_ENVIRON, "PATH_INFO": f"/{lang}/search/", "HTTP_HOST": host, "wsgi.input": BytesIO()}
                    )
                )
            except Exception:
                logging.getLogger(__name__).warning(
                    "search: the %s search page was not rendered ahead", lang, exc_info=True
                )
            outcome = run_search(lang, "imap")
            if outcome.read and outcome.results:
                mark(lang, outcome.results[:RESULTS_PER_PAGE], outcome.read.mark_terms(), index_for(lang))


WARM_ENVIRON = {"REQUEST_METHOD": "GET", "SERVER_NAME": "localhost", "SERVER_PORT": "80", "wsgi.url_scheme": "http"}
