from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HelpcenterConfig(AppConfig):
    """The project as an app: its templates, and the page cache's receivers."""

    name = "helpcenter"
    verbose_name = _("Help center")

    def ready(self):
        from .page_cache.invalidation import watch_content

        watch_content()
