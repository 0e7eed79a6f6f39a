"""Security defaults: deploy checks under production settings, CSP and escaping of values."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[2]


def test_deploy_check_is_clean_under_production_settings():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "helpcenter.settings.production",
        "SECRET_KEY": "k" * 20 + "-a-long-random-production-key-for-the-check-" + "z" * 10,
        "ALLOWED_HOSTS": "help.example.com",
    }
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    "key",
    [
        "",
        "a" * 50,  # long enough, but what check --deploy calls weak (security.W009)
        "abcd" * 20,  # four different characters
        "django-insecure-" + "x1y2z3w4v5" * 5,  # Django's generated development key
    ],
)
def test_production_refuses_to_start_with_a_weak_secret_key(key):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "helpcenter.settings.production",
        "SECRET_KEY": key,
        "ALLOWED_HOSTS": "help.example.com",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def test_public_pages_send_a_strict_content_security_policy(client, guide):
    response = client.get(f"/lv/{guide.slug}/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    soup = BeautifulSoup(response.content, "html.parser")
    for tag, attr in (("script", "src"), ("link", "href"), ("img", "src")):
        for element in soup.find_all(tag):
            url = element.get(attr) or ""
            assert not url.startswith(("http:", "https:", "//")) or "testserver" in url, url


def test_values_and_text_are_escaped(client, guide, record):
    record.name = "<b>x</b>"
    record.save()
    step = guide.steps.filter(kind="action").order_by("sort_order").first()
    step.text_en = '<script>alert(1)</script> & {imap.host} "quoted"'
    step.save()
    html = client.get(f"/en/{guide.slug}/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert '&lt;script&gt;alert(1)&lt;/script&gt; &amp; <code class="value" data-ref="imap.host">' in html


def test_previews_may_be_framed_by_the_admin_only(editor_client, guide):
    url = f"/admin/pages/{guide.pk}/edit/preview/"
    from tests.forms import form_values

    data = form_values(editor_client.get(f"/admin/pages/{guide.pk}/edit/").content.decode(), "page-edit-form")
    assert editor_client.post(url, data).status_code == 200
    response = editor_client.get(url)
    assert response.status_code == 200
    policy = response.get("Content-Security-Policy", "")
    assert "frame-ancestors 'none'" not in policy
    assert response.get("X-Frame-Options", "SAMEORIGIN") == "SAMEORIGIN"


def test_admin_pages_name_no_other_host(editor_client, guide):
    """No avatars from www.gravatar.com (nor anything else from another host) in the admin's markup:
    an editor's e-mail hash is not sent out, and the admin loads on a network without internet access."""
    import re

    for url in ("/admin/", "/admin/pages/", f"/admin/pages/{guide.pk}/edit/", "/admin/translations/"):
        response = editor_client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert "gravatar" not in html.lower(), url
        soup = BeautifulSoup(html, "html.parser")
        loaded = [tag.get("src") or tag.get("href") or "" for tag in soup.select("img, script, link[rel~=stylesheet]")]
        outside = [src for src in loaded if re.match(r"^(https?:)?//", src)]
        assert not outside, (url, outside)


def production_values(*names, **env) -> tuple:
    environ = {
        **os.environ,
        "SECRET_KEY": "k" * 20 + "-a-long-random-production-key-for-the-check-" + "z" * 10,
        "ALLOWED_HOSTS": "help.example.com,.example.org",
        **env,
    }
    for name in ("WAGTAILADMIN_BASE_URL", "TRUSTED_PROXY_COUNT"):
        if name not in env:
            environ.pop(name, None)
    script = f"import helpcenter.settings.production as s; print(repr(tuple(getattr(s, n, None) for n in {names!r})))"
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=environ, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return eval(result.stdout)  # noqa: S307 (our own repr of settings)


def test_admin_mails_link_the_site_not_the_development_address():
    """Password-reset mails linked http://127.0.0.1:8000 when the deploy never set WAGTAILADMIN_BASE_URL."""
    assert production_values("WAGTAILADMIN_BASE_URL") == ("https://help.example.com",)
    given = production_values("WAGTAILADMIN_BASE_URL", WAGTAILADMIN_BASE_URL="https://help.inbox.lv")
    assert given == ("https://help.inbox.lv",)


def test_x_forwarded_proto_is_believed_only_behind_our_proxies():
    assert production_values("SECURE_PROXY_SSL_HEADER") == (None,)
    behind = production_values("SECURE_PROXY_SSL_HEADER", TRUSTED_PROXY_COUNT="1")
    assert behind == (("HTTP_X_FORWARDED_PROTO", "https"),)
