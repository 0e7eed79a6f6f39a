"""Promoted results (search/models.py: Promotion): the pages editors put first for a query.

`promoted_page_ids` reads a language's promotions once per content generation (a save or a delete of a
promotion makes a new one, search/apps.py), as one dict of query -> page ids: bounded by what editors
promoted, never by what readers type. `apply_promotions` puts those pages at the front of a search's
results in their sort order, adding a page the search did not find when it is among the language's
documents (live, public, of a help center); a promoted result carries `promoted = True` for the search
page's "Recommended" label."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence

from django.db.models import F

from helpcenter.page_cache.store import current_generation

from .models import Promotion
from .query import normalize_query

_by_language: dict[str, tuple[str, dict[str, list[int]]]] = {}  # lang -> (generation, query -> page ids)
_read = threading.Lock()


def promotions_of(lang: str) -> dict[str, list[int]]:
    """Every promotion of `lang`, query -> page ids in order, current with the content generation."""
    try:
        generation = current_generation()
    except Exception:  # no generation to trust: read them on every search, as search/index.py does
        generation = None
    held = _by_language.get(lang)
    if generation is not None and held is not None and held[0] == generation:
        return held[1]
    with _read:
        held = _by_language.get(lang)
        if generation is not None and held is not None and held[0] == generation:
            return held[1]
        table: dict[str, list[int]] = {}
        rows = (
            Promotion.objects.filter(language=lang)
            .order_by(F("sort_order").asc(nulls_last=True), "pk")
            .values_list("query", "page_id")
        )
        for query, page_id in rows:  # read after the generation: at least as new as it
            table.setdefault(query, []).append(page_id)
        if generation is not None:
            _by_language[lang] = (generation, table)
        return table


def promoted_page_ids(lang: str, query: str) -> list[int]:
    """The pages promoted for `query` in `lang`, in their order (the query read as the search page reads it)."""
    return list(promotions_of(lang).get(normalize_query(query), ()))


def apply_promotions(lang: str, query: str, results: list, documents: Sequence, make_result: Callable) -> list:
    """`results` with the promoted pages' results first, in promotion order, each marked `promoted = True`;
    a promoted page the search did not find is added from `documents` (`make_result(document)` builds its
    result), and only from there: a page that is not among them (unpublished, private, not of this
    language's help centers) is left out."""
    promoted = promoted_page_ids(lang, query)
    if not promoted:
        return results
    found = {result.document.page_id: result for result in results}
    missing = {page_id for page_id in promoted if page_id not in found}
    for document in documents if missing else ():
        if document.page_id in missing:
            found[document.page_id] = make_result(document)
            missing.discard(document.page_id)
            if not missing:
                break
    first = [found[page_id] for page_id in promoted if page_id in found]
    for result in first:
        result.promoted = True
    chosen = {id(result) for result in first}
    return first + [result for result in results if id(result) not in chosen]
