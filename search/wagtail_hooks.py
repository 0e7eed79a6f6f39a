from django.conf import settings
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.utils import set_query_params
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, SnippetViewSet

from .models import Promotion, Synonym
from .query import normalize_query
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


def safe_next(request) -> str:
    """The `next` URL the editor came from (a report), if it is one of this site's: else ""."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(url, {request.get_host()}, require_https=request.is_secure())
    return url if url and allowed else ""


class PromotionCreateView(CreateView):
    """The new promotion's form, filled in from `?language=…&query=…` (a report's "Promote a page"); after
    saving, back to `?next=…` (the report) when it is a URL of this site."""

    def get_initial(self):
        initial = super().get_initial()
        language = self.request.GET.get("language", "")
        if language in dict(settings.LANGUAGES):
            initial["language"] = language
        query = normalize_query(self.request.GET.get("query", ""))
        if query:
            initial["query"] = query
        return initial

    def get_add_url(self):
        # the form posts to this URL: the report to return to goes with it
        next_url = safe_next(self.request)
        return set_query_params(super().get_add_url(), {"next": next_url}) if next_url else super().get_add_url()

    def get_success_url(self):
        return safe_next(self.request) or super().get_success_url()

    def save_instance(self):
        self.form.instance.created_by = self.request.user
        return super().save_instance()


class PromotionViewSet(SnippetViewSet):
    """Admin › Search promotions: for Editors and Site administrators (search.*_promotion, granted by
    search/migrations/0005). Reports › Searches … link each query to the new promotion's form."""

    model = Promotion
    icon = "pick"
    menu_label = _("Search promotions")
    menu_order = 271
    add_to_admin_menu = True
    add_view_class = PromotionCreateView
    list_display = ["query", "language", "page", "created_by", "created_at"]
    list_filter = ["language"]

    def get_queryset(self, request):
        return Promotion.objects.select_related("page", "created_by")


register_snippet(PromotionViewSet)


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
