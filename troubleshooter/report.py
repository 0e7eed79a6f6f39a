"""The editors' report of the troubleshooter (Reports › Troubleshooter answers, permission
`troubleshooter.view_causeanswer`: Editors and Site administrators).

A Wagtail report view, like the feedback report (feedback/report.py): one row per problem, program,
language and cause, with how often readers said the cause fixed it and how often they went on ("Still not
working"), for the period and the language or program the filters choose; paged, and downloaded as CSV or
XLSX. The filters apply to the answers before they are counted. Rows are counted, sorted and paginated by
the database: a problem's rows come in the order of the page tree, then by program and language, then in
the order the problem lists its causes now. Answers outlive their pages (troubleshooter/models.py): a
deleted problem or cause keeps its rows, under the title saved with its latest answer.
"""

from __future__ import annotations

import django_filters
from django import forms
from django.conf import settings
from django.db.models import Case, Count, F, IntegerField, Max, OuterRef, Q, Subquery, Value, When
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies import ModelPermissionPolicy

from guides.models import ProblemStep, ProblemStepKind
from guides.models.troubleshooting import PROGRAMS
from helpcenter.exports import csv_text

from .models import CauseAnswer


def share_fixed(fixed: int, still: int) -> int | None:
    """The share of "This fixed it" among the answers at a cause, in whole percent; None without answers."""
    total = fixed + still
    return round(100 * fixed / total) if total else None


def order_of(choices, field: str):
    return Case(
        *(When(**{field: code}, then=Value(i)) for i, (code, _name) in enumerate(choices)),
        default=Value(len(choices)),
        output_field=IntegerField(),
    )


def aggregate_answers(answers):
    """Per problem, program, language and cause in `answers`: fixed, still, latest; sorted, as one query."""
    latest = CauseAnswer.objects.order_by("-answered_at", "-pk")
    problem_title = latest.filter(original_problem_id=OuterRef("original_problem_id")).values("problem_title")[:1]
    cause_title = latest.filter(original_cause_id=OuterRef("original_cause_id")).values("cause_title")[:1]
    position = (
        ProblemStep.objects.filter(
            page_id=OuterRef("original_problem_id"),
            cause_id=OuterRef("original_cause_id"),
            kind=ProblemStepKind.CAUSE,
        )
        .order_by("sort_order")
        .values("sort_order")[:1]
    )
    return (
        answers.order_by()
        .values("original_problem_id", "program", "language", "original_cause_id")
        .annotate(
            fixed_it=Count("pk", filter=Q(fixed=True)),
            still_not_working=Count("pk", filter=Q(fixed=False)),
            latest=Max("answered_at"),
            current_problem_id=Max("problem_id"),
            current_cause_id=Max("cause_id"),
            tree_path=Max("problem__path"),
            program_order=order_of([("", ""), *PROGRAMS], "program"),
            language_order=order_of(settings.LANGUAGES, "language"),
            saved_problem_title=Subquery(problem_title),
            saved_cause_title=Subquery(cause_title),
            position=Subquery(position, output_field=IntegerField()),
        )
        .order_by(
            F("tree_path").asc(nulls_last=True),
            "saved_problem_title",
            "original_problem_id",
            "program_order",
            "language_order",
            F("position").asc(nulls_last=True),
            "saved_cause_title",
            "original_cause_id",
        )
    )


def totals(answers) -> dict:
    counts = answers.aggregate(
        fixed_it=Count("pk", filter=Q(fixed=True)), still_not_working=Count("pk", filter=Q(fixed=False))
    )
    return {**counts, "share": share_fixed(counts["fixed_it"], counts["still_not_working"])}


def complete_rows(rows) -> list[dict]:
    """What the screen and the export show of the counted rows: titles (the current ones, else the saved),
    names of the program and the language, the share (no further query)."""
    programs = dict(PROGRAMS)
    completed = []
    for row in rows:
        completed.append(
            {
                **row,
                "problem": row["saved_problem_title"] or gettext("Untitled page"),
                "cause": row["saved_cause_title"] or gettext("Untitled page"),
                "problem_deleted": row["current_problem_id"] is None,
                "cause_deleted": row["current_cause_id"] is None,
                "program_name": programs.get(row["program"]) or gettext("Not known"),
                "language_name": translation.get_language_info(row["language"])["name_translated"],
                "share": share_fixed(row["fixed_it"], row["still_not_working"]),
            }
        )
    return completed


class CauseAnswersFilterSet(WagtailFilterSet):
    language = django_filters.ChoiceFilter(
        label=_("Language"), choices=settings.LANGUAGES, empty_label=_("All"), widget=forms.RadioSelect
    )
    program = django_filters.ChoiceFilter(label=_("Program"), choices=PROGRAMS, empty_label=_("All"))
    answered_at = django_filters.DateFromToRangeFilter(label=_("Answered between"), widget=DateRangePickerWidget)

    class Meta:
        model = CauseAnswer
        fields = ["language", "program", "answered_at"]


class CauseAnswersReportView(ReportView):
    page_title = _("Troubleshooter answers")
    header_icon = "help"
    template_name = "troubleshooter/report.html"
    results_template_name = "troubleshooter/report_results.html"
    index_url_name = "troubleshooter_report"
    index_results_url_name = "troubleshooter_report_results"
    filterset_class = CauseAnswersFilterSet
    paginate_by = 50
    permission_policy = ModelPermissionPolicy(CauseAnswer)
    permission_required = "view"

    list_export = [
        "problem",
        "program_name",
        "language",
        "position",
        "cause",
        "fixed_it",
        "still_not_working",
        "share",
        "latest",
    ]
    export_headings = {
        "problem": _("Problem"),
        "program_name": _("Program"),
        "language": _("Language"),
        "position": _("Order on the problem"),
        "cause": _("Cause"),
        "fixed_it": _("This fixed it"),
        "still_not_working": _("Still not working"),
        "share": _("Share fixed (%)"),
        "latest": _("Latest answer"),
    }
    custom_value_preprocess = {**ReportView.custom_value_preprocess, str: {ReportView.FORMAT_CSV: csv_text}}
    custom_field_preprocess = {
        "latest": {
            ReportView.FORMAT_CSV: lambda value: timezone.localtime(value).isoformat(sep=" ", timespec="seconds"),
            ReportView.FORMAT_XLSX: timezone.make_naive,
        },
    }

    @cached_property
    def answers(self):
        return self.filter_queryset(CauseAnswer.objects.all())

    def get_queryset(self):
        return aggregate_answers(self.answers)

    def get_filtered_queryset(self):
        return self.get_queryset()  # the filters apply to the answers before they are counted

    def decorate_paginated_queryset(self, object_list):
        return complete_rows(object_list)

    def write_csv_response(self, queryset):
        response = super().write_csv_response(queryset)
        # written now, while the editor's language and time zone are active (Wagtail streams it later)
        response.streaming_content = list(response.streaming_content)
        return response

    def get_filename(self):
        return f"troubleshooter-answers-{timezone.localdate().isoformat()}"

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        if not self.is_export:
            context["totals"] = totals(self.answers)
        return context
