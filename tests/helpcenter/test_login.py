"""Admin sign-in lockout (django-axes), always through real POSTs to Wagtail's /admin/login/.

Five failures lock a user name (from any address) and, separately, an address (for any user names) for
15 minutes after the last attempt; a success clears them; the management commands unlock; the client's
address is REMOTE_ADDR without a proxy and the right-most X-Forwarded-For entries behind one.
"""

import ast
import functools
import io
import itertools
import os
import secrets
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from bs4 import BeautifulSoup
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db.models import F
from django.test import Client, RequestFactory, override_settings
from django.utils import translation

from helpcenter.clients import client_address, without_port
from tests.helpers import LANGUAGES

pytestmark = pytest.mark.usefixtures("rendered_templates")  # the lockout page is told by its template

ROOT = Path(__file__).resolve().parents[2]
LOGIN = "/admin/login/"
LIMIT = 5
COOLOFF = timedelta(minutes=15)
PASSWORD = "ilze-right-pass-42"
OTHER_PASSWORD = "janis-right-pass-42"
HERE, THERE, ELSEWHERE = "198.51.100.10", "198.51.100.20", "198.51.100.30"

HEADING = "Sign-in temporarily blocked"
WAIT_SINGULAR = (
    "You can sign in again once %(minutes)s minute has passed since the last attempt. "
    "Every attempt before then starts the wait again."
)
WAIT_PLURAL = (
    "You can sign in again once %(minutes)s minutes have passed since the last attempt. "
    "Every attempt before then starts the wait again."
)


@pytest.fixture
def ilze(django_user_model):
    return django_user_model.objects.create_superuser("ilze", "ilze@example.com", PASSWORD)


@pytest.fixture
def janis(django_user_model):
    return django_user_model.objects.create_superuser("janis", "janis@example.com", OTHER_PASSWORD)


def sign_in(username, password, ip=HERE, client=None, **extra):
    """One POST of the admin sign-in form from a fresh browser (or `client`) at REMOTE_ADDR `ip`."""
    client = client or Client()
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip, **extra)


def signed_in(response) -> bool:
    return response.status_code == 302 and response.wsgi_request.user.is_authenticated


def refused(response) -> bool:
    """The wrong-password answer: the form again, nobody signed in."""
    return response.status_code == 200 and not response.wsgi_request.user.is_authenticated


def locked(response) -> bool:
    return (
        response.status_code == 429
        and "account_locked.html" in {t.name for t in response.templates}
        and not response.wsgi_request.user.is_authenticated
        and response["Retry-After"] == "900"  # AXES_COOLOFF_TIME: a client knows when to try again
    )


def fail(username, times, ip=HERE, **extra):
    """`times` wrong passwords; returns the responses."""
    return [sign_in(username, f"wrong-{n}", ip, **extra) for n in range(times)]


def lock_out(username, ip=HERE, **extra):
    responses = fail(username, LIMIT, ip, **extra)
    assert all(refused(r) for r in responses[:-1]), [r.status_code for r in responses]
    assert locked(responses[-1]), responses[-1].status_code
    return responses[-1]


def age_attempts(delta):
    """Pretend `delta` has passed since every recorded failure."""
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - delta)


def text_of(response) -> str:
    return " ".join(BeautifulSoup(response.content, "html.parser").get_text(" ").split())


# Limit, success, cool-off --------------------------------------------------------------------------


def test_five_wrong_passwords_lock_out_even_the_right_one(ilze):
    lock_out("ilze")
    response = sign_in("ilze", PASSWORD, HTTP_ACCEPT_LANGUAGE="en")  # the messages below are in English
    assert locked(response)
    assert response["Content-Type"].startswith("text/html")
    text = text_of(response)
    assert HEADING in text
    assert "python manage.py axes_reset_username" in text
    assert WAIT_PLURAL % {"minutes": 15} in text


def test_fewer_wrong_passwords_then_the_right_one_signs_in(ilze):
    assert all(refused(r) for r in fail("ilze", LIMIT - 1))
    response = sign_in("ilze", PASSWORD)
    assert signed_in(response)
    assert response["Location"] == "/admin/"


def test_a_successful_sign_in_starts_the_count_again(ilze):
    assert all(refused(r) for r in fail("ilze", LIMIT - 1))
    assert signed_in(sign_in("ilze", PASSWORD))
    assert all(refused(r) for r in fail("ilze", LIMIT - 1))  # 8 failures in all, none locks
    assert signed_in(sign_in("ilze", PASSWORD))


def test_the_lock_lifts_after_the_cool_off(ilze):
    lock_out("ilze")
    age_attempts(COOLOFF - timedelta(minutes=1))
    assert locked(sign_in("ilze", PASSWORD))  # counts as an attempt: the wait starts again
    age_attempts(COOLOFF - timedelta(minutes=1))
    assert locked(sign_in("ilze", PASSWORD))
    age_attempts(COOLOFF + timedelta(seconds=1))
    assert signed_in(sign_in("ilze", PASSWORD))


# Per user name and per address ---------------------------------------------------------------------


def test_another_user_at_another_address_is_unaffected(ilze, janis):
    lock_out("ilze", HERE)
    assert signed_in(sign_in("janis", OTHER_PASSWORD, THERE))


def test_a_locked_user_name_is_locked_from_every_address(ilze):
    lock_out("ilze", HERE)
    assert locked(sign_in("ilze", PASSWORD, THERE))


def test_a_locked_address_is_locked_for_every_user_name(ilze, janis):
    lock_out("ilze", HERE)
    assert locked(sign_in("janis", OTHER_PASSWORD, HERE))


def test_guessing_one_user_from_many_addresses_locks_that_user(ilze, janis):
    addresses = [f"198.51.100.{100 + n}" for n in range(LIMIT)]
    responses = [sign_in("ilze", "wrong", ip) for ip in addresses]
    assert all(refused(r) for r in responses[:-1])
    assert locked(responses[-1])
    assert locked(sign_in("ilze", PASSWORD, ELSEWHERE))
    assert signed_in(sign_in("janis", OTHER_PASSWORD, addresses[0]))  # no address reached the limit


def test_trying_many_user_names_from_one_address_locks_that_address(ilze, janis):
    responses = [sign_in(f"guess{n}", "wrong", HERE) for n in range(LIMIT)]
    assert all(refused(r) for r in responses[:-1])
    assert locked(responses[-1])
    assert locked(sign_in("janis", OTHER_PASSWORD, HERE))
    assert signed_in(sign_in("ilze", PASSWORD, THERE))


# Unlocking -----------------------------------------------------------------------------------------


def test_axes_reset_username_unlocks_the_user(ilze):
    lock_out("ilze")
    assert locked(sign_in("ilze", PASSWORD))
    out = io.StringIO()
    call_command("axes_reset_username", "ilze", stdout=out)
    assert "attempts removed" in out.getvalue()
    assert signed_in(sign_in("ilze", PASSWORD))


def test_axes_reset_username_leaves_other_locks(ilze, janis):
    lock_out("ilze", HERE)
    lock_out("janis", THERE)
    call_command("axes_reset_username", "ilze", stdout=io.StringIO())
    assert locked(sign_in("janis", OTHER_PASSWORD, THERE))
    assert signed_in(sign_in("ilze", PASSWORD, HERE))


def test_axes_reset_ip_unlocks_the_address(janis):
    for n in range(LIMIT):
        sign_in(f"guess{n}", "wrong", HERE)
    assert locked(sign_in("janis", OTHER_PASSWORD, HERE))
    call_command("axes_reset_ip", HERE, stdout=io.StringIO())
    assert signed_in(sign_in("janis", OTHER_PASSWORD, HERE))


# The client's address: spoofed X-Forwarded-For -----------------------------------------------------

PROXY = "10.0.0.2"  # REMOTE_ADDR of every request that came through the reverse proxy
OUTER_PROXIES = ["172.16.0.5", "172.16.0.6"]  # entries written by further proxies, nearest last


def spoofed_entries():
    """A different made-up client-written X-Forwarded-For prefix each time (public, private, junk)."""
    for n in itertools.count(1):
        yield f"8.8.{n}.{n + 1}, 100.64.{n}.1, unknown, 77.{n}.3.4"


@functools.cache
def _address_settings(module, env):
    environ = {**os.environ, "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "help.example.com", **dict(env)}
    if "TRUSTED_PROXY_COUNT" not in dict(env):
        environ.pop("TRUSTED_PROXY_COUNT", None)
    script = (
        f"import helpcenter.settings.{module} as s; "
        "print(repr({k: v for k, v in vars(s).items() if k in ('TRUSTED_PROXY_COUNT', 'AXES_CLIENT_IP_CALLABLE')}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=environ, capture_output=True, text=True, timeout=60
    )
    if "ImproperlyConfigured" in result.stderr:
        raise ImproperlyConfigured(result.stderr.strip().splitlines()[-1])
    assert result.returncode == 0, result.stderr
    return ast.literal_eval(result.stdout)


def address_settings(module, **env):
    """The client-address settings (TRUSTED_PROXY_COUNT, AXES_CLIENT_IP_CALLABLE) of settings `module`, loaded
    afresh under `env`."""
    return _address_settings(module, tuple(sorted(env.items())))


@pytest.mark.parametrize("module", ["dev", "test"])
def test_without_a_proxy_only_the_connection_address_counts(module, janis):
    spoof = spoofed_entries()
    with override_settings(**address_settings(module)):
        for n in range(LIMIT):
            sign_in(f"guess{n}", "wrong", HERE, HTTP_X_FORWARDED_FOR=next(spoof))
        assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {HERE}
        assert locked(sign_in("janis", OTHER_PASSWORD, HERE, HTTP_X_FORWARDED_FOR=next(spoof)))
        # Another connection is another client, whatever its header says.
        assert signed_in(sign_in("janis", OTHER_PASSWORD, THERE, HTTP_X_FORWARDED_FOR="8.8.1.2"))


def through_proxies(count, client_ip, spoof):
    """What gunicorn sees from `client_ip` that sent X-Forwarded-For: `spoof` through `count` proxies."""
    if count == 0:
        return {"ip": client_ip, "HTTP_X_FORWARDED_FOR": spoof}
    chain = [spoof, client_ip, *OUTER_PROXIES[: count - 1]]
    return {"ip": PROXY, "HTTP_X_FORWARDED_FOR": ", ".join(chain)}


@pytest.mark.parametrize("count", [None, "0", "1", "2"])  # None: TRUSTED_PROXY_COUNT unset (none)
@pytest.mark.parametrize(
    "attacker, bystander",
    [("81.198.10.20", "81.198.10.21"), ("203.0.113.7", "203.0.113.8"), ("2a02:2f0a::1", "2a02:2f0a::2")],
)
def test_behind_the_proxy_the_client_is_the_right_most_entry(count, attacker, bystander, ilze, janis):
    env = {} if count is None else {"TRUSTED_PROXY_COUNT": count}
    proxies = 0 if count is None else int(count)
    spoof = spoofed_entries()
    with override_settings(**address_settings("production", **env)):
        for n in range(LIMIT):
            sign_in(f"guess{n}", "wrong", **through_proxies(proxies, attacker, next(spoof)))
        assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {attacker}
        assert locked(sign_in("janis", OTHER_PASSWORD, **through_proxies(proxies, attacker, next(spoof))))
        # Another real client, even one sending the attacker's own left-hand entries, is counted apart.
        assert signed_in(sign_in("ilze", PASSWORD, **through_proxies(proxies, bystander, "8.8.1.2, unknown")))


@pytest.mark.parametrize("entry", ["203.0.113.7:51234", "[2001:db8::7]:443"])
def test_a_proxy_that_writes_the_port_counts_the_client_not_itself(entry, janis):
    """A proxy appending "ip:port" made every reader count as the proxy for the limits (issue 34)."""
    with override_settings(**address_settings("production", TRUSTED_PROXY_COUNT="1")):
        for n in range(LIMIT):
            sign_in(f"guess{n}", "wrong", PROXY, HTTP_X_FORWARDED_FOR=f"8.8.1.2, {entry}")
        expected = without_port(entry)
        assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {expected}
        request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"8.8.1.2, {entry}")
        assert client_address(request) == expected  # the limits and the search log: the same address


def test_behind_the_proxy_a_request_without_the_header_counts_the_connection(janis):
    with override_settings(**address_settings("production")):
        for n in range(LIMIT):
            sign_in(f"guess{n}", "wrong", HERE)
        assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {HERE}
        assert locked(sign_in("janis", OTHER_PASSWORD, HERE))


@pytest.mark.parametrize("value", ["-1", "one", ""])
def test_production_refuses_a_bad_trusted_proxy_count(value):
    with pytest.raises(ImproperlyConfigured, match="TRUSTED_PROXY_COUNT"):
        address_settings("production", TRUSTED_PROXY_COUNT=value)


# The lockout page in every language ----------------------------------------------------------------


@pytest.mark.parametrize("how", ["cookie", "header"])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_lockout_page_speaks_the_readers_language(lang, how, ilze):
    browser = Client()
    extra = {}
    if how == "cookie":
        browser.cookies["django_language"] = lang
    else:
        extra["HTTP_ACCEPT_LANGUAGE"] = f"{lang},en;q=0.5"
    fail("ilze", LIMIT - 1)
    response = sign_in("ilze", "wrong-again", client=browser, **extra)
    assert locked(response)
    assert response["Content-Type"].startswith("text/html")
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.html["lang"] == lang
    with translation.override(lang):
        heading = translation.gettext(HEADING)
        wait = translation.ngettext(WAIT_SINGULAR, WAIT_PLURAL, 15) % {"minutes": 15}
    assert soup.h1.get_text(strip=True) == heading
    assert wait in text_of(response)
    assert "axes_reset_username" in text_of(response)
    # Everything it loads comes from this site.
    links = [tag.get("href") or tag.get("src") for tag in soup.find_all(["link", "script", "img", "a"])]
    assert links and all(link.startswith("/") and not link.startswith("//") for link in links)
