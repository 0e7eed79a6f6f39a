"""The search log (search/models.py: SearchLog, SearchClick): written here, read by search/reports.py.

Bounded: a client address logs at most SEARCH_LOG_PER_ADDRESS_PER_HOUR searches, rendered or answered
from the page cache, and as many opened results an hour (counted in the cache like votes,
helpcenter/page_cache/searches.py); beyond that the reader is served and nothing is written. What the
page cache answered without Django is written at most once per FLUSH_SECONDS per process, one row per
distinct search with its count.
"""

from __future__ import annotations

import time
from datetime import timedelta

from django.conf import settings
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from helpcenter.page_cache import searches
from helpcenter.page_cache.searches import within_log_budget

from .models import SearchClick, SearchLog
from .privacy import private_parts_removed

FLUSH_SECONDS = 60
_last_flush = [time.monotonic()]


def log_search(request, query: str, language: str, results: int) -> None:
    if within_log_budget(request, "search"):
        SearchLog.objects.create(query=private_parts_removed(query), language=language, results=results)


def log_opened(request, query: str, language: str, page) -> None:
    if within_log_budget(request, "opened"):
        SearchClick.objects.create(query=private_parts_removed(query), language=language, page=page)


def flush_stored_answers(force: bool = False) -> int:
    """Write the searches the page cache answered since the last flush; the rows written."""
    now = time.monotonic()
    if not force and now - _last_flush[0] < FLUSH_SECONDS:
        return 0
    _last_flush[0] = now
    counts: dict[tuple[str, str], int] = {}
    for ((language, query), who), n in searches.take().items():
        n = searches.budget_taken(who, "search", n)  # what each address may still add this hour
        if n:
            kept = (language, private_parts_removed(query))  # the log's form of each query: search/privacy.py
            counts[kept] = counts.get(kept, 0) + n
    if not counts:
        return 0
    # a stored search page is one the search page rendered and logged: its latest row says what it found
    found = {}
    for language in {lang for lang, _query in counts}:
        queries = [query for lang, query in counts if lang == language]
        latest = SearchLog.objects.filter(language=language, query=OuterRef("query")).order_by("-searched_at", "-pk")
        rows = (
            SearchLog.objects.filter(language=language, query__in=queries)
            .values("query")
            .distinct()
            .annotate(latest=Subquery(latest.values("results")[:1]))
            .values_list("query", "latest")
        )
        found.update({(language, query): results for query, results in rows})
    entries = [
        SearchLog(query=query, language=language, results=found[(language, query)], count=n)
        for (language, query), n in counts.items()
        if (language, query) in found and language in dict(settings.LANGUAGES)
    ]
    SearchLog.objects.bulk_create(entries)
    return len(entries)


def flush_when_due(**kwargs) -> None:
    """request_finished receiver (search/apps.py)."""
    flush_stored_answers()


def prune(days: int | None = None) -> tuple[int, int]:
    """Delete what is older than `days` (SEARCH_LOG_DAYS); (searches, opened results) deleted."""
    cutoff = timezone.now() - timedelta(days=settings.SEARCH_LOG_DAYS if days is None else days)
    searches_deleted, _ = SearchLog.objects.filter(searched_at__lt=cutoff).delete()
    opened_deleted, _ = SearchClick.objects.filter(clicked_at__lt=cutoff).delete()
    return searches_deleted, opened_deleted
