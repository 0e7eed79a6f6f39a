"""The admin's "Forgotten password?", held to limits: each request sends a mail, so without them anyone
could make the site mail an editor (or any address) without end. Offered only when mail is configured
(WAGTAIL_PASSWORD_RESET_ENABLED follows EMAIL_HOST; Wagtail answers 404 otherwise).

The limit per address counts the address as Django matches it to a user (NFKC and case folded: "ſ" is
"s"), so a spelling of the same address cannot start a new count. The mail is written and sent once the
response is finished (request_finished), so an address that has an account answers as fast as one that
has none: the time of the answer does not tell which addresses are editors'."""

from __future__ import annotations

import unicodedata

from django.conf import settings
from django.core.signals import request_finished
from django.utils import translation
from django.utils.translation import gettext as _
from wagtail.admin.views.account import PasswordResetView

from .clients import client_address
from .limits import address_bucket, count_hit

PERIOD = 60 * 60  # seconds


def matched_form(email: str) -> str:
    """An address as Django's reset form matches it to users (casefold, after NFKC)."""
    return unicodedata.normalize("NFKC", email.strip()).casefold()


class MailAfterResponse:
    """The reset form's mails, kept until the response is finished, then written and sent."""

    def __init__(self, form_class):
        self.pending: list[tuple[tuple, dict]] = []
        self.language = translation.get_language()
        self.original = form_class
        outer = self

        class DeferredForm(form_class):
            def send_mail(self, *args, **kwargs):
                outer.pending.append((args, kwargs))

        self.form_class = DeferredForm

    def send(self, **signal_kwargs) -> None:
        request_finished.disconnect(self.send, dispatch_uid=id(self))
        pending, self.pending = self.pending, []
        with translation.override(self.language):
            for args, kwargs in pending:
                self.original.send_mail(self.original(), *args, **kwargs)

    def after_response(self) -> None:
        if self.pending:
            request_finished.connect(self.send, dispatch_uid=id(self), weak=False)


class ThrottledPasswordResetView(PasswordResetView):
    def get_form_class(self):
        self.mail = MailAfterResponse(super().get_form_class())
        return self.mail.form_class

    def form_valid(self, form):
        address = address_bucket(client_address(self.request))
        email = matched_form(form.cleaned_data["email"])
        over_address = count_hit("reset-ip", address, PERIOD) > settings.PASSWORD_RESETS_PER_IP_PER_HOUR
        over_email = count_hit("reset-email", email, PERIOD) > settings.PASSWORD_RESETS_PER_EMAIL_PER_HOUR
        if over_address or over_email:
            form.add_error(None, _("Too many password reset requests. Please try again in an hour."))
            response = self.form_invalid(form)
            response.status_code = 429
            response["Retry-After"] = str(PERIOD)
            return response
        response = super().form_valid(form)
        self.mail.after_response()
        return response
