"""The admin's view sets and views: the server-settings snippet, and Wagtail's page bulk actions and admin
API endpoint where they need to ask the pages' permission tester one more question (registered in
guides/wagtail_hooks.py; the rule itself is guides/models/permissions.py)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from wagtail.admin.api.views import PagesAdminAPIViewSet
from wagtail.admin.views.bulk_action import BulkAction
from wagtail.admin.views.pages.bulk_actions.delete import DeleteBulkAction
from wagtail.admin.views.pages.bulk_actions.move import MoveBulkAction
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


# --- Deleting and moving pages: where Wagtail does not ask the tester what the help center needs ---


class RefusedWithoutAnyPage:
    """For a page bulk action: refuse the request (Wagtail's refusal, as the page views give it) when the
    permission tester lets the user act on none of the selected pages. Wagtail itself answers with its
    confirmation screen listing them as pages without permission, and then acts on none."""

    def dispatch(self, request, *args, **kwargs):
        permitted, _without_permission = BulkAction.get_actionable_objects(self)  # the tester: check_perm()
        if not permitted:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class DeletePagesBulkAction(RefusedWithoutAnyPage, DeleteBulkAction):
    pass


class MovePagesBulkAction(RefusedWithoutAnyPage, MoveBulkAction):
    pass


class PagesAdminAPIEndpoint(PagesAdminAPIViewSet):
    """The admin API's "move" action asks the tester only can_move_to(destination), which lets a page be
    placed anew under its own parent (that is sorting); a move needs can_move() first, as in the move view."""

    def action_view(self, request, pk, action_name):
        if action_name == "move" and not self.get_object().permissions_for_user(request.user).can_move():
            raise PermissionDenied
        return super().action_view(request, pk, action_name)
