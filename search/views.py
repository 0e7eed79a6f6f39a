"""The reader's search page: /<lang>/search/?q=... (what is searched: search.documents; how a query word is
read: search.vocabulary; how it is matched: search.matching). `&exact=1` searches the words as typed,
without corrections."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_safe
from wagtail.models import Page

from helpcenter.search_query import normalize_query

from . import log
from .documents import documents_for
from .folding import query_words
from .matching import closest, pasted, search_documents
from .vocabulary import vocabulary_for

CLOSEST_MATCHES = 5


@require_safe
def search(request):
    query = normalize_query(request.GET.get("q", ""))
    exact = request.GET.get("exact") == "1"
    words = query_words(query)
    lang = translation.get_language()
    context = {"query": query, "searched": bool(words), "results": [], "help_index_url": f"/{lang}/"}
    if words:
        with translation.override(lang):
            documents = documents_for(lang)
            vocabulary = vocabulary_for(lang, documents)
            # a pasted message is quoted exactly, with the program's own words: nothing in it is a typo
            terms = vocabulary.read(words, correct=not exact and not pasted(words))
            results = search_documents(documents, terms)
            context["results"] = results
            if results and any(term.corrected for term in terms):
                context["corrected_query"] = " ".join(
                    vocabulary.shown(term.corrected) if term.corrected else term.typed for term in terms
                )
            if not results:
                context.update(nothing_found(request, documents, terms))
        log.log_search(request, query, lang, len(context["results"]))
    response = render(request, "search/search.html", context)
    response["X-Robots-Tag"] = "noindex"
    # A search that found nothing is not stored by the page cache: there are endlessly many of them, and a
    # stored one would tell a later visitor what someone searched (helpcenter/page_cache/policy.py).
    response.page_cache_store = bool(context["results"]) or not words
    return response


def nothing_found(request, documents, terms) -> dict:
    """What helps a reader whose words no page has: the programs, the troubleshooting hub, and the pages
    with some of the words."""
    index = next((d.page for d in documents if d.kind == "index"), None)
    hub = next((d.page for d in documents if d.kind == "troubleshooting"), None)
    return {
        "help_index_url": (index.get_url(request) if index else None) or f"/{translation.get_language()}/",
        "guides": [d.page for d in documents if d.kind == "guide"],
        "hub": hub,
        "closest": closest(documents, terms, CLOSEST_MATCHES),
    }


@require_safe
def opened(request):
    """A result opened from a search: logged (search/log.py), then the page. `to` is a page id, so this
    sends nobody anywhere but to a live public page of the site; anything else goes back to the search."""
    query = normalize_query(request.GET.get("q", ""))
    to = request.GET.get("to", "")
    page = Page.objects.live().public().filter(pk=int(to)).first() if to.isdigit() and len(to) < 12 else None
    url = page.get_url(request) if page else None
    if url is None:
        url = reverse("search") + (f"?{urlencode({'q': query})}" if query else "")
    elif query:
        log.log_opened(request, query, translation.get_language(), page)
    response = HttpResponseRedirect(url)
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
