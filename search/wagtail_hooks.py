from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Synonym
from .reports import REPORTS


class SynonymViewSet(SnippetViewSet):
    """Admin › Search synonyms: for Editors and Site administrators (search.*_synonym, granted by
    search/migrations/0002)."""

    model = Synonym
    icon = "search"
    menu_label = _("Search synonyms")
    menu_order = 270
    add_to_admin_menu = True
    list_display = ["__str__", "language"]
    list_filter = ["language"]


register_snippet(SynonymViewSet)


@hooks.register("register_admin_urls")
def search_report_urls():
    urls = []
    for view in REPORTS:
        slug = view.index_url_name.removeprefix("search_report").strip("_").replace("_", "-")
        prefix = f"searches/{slug}/" if slug else "searches/"
        urls += [
            path(prefix, view.as_view(), name=view.index_url_name),
            path(f"{prefix}results/", view.as_view(results_only=True), name=view.index_results_url_name),
        ]
    return urls


class SearchReportMenuItem(MenuItem):
    def is_shown(self, request):
        return REPORTS[0].permission_policy.user_has_permission(request.user, "view")


def report_menu_item(view, order):
    return SearchReportMenuItem(view.page_title, reverse(view.index_url_name), icon_name="search", order=order)


@hooks.register("register_reports_menu_item")
def searches_menu_item():
    return report_menu_item(REPORTS[0], 810)


@hooks.register("register_reports_menu_item")
def searches_nothing_found_menu_item():
    return report_menu_item(REPORTS[1], 811)


@hooks.register("register_reports_menu_item")
def searches_not_opened_menu_item():
    return report_menu_item(REPORTS[2], 812)
