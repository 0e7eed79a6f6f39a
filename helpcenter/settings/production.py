from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F401,F403
from .base import os

DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "")
# What `check --deploy` (security.W009) calls weak: shorter than 50, fewer than 5 different characters, or
# Django's generated development key.
if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or SECRET_KEY.startswith("django-insecure-"):
    raise ImproperlyConfigured(
        "Set SECRET_KEY to a random string of at least 50 characters with at least 5 different characters, "
        "for example: python -c 'import secrets; print(secrets.token_urlsafe(50))'."
    )
if not ALLOWED_HOSTS:  # noqa: F405
    raise ImproperlyConfigured("Set ALLOWED_HOSTS to the comma-separated host names of the site.")

SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "true").lower() != "false"
# X-Forwarded-Proto is believed only from our own proxies: without TRUSTED_PROXY_COUNT a client could claim
# https over plain http (and the page cache would store what it sees under the https scheme).
if TRUSTED_PROXY_COUNT:  # noqa: F405
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Links in the admin's e-mails (password resets, workflow notices): the site's own https address, never
# the development default.
if not os.environ.get("WAGTAILADMIN_BASE_URL"):
    _named = [h.lstrip(".") for h in ALLOWED_HOSTS if h.lstrip(".") and "*" not in h]  # noqa: F405
    if not _named:
        raise ImproperlyConfigured("Set WAGTAILADMIN_BASE_URL to the site's address, e.g. https://help.inbox.lv.")
    WAGTAILADMIN_BASE_URL = f"https://{_named[0]}"
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_TRUSTED_ORIGINS = [f"https://{h}" for h in ALLOWED_HOSTS if not h.startswith(".")]  # noqa: F405
