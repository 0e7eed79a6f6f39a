"""What readers searched, for editors (Reports › Searches, › Searches that found nothing, › Searches with no
result opened; permission `search.view_searchlog`): one row per language and query, with how often it was
searched, how many pages it found the last time, and how many of its results were opened, filtered by
language and dates, paged and exported as CSV or XLSX like the feedback report. Counted by the database:
a fixed number of queries, however long the log. Each row links an editor who may promote results to the
new promotion's form for its query ("Promote a page", search/wagtail_hooks.py), and back here after saving."""

from __future__ import annotations

from urllib.parse import urlencode

import django_filters
from django import forms
from django.conf import settings
from django.db.models import Count, IntegerField, Max, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies import ModelPermissionPolicy

from helpcenter.exports import csv_text

from .log import flush_stored_answers
from .models import Promotion, SearchClick, SearchLog


class SearchLogFilterSet(WagtailFilterSet):
    language = django_filters.ChoiceFilter(
        label=_("Language"), choices=settings.LANGUAGES, empty_label=_("All"), widget=forms.RadioSelect
    )
    searched_at = django_filters.DateFromToRangeFilter(label=_("Searched between"), widget=DateRangePickerWidget)

    class Meta:
        model = SearchLog
        fields = ["language", "searched_at"]


class SearchesReportView(ReportView):
    page_title = _("Searches")
    header_icon = "search"
    template_name = "search/report.html"
    results_template_name = "search/report_results.html"
    index_url_name = "search_report"
    index_results_url_name = "search_report_results"
    filterset_class = SearchLogFilterSet
    paginate_by = 50
    permission_policy = ModelPermissionPolicy(SearchLog)
    permission_required = "view"
    description = _("What readers searched most, in each language, and how many of their results they opened.")

    list_export = ["query", "language", "searches", "found", "opened", "last"]
    export_headings = {
        "query": _("Query"),
        "language": _("Language"),
        "searches": _("Searches"),
        "found": _("Pages found"),
        "opened": _("Results opened"),
        "last": _("Last searched"),
    }
    custom_value_preprocess = {**ReportView.custom_value_preprocess, str: {ReportView.FORMAT_CSV: csv_text}}
    custom_field_preprocess = {
        "last": {
            ReportView.FORMAT_CSV: lambda value: timezone.localtime(value).isoformat(sep=" ", timespec="seconds"),
            ReportView.FORMAT_XLSX: timezone.make_naive,
        },
    }

    @cached_property
    def searches(self):
        flush_stored_answers(force=True)  # what this process's page cache answered, up to now
        return self.filter_queryset(SearchLog.objects.all())

    def clicks(self):
        clicks = SearchClick.objects.filter(language=OuterRef("language"), query=OuterRef("query"))
        period = self.filters.form.cleaned_data.get("searched_at") if self.filters and self.filters.is_valid() else None
        if period and period.start:
            clicks = clicks.filter(clicked_at__gte=period.start)
        if period and period.stop:
            clicks = clicks.filter(clicked_at__lte=period.stop)
        return clicks.order_by().values("language").annotate(n=Count("pk")).values("n")

    def rows(self):
        latest = SearchLog.objects.filter(language=OuterRef("language"), query=OuterRef("query")).order_by(
            "-searched_at", "-pk"
        )
        return (
            self.searches.order_by()
            .values("language", "query")
            .annotate(
                searches=Sum("count"),
                last=Max("searched_at"),
                found=Subquery(latest.values("results")[:1]),
                opened=Coalesce(Subquery(self.clicks(), output_field=IntegerField()), Value(0)),
            )
        )

    def get_queryset(self):
        return self.rows().order_by("-searches", "language", "query")

    def get_filtered_queryset(self):
        return self.get_queryset()  # the filters apply to the searches before they are counted

    @cached_property
    def promote_url(self) -> str:
        """The new promotion's form, for an editor who may add one (else ""): a row's "Promote a page"."""
        if not ModelPermissionPolicy(Promotion).user_has_permission(self.request.user, "add"):
            return ""
        return reverse("wagtailsnippets_search_promotion:add")

    def promote_link(self, row) -> str:
        """The form filled in with the row's query and language, returning to this report as it is shown."""
        report = reverse(self.index_url_name)
        if self.request.GET:
            report += f"?{self.request.GET.urlencode()}"
        return f"{self.promote_url}?{urlencode({'language': row['language'], 'query': row['query'], 'next': report})}"

    def decorate_paginated_queryset(self, object_list):
        return [
            {
                **row,
                "language_name": translation.get_language_info(row["language"])["name_translated"],
                "promote_url": self.promote_link(row) if self.promote_url else "",
            }
            for row in object_list
        ]

    def write_csv_response(self, queryset):
        response = super().write_csv_response(queryset)
        # written now, while the editor's language is active (Wagtail streams it after the view returns)
        response.streaming_content = list(response.streaming_content)
        return response

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["days"] = settings.SEARCH_LOG_DAYS
        return context

    def get_filename(self):
        return f"{self.index_url_name.replace('_', '-')}-{timezone.localdate().isoformat()}"


class SearchesWithNothingFoundView(SearchesReportView):
    page_title = _("Searches that found nothing")
    index_url_name = "search_report_nothing_found"
    index_results_url_name = "search_report_nothing_found_results"
    description = _("What readers searched and no page of their language answered, the most frequent first.")

    def get_queryset(self):
        return self.rows().filter(found=0).order_by("-searches", "language", "query")


class SearchesWithNoResultOpenedView(SearchesReportView):
    page_title = _("Searches with no result opened")
    index_url_name = "search_report_not_opened"
    index_results_url_name = "search_report_not_opened_results"
    description = _("What readers searched and found pages for, but opened none of them, the most frequent first.")

    def get_queryset(self):
        return self.rows().filter(found__gt=0, opened=0).order_by("-searches", "language", "query")


REPORTS = [SearchesReportView, SearchesWithNothingFoundView, SearchesWithNoResultOpenedView]
