from django.apps import AppConfig
from django.db import models
from django.utils.translation import gettext_lazy as _

from .numbers import WholeNumberFormField


class HelpcenterConfig(AppConfig):
    """The project as an app: its templates, the page cache's receivers, and how admin forms read numbers."""

    name = "helpcenter"
    verbose_name = _("Help center")

    def ready(self):
        from wagtail.admin.forms.models import register_form_field_override  # it loads models

        from .page_cache.invalidation import watch_content

        watch_content()
        register_form_field_override(models.IntegerField, override={"form_class": WholeNumberFormField})
