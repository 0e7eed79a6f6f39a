from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.signals import page_published

from helpcenter.internals import set_route


class GuidesConfig(AppConfig):
    name = "guides"
    verbose_name = _("Guides")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Models can be imported only once the app registry is ready.
        from .models import HelpIndexPage
        from .translations.tracking import adopt_published_translations

        set_route(HelpIndexPage, HelpIndexPage.route_to_child)  # after wagtail-modeltranslation's (an earlier app)

        page_published.connect(adopt_published_translations, dispatch_uid="guides-adopt-published-translations")
