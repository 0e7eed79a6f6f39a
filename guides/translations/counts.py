"""The translations dashboard's counts, per page and language, kept in TranslationCount.

Counting a page walks its texts (tracking.page_texts) and reads their states: a few milliseconds, too
much for thousands of pages per request. So each count is stored, deleted when its page or one of the
page's translation states is saved (the receivers below, connected in GuidesConfig.ready), and counted
again when the dashboard next shows the page or sums the totals. A screen of the dashboard then costs the
same few queries however many pages the help center has; only pages changed since are counted again.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import Sum

from ..models import PAGE_TYPES, STEP_MODELS, HelpIndexPage, TranslationCount
from . import tracking

STEP_PAGE = {step_model: page_type for page_type, step_model in STEP_MODELS.items()}


def help_center_pages():
    """Every page under a help index, the index included, in tree order (a query, not a list)."""
    indexes = HelpIndexPage.objects.order_by("path")
    query = None
    for index in indexes:
        descendants = index.get_descendants(inclusive=True)
        query = descendants if query is None else query | descendants
    return query.order_by("path") if query is not None else HelpIndexPage.objects.none()


def count(pages) -> None:
    """Count `pages` (specific pages) in every target language and store the counts."""
    rows = []
    for page in pages:
        texts = tracking.page_texts(page)
        states = tracking.states_for(texts)
        for lang in tracking.TARGETS:
            found = tracking.counts(texts, lang, states)
            rows.append(TranslationCount(page_id=page.pk, language=lang, **found))
    TranslationCount.objects.filter(page_id__in=[page.pk for page in pages]).delete()
    TranslationCount.objects.bulk_create(rows)


def count_missing(pages) -> None:
    """Count those of `pages` (a query of pages) that have no stored counts."""
    uncounted = pages.exclude(pk__in=TranslationCount.objects.values("page_id"))
    if uncounted.exists():
        count(list(uncounted.specific()))


def counts_of(page_ids) -> dict[tuple[int, str], dict[str, int]]:
    rows = TranslationCount.objects.filter(page_id__in=page_ids).values_list(
        "page_id", "language", "missing", "stale", "current"
    )
    return {
        (page_id, lang): {tracking.MISSING: missing, tracking.STALE: stale, tracking.CURRENT: current}
        for page_id, lang, missing, stale, current in rows
    }


def totals(pages) -> dict[str, dict[str, int]]:
    """The sums over `pages` per language, computed in the database."""
    sums = {lang: {tracking.MISSING: 0, tracking.STALE: 0, tracking.CURRENT: 0} for lang in tracking.TARGETS}
    query = TranslationCount.objects.filter(page__in=pages.values("pk")).values("language")
    for row in query.annotate(missing_sum=Sum("missing"), stale_sum=Sum("stale"), current_sum=Sum("current")):
        if row["language"] in sums:
            sums[row["language"]] = {
                tracking.MISSING: row["missing_sum"],
                tracking.STALE: row["stale_sum"],
                tracking.CURRENT: row["current_sum"],
            }
    return sums


# --- receivers: a saved page or translation state makes its page's counts out of date ------------------


def page_saved(sender, instance, **kwargs) -> None:
    TranslationCount.objects.filter(page_id=instance.pk).delete()


def step_saved(sender, instance, **kwargs) -> None:
    TranslationCount.objects.filter(page_id=instance.page_id).delete()


def state_saved(sender, instance, **kwargs) -> None:
    model = ContentType.objects.get_for_id(instance.content_type_id).model_class()
    if model in STEP_PAGE:
        page_ids = model.objects.filter(pk=instance.object_id).values("page_id")
        TranslationCount.objects.filter(page_id__in=page_ids).delete()
    elif model in PAGE_TYPES:
        TranslationCount.objects.filter(page_id=instance.object_id).delete()
