"""Admin panels of the server-settings record (used by ServerSettingsViewSet)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.panels import Panel

from ..models import ArticlePage, GuidePage


def usage_summary(guides: int, articles: int, help_centers: int) -> str:
    """“Used by 6 guides and 5 articles in 1 help center”, in the active language."""
    return _("Used by %(guides)s and %(articles)s in %(help_centers)s") % {
        "guides": ngettext("%(count)d guide", "%(count)d guides", guides) % {"count": guides},
        "articles": ngettext("%(count)d article", "%(count)d articles", articles) % {"count": articles},
        "help_centers": ngettext("%(count)d help center", "%(count)d help centers", help_centers)
        % {"count": help_centers},
    }


USAGE_HEADING = _("Where these settings are used")


class ServerSettingsUsagePanel(Panel):
    """Where the record is used: the help centers bound to it and their live guides and articles,
    each linked to its admin edit view. Shows nothing on the create view (nothing is bound yet)."""

    def __init__(self, heading="", **kwargs):
        super().__init__(heading=heading or USAGE_HEADING, **kwargs)

    @property
    def clean_name(self):
        return super().clean_name or "usage"

    class BoundPanel(Panel.BoundPanel):
        template_name = "guides/admin/server_settings_usage.html"

        def is_shown(self):
            return self.instance is not None and self.instance.pk is not None

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            record = self.instance
            indexes = list(record.help_indexes.order_by("path"))
            guides = list(record.bound_pages(GuidePage))
            articles = list(record.bound_pages(ArticlePage))
            context["summary"] = usage_summary(len(guides), len(articles), len(indexes))
            context["help_centers"] = [
                {
                    "index": index,
                    "guides": [p for p in guides if p.path.startswith(index.path)],
                    "articles": [p for p in articles if p.path.startswith(index.path)],
                }
                for index in indexes
            ]
            return context
