"""Reports › Content release conflicts (permission `guides.view_releaseconflict`): the releases that reached
pages editors had changed (or the settings record settings administrators had), each offered as a draft
revision (guides/releases.py), with what it changes."""

from django.db.models import BooleanField, ExpressionWrapper, F, Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies import ModelPermissionPolicy

from helpcenter.exports import csv_text

from ..models import ReleaseConflict


class ReleaseConflictsView(ReportView):
    page_title = _("Content release conflicts")
    header_icon = "warning"
    results_template_name = "guides/admin/release_conflicts_results.html"
    index_url_name = "release_conflicts"
    index_results_url_name = "release_conflicts_results"
    paginate_by = 50
    permission_policy = ModelPermissionPolicy(ReleaseConflict)
    permission_required = "view"
    list_export = ["subject", "release", "created_at", "open", "difference"]
    export_headings = {
        "subject": _("Page or server settings"),
        "release": _("Release"),
        "created_at": _("Loaded"),
        "open": _("Draft waiting"),
        "difference": _("What the release changes"),
    }
    # titles and texts editors and content files wrote: never a formula in a spreadsheet (the page is an
    # object, written as its title)
    custom_field_preprocess = {"subject": {ReportView.FORMAT_CSV: lambda value: csv_text(str(value))}}
    custom_value_preprocess = {**ReportView.custom_value_preprocess, str: {ReportView.FORMAT_CSV: csv_text}}

    def get_queryset(self):
        # open while the release's draft is still the page's (or the record's) latest, unpublished revision
        waiting = (Q(page__latest_revision_id=F("revision_id")) & Q(page__has_unpublished_changes=True)) | (
            Q(record__latest_revision_id=F("revision_id")) & Q(record__has_unpublished_changes=True)
        )
        return ReleaseConflict.objects.select_related("page", "record").annotate(
            open=ExpressionWrapper(waiting, output_field=BooleanField())
        )
