"""Every admin hook of the guides app: the server-settings snippet, the translation workspace, the
typo-fix bookkeeping of the page editor, and who may delete and move pages."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.models import Page
from wagtail.snippets.models import register_snippet

from .admin.forms import TokenTextPageForm
from .admin.pictures import stale_pictures
from .admin.viewsets import (
    DeletePagesBulkAction,
    HelpCenterPageViewSet,
    MovePagesBulkAction,
    PagesAdminAPIEndpoint,
    ServerSettingsViewSet,
    buttons_for,
    require_delete_and_move_pages,
)
from .translations import tracking
from .translations import views as translation_views

register_snippet(ServerSettingsViewSet)


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


# --- Who may delete and move pages (see guides/admin/viewsets.py) ---------------------------------


@hooks.register("before_delete_page")
def refuse_deleting_a_page(request, page):
    require_delete_and_move_pages(request.user)


@hooks.register("before_move_page")
def refuse_moving_a_page(request, page, destination):
    require_delete_and_move_pages(request.user)


@hooks.register("before_bulk_action")
def refuse_deleting_or_moving_pages_in_bulk(request, action_type, objects, action_class_instance):
    if action_type in ("delete", "move") and issubclass(action_class_instance.model, Page):
        require_delete_and_move_pages(request.user)


# Registered after Wagtail's own (order 0), so these replace its "delete" and "move" for pages.
hooks.register("register_bulk_action", DeletePagesBulkAction, order=1)
hooks.register("register_bulk_action", MovePagesBulkAction, order=1)


@hooks.register("construct_page_listing_buttons")
def hide_delete_and_move_in_listings(buttons, page, user, context=None):
    buttons[:] = buttons_for(user, buttons, page)
    for button in buttons:
        if hasattr(button, "dropdown_buttons"):  # the row's "More options" menu
            button.dropdown_buttons = buttons_for(user, button.dropdown_buttons, page)


@hooks.register("register_admin_viewset")
def register_page_viewset():
    return HelpCenterPageViewSet()


@hooks.register("construct_admin_api")
def refuse_deleting_and_moving_pages_in_the_admin_api(router):
    router.register_endpoint("pages", PagesAdminAPIEndpoint)
