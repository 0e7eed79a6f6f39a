"""The admin's "Forgotten password?": offered only when the site can send mail (EMAIL_HOST), then held to
limits per client address and per address asked for."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.signals import request_finished
from django.test import Client, RequestFactory

from helpcenter.password_reset import ThrottledPasswordResetView

ROOT = Path(__file__).resolve().parents[2]


def mail_settings(**env) -> dict:
    environ = {**os.environ, "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "help.example.com", **env}
    for name in ("EMAIL_HOST", "DEFAULT_FROM_EMAIL"):
        if name not in env:
            environ.pop(name, None)
    script = (
        "import helpcenter.settings.production as s; "
        "print(repr((s.WAGTAIL_PASSWORD_RESET_ENABLED, s.EMAIL_BACKEND, s.EMAIL_HOST, s.DEFAULT_FROM_EMAIL)))"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=environ, capture_output=True, text=True)
    return result


def test_without_a_mail_server_no_reset_is_offered(db):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    assert "password_reset" not in client.get("/admin/login/").content.decode()
    assert client.get("/admin/password_reset/", follow=True).status_code == 404
    assert client.post("/admin/password_reset/", {"email": "editor@example.com"}, follow=True).status_code == 404
    assert mail.outbox == []


def test_the_mail_server_comes_from_the_environment():
    result = mail_settings(EMAIL_HOST="smtp.example.com", DEFAULT_FROM_EMAIL="help@example.com")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == repr(
        (True, "django.core.mail.backends.smtp.EmailBackend", "smtp.example.com", "help@example.com")
    )
    off = mail_settings()
    assert off.stdout.strip().startswith("(False, 'django.core.mail.backends.console.EmailBackend', ''")
    missing_sender = mail_settings(EMAIL_HOST="smtp.example.com")
    assert missing_sender.returncode != 0 and "Set DEFAULT_FROM_EMAIL" in missing_sender.stderr


@pytest.fixture
def reset_enabled(settings):
    settings.WAGTAIL_PASSWORD_RESET_ENABLED = True
    settings.PASSWORD_RESETS_PER_IP_PER_HOUR = 5
    settings.PASSWORD_RESETS_PER_EMAIL_PER_HOUR = 3


def test_resets_for_one_address_are_limited(editor, reset_enabled):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    assert "password_reset" in client.get("/admin/login/").content.decode()
    codes = [client.post("/admin/password_reset/", {"email": "editor@example.com"}).status_code for _ in range(4)]
    assert codes == [302, 302, 302, 429]
    assert len(mail.outbox) == 3
    refused = client.post("/admin/password_reset/", {"email": "editor@example.com"})
    assert "Too many password reset requests" in refused.content.decode()
    assert refused["Retry-After"] == "3600" and 'value="editor@example.com"' in refused.content.decode()


def test_resets_from_one_client_are_limited(editor, reset_enabled):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    codes = [client.post("/admin/password_reset/", {"email": f"x{n}@example.com"}).status_code for n in range(6)]
    assert codes == [302] * 5 + [429]
    elsewhere = Client(HTTP_ACCEPT_LANGUAGE="en", REMOTE_ADDR="198.51.100.9")
    assert elsewhere.post("/admin/password_reset/", {"email": "editor@example.com"}).status_code == 302
    assert len(mail.outbox) == 1  # only the editor's address has an account


def test_another_spelling_of_the_address_counts_as_the_same(django_user_model, reset_enabled):
    """Django matches "ſanita@…" (a long s) to sanita@…; it got past the hourly limit (issue 34)."""
    django_user_model.objects.create_user("sanita", "sanita@example.com", "pw-sanita-1")
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    codes = [client.post("/admin/password_reset/", {"email": "sanita@example.com"}).status_code for _ in range(3)]
    assert codes == [302, 302, 302]
    for spelling in ("ſanita@example.com", "SANITA@EXAMPLE.COM"):
        assert client.post("/admin/password_reset/", {"email": spelling}).status_code == 429, spelling
    assert len(mail.outbox) == 3


def test_the_mail_is_written_after_the_response_so_its_time_tells_nothing(editor, reset_enabled):
    """Known and unknown addresses answer alike: the mail is rendered and sent when the response is done."""
    request = RequestFactory().post("/admin/password_reset/", {"email": "editor@example.com"})
    request.session, request.user = {}, AnonymousUser()
    request._dont_enforce_csrf_checks = True  # as the test client does
    response = ThrottledPasswordResetView.as_view()(request)
    assert response.status_code == 302 and mail.outbox == []  # answered, nothing written yet
    request_finished.send(sender=None)
    assert [message.to for message in mail.outbox] == [["editor@example.com"]]
    request_finished.send(sender=None)
    assert len(mail.outbox) == 1  # sent once
