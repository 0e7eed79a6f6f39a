"""Settings shared by every environment; environment variables configure the rest.

DATABASE_URL  -> PostgreSQL in production (SQLite file by default)
REDIS_URL     -> shared cache (local memory by default)
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h.strip()]

INSTALLED_APPS = [
    # modeltranslation must come before the apps whose models it translates
    "wagtail_modeltranslation",
    "wagtail_modeltranslation.makemigrations",
    "wagtail_modeltranslation.migrate",
    "guides",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "axes",  # sign-in lockout; see "Sign-in lockout" below
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "guides.middleware.ContentSecurityPolicyMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: turns a refused sign-in into the lockout page (inside LocaleMiddleware,
    # so the page speaks the reader's language).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "helpcenter.urls"
WSGI_APPLICATION = "helpcenter.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "helpcenter" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": "helpcenter",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Sign-in lockout (django-axes). Its backend comes first and refuses a locked-out sign-in before any
# password is checked; it needs the request, so authenticate() without one (e.g. the test client's
# login()) raises: tests sign in with force_login() or by posting to /admin/login/.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Failed attempts live in the database (table axes_accessattempt): shared by every gunicorn worker and
# every server on the same PostgreSQL, and they survive restarts.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = 5
# Two separate counters, each locking on its own at AXES_FAILURE_LIMIT failures: one per user name
# (from any address) and one per client address (for any user names). Per user name stops a guesser
# spreading over many addresses; per address stops one address trying many user names. The price:
# anyone who knows a user name can keep that user locked out (until the cool-off or an unlock), and
# people sharing one address (an office behind NAT) can lock each other out. The combination
# [["username", "ip_address"]] would avoid both but lets a guesser go on forever by changing
# address or user name, so it is not used.
# Also: a successful sign-in clears both counters of that sign-in (all failures for that user name and
# all from that address), so a person with an account of their own could interleave it with guesses
# at another account from the same address; the per-user counter still stops guessing from elsewhere.
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# A lock lifts by itself AXES_COOLOFF_TIME after the last failed attempt; every attempt during the lock
# (even with the right password) counts as a failure and starts that time again.
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = True
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "account_locked.html"
AXES_HTTP_RESPONSE_CODE = 429
# The client's address for the per-address counter: only the connection's own address here. Headers
# such as X-Forwarded-For are written by the client unless a proxy of ours sets them; production.py
# reads them behind TRUSTED_PROXY_COUNT proxies.
AXES_IPWARE_META_PRECEDENCE_ORDER = ("REMOTE_ADDR",)
AXES_IPWARE_PROXY_COUNT = None

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: Latvian is the default and the source language.
LANGUAGE_CODE = "lv"
LANGUAGES = [
    ("lv", _("Latvian")),
    ("en", _("English")),
    ("ru", _("Russian")),
    ("lt", _("Lithuanian")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Riga"

MODELTRANSLATION_DEFAULT_LANGUAGE = "lv"
MODELTRANSLATION_LANGUAGES = ("lv", "en", "ru", "lt")
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("lv",), "ru": ("en", "lv"), "lt": ("en", "lv")}
WAGTAILMODELTRANSLATION_TRANSLATE_SLUGS = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_URL = "/media/"
MEDIA_ROOT = BASE_DIR / "media"

WAGTAIL_SITE_NAME = "Inbox mail help center"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False  # translations live in modeltranslation columns, not page copies
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

# The page editor posts every field of every step: about 17 per step with four languages (text,
# label and alt text per language, kind, value, picture, id, ORDER, DELETE), so Django's default of
# 1,000 fields froze every guide past ~58 steps (400 TooManyFieldsSent). Pages are capped at
# HELPCENTER_MAX_STEPS steps (a form error in the editor), and the field limit leaves room for that many
# steps at 20 fields each plus the page's own fields. The body size cap stays Django's 2.5 MB.
HELPCENTER_MAX_STEPS = 200
DATA_UPLOAD_MAX_NUMBER_FIELDS = HELPCENTER_MAX_STEPS * 20 + 1000

# No avatars from www.gravatar.com: the admin loads nothing from other hosts.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# Public pages may load only what this site serves; see guides.middleware.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
CSP_EXEMPT_PREFIXES = ("/admin/",)

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # Wagtail logs every edit and publish at INFO; the audit log in the admin keeps them.
    # django-axes logs every sign-in at INFO; its WARNINGs (failures, lockouts) stay.
    "loggers": {"wagtail": {"level": "WARNING"}, "django_tasks": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}

# The admin speaks the site's four languages to its users (each picks one under Account).
WAGTAILADMIN_PERMITTED_LANGUAGES = [("lv", "Latviešu"), ("en", "English"), ("ru", "Русский"), ("lt", "Lietuvių")]
