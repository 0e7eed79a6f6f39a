from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from helpcenter.page_cache.parameters import PageParameters, register

from .outcomes import outcome_parameter


class FeedbackConfig(AppConfig):
    name = "feedback"
    verbose_name = _("Feedback")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        register(self.label, PageParameters(read=outcome_parameter))
