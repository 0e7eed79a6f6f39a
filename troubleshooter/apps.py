from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TroubleshooterConfig(AppConfig):
    name = "troubleshooter"
    verbose_name = _("Troubleshooter answers")
    default_auto_field = "django.db.models.BigAutoField"
