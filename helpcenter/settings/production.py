from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F401,F403
from .base import os

DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("Set SECRET_KEY to a random string of at least 50 characters.")
if not ALLOWED_HOSTS:  # noqa: F405
    raise ImproperlyConfigured("Set ALLOWED_HOSTS to the comma-separated host names of the site.")

SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "true").lower() != "false"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_TRUSTED_ORIGINS = [f"https://{h}" for h in ALLOWED_HOSTS if not h.startswith(".")]  # noqa: F405

# Sign-in lockout behind reverse proxies (README, "Deploying"). Each proxy appends the address it got the
# request from to X-Forwarded-For, so with N proxies the last N entries are theirs and the first of those
# is the client; whatever the client sent itself sits further left and is ignored. ipware's proxy count
# is the number of entries after the client's, hence N - 1 (one proxy: the right-most entry).
# IPWARE_STRICT=False (django-ipware is strict by default): a strict chain must have exactly that many
# entries, so every client sending its own X-Forwarded-For would share the proxy's address.
# REMOTE_ADDR counts only when the header is missing or too short. gunicorn must be reachable only
# through the proxies; TRUSTED_PROXY_COUNT=0 (no proxy) ignores the header.
try:
    TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "1"))
except ValueError:
    TRUSTED_PROXY_COUNT = -1
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("Set TRUSTED_PROXY_COUNT to the number of reverse proxies in front of gunicorn.")
if TRUSTED_PROXY_COUNT:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXY_COUNT - 1
    IPWARE_STRICT = False
