"""The reader's search page: /<lang>/search/?q=... (what is searched: search.documents; how it is matched:
search.matching)."""

from __future__ import annotations

from django.shortcuts import render
from django.utils import translation
from django.views.decorators.http import require_safe

from helpcenter.search_query import normalize_query

from .documents import documents_for
from .folding import query_words
from .matching import search_documents


@require_safe
def search(request):
    query = normalize_query(request.GET.get("q", ""))
    words = query_words(query)
    lang = translation.get_language()
    results, index_url = [], f"/{lang}/"
    if words:
        with translation.override(lang):
            documents = documents_for(lang)
            results = search_documents(documents, words)
            for result in results:
                result.url = result.document.page.get_url(request)
            index = next((d.page for d in documents if d.kind == "index"), None)
            if index is not None and not results:
                index_url = index.get_url(request) or index_url
    response = render(
        request,
        "search/search.html",
        {"query": query, "searched": bool(words), "results": results, "help_index_url": index_url},
    )
    response["X-Robots-Tag"] = "noindex"
    # A search that found nothing is not stored by the page cache: there are endlessly many of them, and a
    # stored one would tell a later visitor what someone searched (helpcenter/page_cache/policy.py).
    response.page_cache_store = bool(results) or not words
    return response
