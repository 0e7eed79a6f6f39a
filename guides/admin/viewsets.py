"""The admin's view sets and views: the server-settings snippet, and Wagtail's page views with the
help center's rule on deleting and moving pages (registered in guides/wagtail_hooks.py)."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.api.views import PagesAdminAPIViewSet
from wagtail.admin.views.pages.bulk_actions.delete import DeleteBulkAction
from wagtail.admin.views.pages.bulk_actions.move import MoveBulkAction
from wagtail.admin.views.pages.edit import EditView
from wagtail.admin.views.pages.listing import ExplorableIndexView
from wagtail.admin.views.pages.move import MoveChooseDestinationView
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.snippets.views.snippets import SnippetViewSet

from ..models import ServerSettings
from .panels import ServerSettingsUsagePanel


class ServerSettingsViewSet(SnippetViewSet):
    model = ServerSettings
    icon = "cogs"
    menu_label = _("Server settings")
    menu_order = 200
    add_to_admin_menu = True
    list_display = ["name", "domains", "imap_port", "smtp_port", "live"]
    # Where the record is used first, then the record's own fields. The edit, revert and
    # preview views all build their form from these panels.
    panels = [ServerSettingsUsagePanel(), *ServerSettings.panels]


# --- Who may delete and move pages ----------------------------------------------------------------
#
# Wagtail 8 lets anyone with "change" and "publish" on a page delete it (a leaf; with "bulk_delete"
# also one with children) and move it: PagePermissionTester.can_delete()/can_move() derive both from
# "change", and there is no page permission to withhold. The help center's roles (docs/roles.md) keep
# deleting and moving for Site administrators and superusers, through the custom permission
# `guides.delete_and_move_pages`. Wagtail's own checks still apply on top (e.g. children need
# "bulk_delete", a destination needs "add" and "publish").
#
# The tester cannot be replaced for every page type without changing the page models, so the rule is
# enforced where Wagtail lets a project in, on every path that deletes or moves a page:
#   - the delete view and the move confirmation (GET and POST): before_delete_page, before_move_page;
#   - the move view (choosing a destination), which runs no hook: a page viewset (below);
#   - the listing's bulk Delete and Move (GET and POST): those actions re-registered, and
#     before_bulk_action as a second line should anything register Wagtail's classes again;
#   - the admin API's "delete" and "move" actions (/admin/api/main/pages/<id>/action/...).
# A refusal is Wagtail's own: PermissionDenied, which the admin turns into a redirect to the dashboard
# with "Sorry, you do not have permission to access this area." (the API answers 403); nothing changes.
# Editors do not see Delete and Move either: not in a page's header menu (editor and explorer) nor in a
# listing row's menu. Wagtail shows its bulk-action bar to every user, with Delete and Move in it; the
# action itself is refused.
# Not covered because it is no move: "Sort menu order" (reordering pages under the same parent, which
# Wagtail allows with "publish"); the URL of a page does not change.

DELETE_AND_MOVE_PAGES = "guides.delete_and_move_pages"


def may_delete_and_move_pages(user):
    """True for active users with the permission, which includes every active superuser."""
    return user.is_active and user.has_perm(DELETE_AND_MOVE_PAGES)


def require_delete_and_move_pages(user):
    if not may_delete_and_move_pages(user):
        raise PermissionDenied


def buttons_for(user, buttons, page):
    """`buttons` as `user` may see them: without those that lead to deleting or moving `page`, unless
    the user may delete and move pages."""
    if may_delete_and_move_pages(user):
        return buttons
    hidden = {
        reverse("wagtailadmin_pages:delete", args=[page.pk]),
        reverse("wagtailadmin_pages:move", args=[page.pk]),
    }
    return [button for button in buttons if urlsplit(getattr(button, "url", None) or "").path not in hidden]


class DeletePagesBulkAction(DeleteBulkAction):
    """Wagtail's bulk delete of pages, refused up front (also its confirmation) without the permission."""

    def dispatch(self, request, *args, **kwargs):
        require_delete_and_move_pages(request.user)
        return super().dispatch(request, *args, **kwargs)


class MovePagesBulkAction(MoveBulkAction):
    """Wagtail's bulk move of pages, refused up front (also choosing the destination) without the permission."""

    def dispatch(self, request, *args, **kwargs):
        require_delete_and_move_pages(request.user)
        return super().dispatch(request, *args, **kwargs)


class PageEditView(EditView):
    @cached_property
    def header_more_buttons(self):
        return buttons_for(self.request.user, super().header_more_buttons, self.page)


class PageExplorerView(ExplorableIndexView):
    @cached_property
    def header_more_buttons(self):
        return buttons_for(self.request.user, super().header_more_buttons, self.parent_page)


class PageMoveView(MoveChooseDestinationView):
    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)  # Wagtail's checks first: the page exists, can_move()
        require_delete_and_move_pages(request.user)


class HelpCenterPageViewSet(PageViewSet):
    """Wagtail's page views for every page type, with the three above in place of Wagtail's own.

    Registered for the base Page model after Wagtail's default page viewset (order -1), so it
    replaces that one; a page type with a viewset of its own would not use these views.
    """

    edit_view_class = PageEditView
    index_view_class = PageExplorerView
    move_view_class = PageMoveView


class PagesAdminAPIEndpoint(PagesAdminAPIViewSet):
    def action_view(self, request, pk, action_name):
        if action_name in ("delete", "move"):
            require_delete_and_move_pages(request.user)
        return super().action_view(request, pk, action_name)
