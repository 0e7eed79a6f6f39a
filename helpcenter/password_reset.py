"""The admin's "Forgotten password?", held to limits: each request sends a mail, so without them anyone
could make the site mail an editor (or any address) without end. Offered only when mail is configured
(WAGTAIL_PASSWORD_RESET_ENABLED follows EMAIL_HOST; Wagtail answers 404 otherwise)."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _
from wagtail.admin.views.account import PasswordResetView

from .clients import client_address
from .limits import address_bucket, count_hit

PERIOD = 60 * 60  # seconds


class ThrottledPasswordResetView(PasswordResetView):
    def form_valid(self, form):
        address = address_bucket(client_address(self.request))
        email = form.cleaned_data["email"].strip().lower()
        over_address = count_hit("reset-ip", address, PERIOD) > settings.PASSWORD_RESETS_PER_IP_PER_HOUR
        over_email = count_hit("reset-email", email, PERIOD) > settings.PASSWORD_RESETS_PER_EMAIL_PER_HOUR
        if over_address or over_email:
            form.add_error(None, _("Too many password reset requests. Please try again in an hour."))
            response = self.form_invalid(form)
            response.status_code = 429
            response["Retry-After"] = str(PERIOD)
            return response
        return super().form_valid(form)
