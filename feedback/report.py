"""The editors' report of “Was this helpful?” (Admin › Feedback, permission `feedback.view_feedback`).

A Wagtail report view: editors filter the votes by language and by the date they were given, page
through the rows and download them as CSV or XLSX. A row is one page in one language. The filters
apply to the votes before they are counted, so every row, the totals and the latest reasons describe
the same votes.

It reads a fixed number of queries, however many pages have votes: the rows are counted, sorted and
paginated by the database, and the pages, latest reasons and deleted pages' titles of the rows shown
are read in one query each. Votes outlive their page (see the Feedback model): the report keeps
showing a deleted page's votes, under the title saved with them.
"""

from __future__ import annotations

from datetime import timedelta

import django_filters
from django import forms
from django.conf import settings
from django.db.models import (
    Case,
    Count,
    ExpressionWrapper,
    F,
    FloatField,
    IntegerField,
    Max,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import RowNumber
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page
from wagtail.permission_policies import ModelPermissionPolicy

from helpcenter.exports import csv_text

from .models import Feedback, WhyNot

REASONS_SHOWN = 5  # latest reasons per page and language in the report


def share_of_yes(yes: int, no: int) -> int | None:
    """The share of yes answers in whole percent, None without answers."""
    total = yes + no
    return round(100 * yes / total) if total else None


# --- the rows ---------------------------------------------------------------------------------


def aggregate_votes(votes):
    """Per page and language in `votes`: yes, no, latest answer; sorted, as one (lazy) query.

    Votes are grouped by the page they were given on, also after that page was deleted (their `page`
    is then empty; `original_page_id` keeps the page's id). Live pages come first in the order of the
    page tree, then deleted ones by the title saved with their latest vote; within a page the
    languages keep the order of settings.LANGUAGES.
    """
    latest_title = (
        Feedback.objects.filter(original_page_id=OuterRef("original_page_id"))
        .order_by("-created_at", "-pk")
        .values("page_title")[:1]
    )
    language_order = Case(
        *(When(language=code, then=Value(i)) for i, (code, _name) in enumerate(settings.LANGUAGES)),
        default=Value(len(settings.LANGUAGES)),
        output_field=IntegerField(),
    )
    return (
        votes.order_by()
        .values("original_page_id", "language")
        .annotate(
            yes=Count("pk", filter=Q(helpful=True)),
            no=Count("pk", filter=Q(helpful=False)),
            **{f"why_{value}": Count("pk", filter=Q(why_not=value)) for value in WhyNot.values},
            latest=Max("created_at"),
            current_page_id=Max("page_id"),
            tree_path=Max("page__path"),
            language_order=language_order,
            # only sorts the deleted pages (no tree path) among themselves; live pages keep tree order
            saved_title=Subquery(latest_title),
        )
        .order_by(F("tree_path").asc(nulls_last=True), "saved_title", "original_page_id", "language_order")
    )


def totals(votes) -> dict:
    """Yes, no and the share of yes over all `votes` (one query)."""
    counts = votes.aggregate(yes=Count("pk", filter=Q(helpful=True)), no=Count("pk", filter=Q(helpful=False)))
    return {**counts, "share": share_of_yes(counts["yes"], counts["no"])}


def latest_reasons(votes, page_ids) -> dict[tuple[int, str], list[dict]]:
    """The latest REASONS_SHOWN reasons in `votes` per page and language, for the pages given (one query)."""
    latest = (
        votes.filter(original_page_id__in=page_ids)
        .exclude(reason="")
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("original_page_id"), F("language")],
                order_by=[F("created_at").desc(), F("pk").desc()],
            )
        )
        .filter(rank__lte=REASONS_SHOWN)
        .order_by("original_page_id", "language", "rank")
        .values("original_page_id", "language", "reason", "helpful", "created_at")
    )
    reasons: dict[tuple[int, str], list[dict]] = {}
    for item in latest:
        reasons.setdefault((item["original_page_id"], item["language"]), []).append(item)
    return reasons


def deleted_page_snapshots(page_ids) -> dict[int, dict]:
    """Title and path of each deleted page, as saved with its latest vote (one query)."""
    latest = (
        Feedback.objects.filter(original_page_id__in=page_ids)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("original_page_id")],
                order_by=[F("created_at").desc(), F("pk").desc()],
            )
        )
        .filter(rank=1)
        .values("original_page_id", "page_title", "page_url_path")
    )
    return {item["original_page_id"]: item for item in latest}


def source_url_path(page) -> str:
    """The page's URL path in the source language, as Feedback.remember_page saves it for a deleted page."""
    source = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    return getattr(page, build_localized_fieldname("url_path", source), None) or page.url_path or ""


def complete_rows(rows, votes) -> list[dict]:
    """Add to the counted rows what the screen and the export show: page, title, path, reasons.

    Three queries at most, however many rows: the live pages, the latest reasons, and the snapshots
    of deleted pages (only when a row is of a deleted page).
    """
    rows = list(rows)
    if not rows:
        return rows
    pages = Page.objects.in_bulk({row["current_page_id"] for row in rows if row["current_page_id"] is not None})
    reasons = latest_reasons(votes, {row["original_page_id"] for row in rows})
    deleted = {row["original_page_id"] for row in rows if row["current_page_id"] not in pages}
    snapshots = deleted_page_snapshots(deleted) if deleted else {}
    completed = []
    for row in rows:
        page_id = row["original_page_id"]
        page = pages.get(row["current_page_id"])
        snapshot = snapshots.get(page_id, {})
        completed.append(
            {
                **row,
                "page_id": page_id,
                "page": page,
                "deleted": page is None,
                "snapshot": snapshot,
                "title": page.title if page else snapshot.get("page_title") or gettext("Untitled page"),
                "url_path": source_url_path(page) if page else snapshot.get("page_url_path", ""),
                "language_name": translation.get_language_info(row["language"])["name_translated"],
                "share": share_of_yes(row["yes"], row["no"]),
                "reasons": reasons.get((page_id, row["language"]), []),
                "why_not": [(label, row[f"why_{value}"]) for value, label in WhyNot.choices if row[f"why_{value}"]],
            }
        )
    return completed


# --- the export -------------------------------------------------------------------------------


def reasons_text(reasons: list[dict]) -> str:
    """The reasons of a row in one cell, newest first, each after its answer and date as on the screen."""
    return "\n".join(
        "{answer} ({date}): {reason}".format(
            answer=gettext("Yes") if item["helpful"] else gettext("No"),
            date=timezone.localdate(item["created_at"]).isoformat(),
            reason=item["reason"],
        )
        for item in reasons
    )


def why_not_text(counts) -> str:
    return "\n".join(f"{label}: {count}" for label, count in counts)


def csv_datetime(value) -> str:
    return timezone.localtime(value).isoformat(sep=" ", timespec="seconds")


def xlsx_datetime(value):
    # In the time zone of the screen; Wagtail's default would write UTC.
    return timezone.make_naive(value)


# --- the view ---------------------------------------------------------------------------------


class FeedbackReportFilterSet(WagtailFilterSet):
    language = django_filters.ChoiceFilter(
        label=_("Language"), choices=settings.LANGUAGES, empty_label=_("All"), widget=forms.RadioSelect
    )
    created_at = django_filters.DateFromToRangeFilter(label=_("Answered between"), widget=DateRangePickerWidget)

    class Meta:
        model = Feedback
        fields = ["language", "created_at"]


class FeedbackReportView(ReportView):
    page_title = _("Feedback")
    header_icon = "comment"
    template_name = "feedback/report.html"
    results_template_name = "feedback/report_results.html"
    index_url_name = "feedback_report"
    index_results_url_name = "feedback_report_results"
    filterset_class = FeedbackReportFilterSet
    paginate_by = 50
    permission_policy = ModelPermissionPolicy(Feedback)
    permission_required = "view"

    list_export = ["title", "url_path", "language", "deleted", "yes", "no", "share", "why_not", "latest", "reasons"]
    export_headings = {
        "title": _("Page"),
        "url_path": _("Page path"),
        "language": _("Language"),
        "deleted": _("Deleted page"),
        "yes": _("Yes"),
        "no": _("No"),
        "share": _("Share of yes (%)"),
        "why_not": _("What was wrong"),
        "latest": _("Latest answer"),
        "reasons": _("Latest reasons"),
    }
    custom_value_preprocess = {
        **ReportView.custom_value_preprocess,
        str: {ReportView.FORMAT_CSV: csv_text},
    }
    custom_field_preprocess = {
        "deleted": {
            ReportView.FORMAT_CSV: lambda deleted: gettext("Yes") if deleted else "",
            ReportView.FORMAT_XLSX: lambda deleted: gettext("Yes") if deleted else "",
        },
        "latest": {ReportView.FORMAT_CSV: csv_datetime, ReportView.FORMAT_XLSX: xlsx_datetime},
        "reasons": {ReportView.FORMAT_CSV: reasons_text, ReportView.FORMAT_XLSX: reasons_text},
        "why_not": {ReportView.FORMAT_CSV: why_not_text, ReportView.FORMAT_XLSX: why_not_text},
    }

    @cached_property
    def votes(self):
        """The votes the filters let through; the rows, totals and reasons are all made of them."""
        return self.filter_queryset(Feedback.objects.all())

    def get_queryset(self):
        return aggregate_votes(self.votes)

    def get_filtered_queryset(self):
        # The filters apply to the votes before they are counted (see `votes`), not to the rows.
        return self.get_queryset()

    def decorate_paginated_queryset(self, object_list):
        return complete_rows(object_list, self.votes)

    def write_csv_response(self, queryset):
        response = super().write_csv_response(queryset)
        # Wagtail streams the file after the view has returned, when the admin user's language and
        # time zone are no longer active: write it now, so headings and times match the screen.
        response.streaming_content = list(response.streaming_content)
        return response

    def get_filename(self):
        return f"feedback-{timezone.localdate().isoformat()}"

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["reasons_shown"] = REASONS_SHOWN
        if not self.is_export:
            context["totals"] = totals(self.votes)
        return context


class UnhelpfulPagesView(FeedbackReportView):
    """The pages readers found least helpful in a period (by default the last FEEDBACK_UNHELPFUL_DAYS
    days): rows with at least one "No", the highest share of "No" first, then the most of them."""

    page_title = _("Unhelpful pages")
    header_icon = "warning"
    template_name = "feedback/unhelpful.html"
    index_url_name = "feedback_unhelpful"
    index_results_url_name = "feedback_unhelpful_results"

    @cached_property
    def votes(self):
        votes = super().votes
        if not any(key.startswith("created_at") and value for key, value in self.request.GET.items()):
            votes = votes.filter(created_at__gte=timezone.now() - timedelta(days=settings.FEEDBACK_UNHELPFUL_DAYS))
        return votes

    def get_queryset(self):
        share_of_no = ExpressionWrapper(F("no") * 1.0 / (F("yes") + F("no")), output_field=FloatField())
        return (
            aggregate_votes(self.votes)
            .filter(no__gt=0)
            .annotate(share_of_no=share_of_no)
            .order_by("-share_of_no", "-no", "original_page_id", "language_order")
        )

    def get_filename(self):
        return f"unhelpful-pages-{timezone.localdate().isoformat()}"

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["default_days"] = settings.FEEDBACK_UNHELPFUL_DAYS
        return context
