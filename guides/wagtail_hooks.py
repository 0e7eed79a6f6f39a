"""Every admin hook of the guides app: the server-settings snippet, stable links, the translation workspace,
the typo-fix bookkeeping of the page editor, a failed purge of the front cache on the dashboard of those who
administer the site, and the few paths to deleting and moving pages where Wagtail does
not ask the pages' permission tester what the help center needs."""

from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.log_actions import LogFormatter
from wagtail.snippets.models import register_snippet

from helpcenter.page_cache.purge_report import FailedPurgePanel, last_failure

from .admin.forms import TokenTextPageForm
from .admin.pictures import stale_pictures
from .admin.releases import ReleaseConflictsView
from .admin.viewsets import DeletePagesBulkAction, MovePagesBulkAction, PagesAdminAPIEndpoint, ServerSettingsViewSet
from .links.viewsets import StableLinkViewSet
from .models.permissions import DELETE_AND_MOVE_PAGES
from .releases import RELEASE_ACTION
from .translations import tracking
from .translations import views as translation_views

register_snippet(ServerSettingsViewSet)
register_snippet(StableLinkViewSet)


# --- The translation workspace (Admin › Translations) ---------------------------------------------


@hooks.register("register_admin_urls")
def translation_urls():
    return [
        path("translations/", translation_views.dashboard, name="guides_translations"),
        path("translations/<int:page_id>/<str:lang>/", translation_views.translate, name="guides_translate"),
    ]


class TranslationsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("guides.translate_pages")


@hooks.register("register_admin_menu_item")
def translations_menu_item():
    return TranslationsMenuItem(_("Translations"), reverse("guides_translations"), icon_name="globe", order=250)


# --- A failed purge of the front cache (helpcenter/page_cache/purges.py) --------------------------


@hooks.register("construct_homepage_panels")
def failed_purge_panel(request, panels):
    """Site administrators (who may delete and move pages) and superusers see it: they run the site."""
    if request.user.has_perm(DELETE_AND_MOVE_PAGES) and (failure := last_failure()) is not None:
        panels.append(FailedPurgePanel(failure))


# --- "The Latvian changes are typo fixes" in the page editor --------------------------------------
# Publishing with the box ticked keeps the translations that were up to date with the old Latvian
# text up to date with the new one. The live texts are read before the edit view saves anything.

TYPO_FIX_SOURCES = "_guides_typo_fix_sources"


@hooks.register("before_edit_page")
def remember_sources_of_a_typo_fix(request, page):
    ticked = TokenTextPageForm.base_fields["typo_fix"].to_python(request.POST.get("typo_fix"))
    if request.method == "POST" and ticked and "action-publish" in request.POST:
        live = type(page).objects.get(pk=page.pk)
        setattr(request, TYPO_FIX_SOURCES, {text.address: text.source for text in tracking.page_texts(live)})


@hooks.register("before_edit_page")
def warn_of_pictures_with_old_values(request, page):
    if request.method != "GET" or not hasattr(page, "steps") or not hasattr(page, "record"):
        return
    for picture in stale_pictures(page, page.record):
        messages.warning(
            request,
            _(
                "The picture “%(picture)s” (section “%(section)s”) was uploaded before these values of the server "
                "settings changed: %(changed)s. It may show the old values; the drawn program windows show the "
                "current ones."
            )
            % {"picture": picture.title, "section": picture.section, "changed": ", ".join(picture.changed)},
        )


@hooks.register("after_publish_page")
def keep_translations_of_a_typo_fix(request, page):
    sources_before = getattr(request, TYPO_FIX_SOURCES, None)
    if sources_before:
        tracking.accept_source_change(sources_before, tracking.page_texts(page), request.user)


# --- Deleting and moving pages ------------------------------------------------------------------
# Who may is the pages' permission tester (guides/models/permissions.py), which Wagtail asks on every
# path: the delete view, the move view, listing and header buttons, the bulk actions, the admin API. Three
# of those paths need one more word, each answered by the tester:
#   - the move confirmation asks nothing before showing itself, and on POST asks only can_move_to(), which
#     lets a page go to its own parent (sorting, which Editors may do): it needs can_move();
#   - the admin API's "move" likewise (PagesAdminAPIEndpoint);
#   - the bulk Delete and Move answer a user who may act on none of the pages with a list rather than
#     Wagtail's refusal (DeletePagesBulkAction, MovePagesBulkAction).


@hooks.register("before_move_page")
def refuse_moving_a_page(request, page, destination):
    if not page.permissions_for_user(request.user).can_move():
        raise PermissionDenied


# Registered after Wagtail's own (order 0), so these replace its "delete" and "move" for pages.
hooks.register("register_bulk_action", DeletePagesBulkAction, order=1)
hooks.register("register_bulk_action", MovePagesBulkAction, order=1)


@hooks.register("construct_admin_api")
def move_in_the_admin_api_needs_can_move(router):
    router.register_endpoint("pages", PagesAdminAPIEndpoint)


# --- Content releases (guides/releases.py): their entry in a page's history, the conflicts report ---


@hooks.register("register_log_actions")
def content_release_log_action(actions):
    @actions.register_action(RELEASE_ACTION)
    class ContentRelease(LogFormatter):
        label = _("Content release")

        def format_message(self, log_entry):
            if log_entry.data.get("outcome") == "draft":
                return _("Content release %(release)s, saved as a draft: the page had been changed in the admin") % {
                    "release": log_entry.data.get("release")
                }
            return _("Content release %(release)s") % {"release": log_entry.data.get("release")}


@hooks.register("register_admin_urls")
def release_conflict_urls():
    return [
        path("release-conflicts/", ReleaseConflictsView.as_view(), name="release_conflicts"),
        path(
            "release-conflicts/results/",
            ReleaseConflictsView.as_view(results_only=True),
            name="release_conflicts_results",
        ),
    ]


class ReleaseConflictsMenuItem(MenuItem):
    def is_shown(self, request):
        return ReleaseConflictsView.permission_policy.user_has_permission(request.user, "view")


@hooks.register("register_reports_menu_item")
def release_conflicts_menu_item():
    return ReleaseConflictsMenuItem(
        _("Content release conflicts"), reverse("release_conflicts"), icon_name="warning", order=900
    )
