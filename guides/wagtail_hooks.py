from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import feedback as feedback  # noqa: F401  (registers the Feedback report; "as" keeps isort from merging)
from . import translation_admin  # noqa: F401  (registers the Translations menu and views)
from .models import ServerSettings
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


register_snippet(ServerSettingsViewSet)
