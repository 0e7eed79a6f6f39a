"""Settings shared by every environment; environment variables configure the rest.

DATABASE_URL  -> PostgreSQL in production (SQLite file by default)
REDIS_URL     -> shared cache (local memory by default)
"""

import hashlib
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.conf.locale import LANG_INFO
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_int(name: str, default: int) -> int:
    try:
        return int(os.environ.get(name, default))
    except ValueError:
        raise ImproperlyConfigured(f"Set {name} to a whole number.") from None


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h.strip()]

INSTALLED_APPS = [
    # modeltranslation must come before the apps whose models it translates
    "wagtail_modeltranslation",
    "wagtail_modeltranslation.makemigrations",
    "wagtail_modeltranslation.migrate",
    "helpcenter",
    "guides",
    "search",
    "feedback",
    "troubleshooter",
    "wagtail.contrib.redirects",
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
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "axes",  # sign-in lockout; see "Sign-in lockout" below
    "csp",
    "django_tasks",
    "django_tasks_db",  # the front cache's purges wait in the database for `manage.py db_worker`
]

MIDDLEWARE = [
    # First: a stored page is replayed before anything else runs (helpcenter/page_cache/).
    "helpcenter.page_cache.middleware.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "helpcenter.sites.SiteMiddleware",  # the request's site from this content generation's directory
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "helpcenter.middleware.PreviewFramingMiddleware",  # after CSPMiddleware: adjusts the policy first
    # Inside the language and security middleware: a refused render speaks the reader's language.
    "helpcenter.page_cache.middleware.RenderBudgetMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "helpcenter.middleware.LockoutRetryAfterMiddleware",  # the lockout page's Retry-After
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
        conn_max_age=env_int("CONN_MAX_AGE", 60),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# "default" holds short-lived things (search documents, the counters of every limit: votes, renders,
# password resets); "pages" is the page cache (helpcenter/page_cache/), namespaced by database so two sites
# sharing a cache never mix their pages. With REDIS_URL both live in Redis, shared by every worker and
# host; PAGE_CACHE_REDIS_URL puts the pages in a Redis of their own (README: "Redis memory"). Without
# Redis the page cache is a folder on disk (PAGE_CACHE_DIR), which `make run`, management commands and the
# workers of one host share, so a change made by any of them reaches the others.
_site = hashlib.sha256(str(DATABASES["default"].get("NAME", "")).encode()).hexdigest()[:8]


def redis_caches(url: str, pages_url: str, site: str) -> dict:
    """The two caches in Redis (tests/helpcenter/test_redis_failures.py runs them against a full and a
    stopped Redis). "default" holds counters, sessions' copies and Wagtail's site table: a Redis that is full
    or gone answers as empty and takes nothing (django-redis IGNORE_EXCEPTIONS, each error logged once a
    minute), so the limits let requests through and sessions and sites are read from the database. "pages"
    raises: its callers render instead (helpcenter/page_cache/store.py)."""
    return {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "helpcenter",
            "OPTIONS": {"IGNORE_EXCEPTIONS": True},
        },
        "pages": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": pages_url,
            "KEY_PREFIX": f"helpcenter-pages-{site}",
        },
    }


if os.environ.get("REDIS_URL"):
    CACHES = redis_caches(
        os.environ["REDIS_URL"], os.environ.get("PAGE_CACHE_REDIS_URL") or os.environ["REDIS_URL"], _site
    )
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "pages": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ.get("PAGE_CACHE_DIR", str(BASE_DIR / "var" / "page-cache")),
            "KEY_PREFIX": f"pages-{_site}",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        },
    }
# Sessions are read from the cache first: the page cache asks whether a request's session cookie names a
# real session (a made-up one must not make it render), and that costs a cache read, not a query; a key
# this site never handed out costs neither (helpcenter/sessions.py).
SESSION_ENGINE = "helpcenter.sessions"

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

# The client's address (sign-in lockout, feedback limits; helpcenter/clients.py). X-Forwarded-For is
# written by the client unless a proxy of ours appends to it, so it is read only behind
# TRUSTED_PROXY_COUNT proxies (default none: the connection's own address). Each proxy appends the
# address it got the request from, so with N proxies the last N entries are theirs and the first of those
# is the client; whatever the client sent itself sits further left and is ignored. REMOTE_ADDR counts
# only when the header is missing, too short or holds no address there. gunicorn must be reachable only
# through the proxies.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("Set TRUSTED_PROXY_COUNT to the number of reverse proxies in front of gunicorn.")
# django-axes reads the address as the limits do (helpcenter/clients.py), not through django-ipware, which
# read an entry with a port ("203.0.113.5:51234", as some proxies write it) otherwise than the limits.
AXES_CLIENT_IP_CALLABLE = "helpcenter.clients.axes_client_address"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: this list is the only one; every other language setting is derived from it. The first is
# the default and the source language (Latvian), the one every translation is made from.
LANGUAGES = [
    ("lv", _("Latvian")),
    ("en", _("English")),
    ("ru", _("Russian")),
    ("lt", _("Lithuanian")),
]
# Each language as it names itself in a language menu (Django's own names mix a noun, an adverb and cases).
LANGUAGE_SELF_NAMES = {"lv": "Latviešu", "en": "English", "ru": "Русский", "lt": "Lietuvių"}
LANGUAGE_CODE = LANGUAGES[0][0]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Riga"

MODELTRANSLATION_DEFAULT_LANGUAGE = LANGUAGE_CODE
MODELTRANSLATION_LANGUAGES = tuple(code for code, _name in LANGUAGES)
# An untranslated text shows the source; Russian and Lithuanian readers get English first when it
# exists (more of them read English than Latvian).
MODELTRANSLATION_FALLBACK_LANGUAGES = {
    "default": (LANGUAGE_CODE,),
    **{code: ("en", LANGUAGE_CODE) for code in MODELTRANSLATION_LANGUAGES if code not in (LANGUAGE_CODE, "en")},
}
WAGTAILMODELTRANSLATION_TRANSLATE_SLUGS = True
# The modeltranslation registration: a module of this name, not the translation.py it looks for in each app
# (guides/translations/ is the translation workspace).
MODELTRANSLATION_TRANSLATION_FILES = ("guides.language_columns",)

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

WAGTAIL_SITE_NAME = "Inbox mail help center"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False  # translations live in modeltranslation columns, not page copies
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

# The page editor posts every field of every step: 9 per step (the source language's text, label and
# alt text, kind, value, picture, id, ORDER, DELETE; 17 when it carried all four languages, when Django's
# default of 1,000 fields froze every guide past ~58 steps: 400 TooManyFieldsSent). Pages are capped at
# HELPCENTER_MAX_STEPS steps (a form error in the editor), and the field limit leaves room for that many
# steps at 20 fields each plus the page's own fields. The body size cap stays Django's 2.5 MB.
HELPCENTER_MAX_STEPS = 200
# Past this many pages /sitemap.xml is an index of parts of this many pages each (their links in every
# language): a part renders in about a tenth of a second however large the help center grows.
SITEMAP_PAGES_PER_PART = int(os.environ.get("SITEMAP_PAGES_PER_PART", "100"))
DATA_UPLOAD_MAX_NUMBER_FIELDS = HELPCENTER_MAX_STEPS * 20 + 1000

# No avatars from www.gravatar.com: the admin loads nothing from other hosts.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# Public pages may load only what this site serves (django-csp). The Wagtail admin runs scripts and
# styles of its own and goes without; a preview of a page, which the admin shows in a frame, keeps the
# public policy with frame-ancestors 'self' (helpcenter.middleware.PreviewFramingMiddleware).
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": [SELF],
        "img-src": [SELF, "data:"],
        "style-src": [SELF],
        "script-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

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
    "loggers": {
        "wagtail": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        # each error django-redis ignores, once a minute (helpcenter/quiet_log.py), not once a request
        "helpcenter.redis": {"filters": ["once_a_minute"]},
    },
    "filters": {"once_a_minute": {"()": "helpcenter.quiet_log.OnceAMinute"}},
}
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
DJANGO_REDIS_LOGGER = "helpcenter.redis"

# The admin speaks the site's languages to its users (each picks one under Account), named in their own words.
WAGTAILADMIN_PERMITTED_LANGUAGES = [(code, LANG_INFO[code]["name_local"].capitalize()) for code, _name in LANGUAGES]

# The page cache (helpcenter/page_cache/): anonymous readers' pages, stored in the "pages" cache until
# the content changes; entries expire after PAGE_CACHE_SECONDS anyway. CDNs may keep a page
# PAGE_CACHE_S_MAXAGE seconds (s-maxage); browsers revalidate every time (max-age=0, ETag).
PAGE_CACHE_ENABLED = os.environ.get("PAGE_CACHE_ENABLED", "true").lower() != "false"
PAGE_CACHE_ALIAS = "pages"
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 24 * 60 * 60)
PAGE_CACHE_S_MAXAGE = env_int("PAGE_CACHE_S_MAXAGE", 60)
# Search pages that found something: kept this long, at most this many stored per such period.
PAGE_CACHE_SEARCH_SECONDS = env_int("PAGE_CACHE_SEARCH_SECONDS", 10 * 60)
PAGE_CACHE_SEARCH_ENTRIES = env_int("PAGE_CACHE_SEARCH_ENTRIES", 500)
# Copies each worker keeps in memory of the pages it served last: at most this many, this many bytes.
PAGE_CACHE_WORKER_ENTRIES = env_int("PAGE_CACHE_WORKER_ENTRIES", 500)
PAGE_CACHE_WORKER_BYTES = env_int("PAGE_CACHE_WORKER_BYTES", 32 * 1024 * 1024)
# With Redis, each worker holds the content generation and a publish tells them (page_cache/generation.py);
# a publish waits at most this long for every worker to take it. "false" reads it from Redis per request.
PAGE_CACHE_PUSH = os.environ.get("PAGE_CACHE_PUSH", "true").lower() != "false"
PAGE_CACHE_PUSH_WAIT_SECONDS = env_int("PAGE_CACHE_PUSH_WAIT_SECONDS", 2)
# Renders one client address may cause per minute (pages the store could not answer); then 429.
PAGE_CACHE_RENDERS_PER_MINUTE = env_int("PAGE_CACHE_RENDERS_PER_MINUTE", 60)
# X-Page-Cache: hit/miss on responses. Only the tests' settings turn it on: in production it would tell a
# prober which searches other readers made.
PAGE_CACHE_DEBUG_HEADER = False
# The deployed release (set it to the commit): part of every stored page's key, so a deploy never replays
# the previous release's pages. Unset, a digest of the templates, translations, static files and code.
RELEASE_ID = os.environ.get("RELEASE_ID", "")
# Optional: front caches (Varnish with deploy/varnish/helpcenter.vcl) that accept tag purges at these
# addresses (comma-separated); after every content change each is told, once, to forget the tags it made
# stale (helpcenter/page_cache/purges.py). Public responses carry their tags in FRONT_CACHE_TAG_HEADER
# (tags.py; empty: none). Off by default.
# Optional: sign the Apple configuration profiles (guides/mail/signing.py): PEM files of the certificate
# (its chain after it) and its unencrypted key. Unset: profiles are sent unsigned ("Not Verified").
APPLE_PROFILE_SIGNING_CERT = os.environ.get("APPLE_PROFILE_SIGNING_CERT", "")
APPLE_PROFILE_SIGNING_KEY = os.environ.get("APPLE_PROFILE_SIGNING_KEY", "")
FRONT_CACHE_PURGE_URLS = [u.strip() for u in os.environ.get("FRONT_CACHE_PURGE_URLS", "").split(",") if u.strip()]
FRONT_CACHE_TAG_HEADER = os.environ.get("FRONT_CACHE_TAG_HEADER", "xkey")
# Background tasks (django-tasks). Wagtail's own run at once, as before; the front cache's purges wait in
# the database for the worker (`manage.py db_worker --backend front-cache`), out of the editor's request.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "front-cache": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}

# "Was this helpful?" (feedback.views): votes one browser may send per hour; votes from browsers new to
# us (no voter cookie yet) one client address may send per hour; all votes one address may send per hour.
FEEDBACK_VOTES_PER_VOTER_PER_HOUR = env_int("FEEDBACK_VOTES_PER_VOTER_PER_HOUR", 10)
FEEDBACK_NEW_VOTERS_PER_IP_PER_HOUR = env_int("FEEDBACK_NEW_VOTERS_PER_IP_PER_HOUR", 20)
FEEDBACK_VOTES_PER_IP_PER_HOUR = env_int("FEEDBACK_VOTES_PER_IP_PER_HOUR", 300)
FEEDBACK_UNHELPFUL_DAYS = env_int("FEEDBACK_UNHELPFUL_DAYS", 30)  # the period "Unhelpful pages" shows unless filtered

# The troubleshooter's answers at a problem's causes (troubleshooter.views), limited as the votes are: per
# browser, from new browsers per client address, from one client address, each per hour. A reader answers
# at several causes of several problems, so a browser's limit is higher than a vote's.
CAUSE_ANSWERS_PER_VOTER_PER_HOUR = env_int("CAUSE_ANSWERS_PER_VOTER_PER_HOUR", 30)
CAUSE_ANSWERS_NEW_VOTERS_PER_IP_PER_HOUR = env_int("CAUSE_ANSWERS_NEW_VOTERS_PER_IP_PER_HOUR", 20)
CAUSE_ANSWERS_PER_IP_PER_HOUR = env_int("CAUSE_ANSWERS_PER_IP_PER_HOUR", 300)

# The search log (search/log.py): days a search is kept (`manage.py prune_search_log`), and searches and
# opened results one client address may add to it per hour.
SEARCH_LOG_DAYS = env_int("SEARCH_LOG_DAYS", 90)
# The search index of each language, shared by the workers of a host (search/shared.py); empty: each worker
# keeps its own in memory.
SEARCH_INDEX_DIR = os.environ.get("SEARCH_INDEX_DIR", str(BASE_DIR / "var" / "search-index"))
SEARCH_LOG_PER_ADDRESS_PER_HOUR = env_int("SEARCH_LOG_PER_ADDRESS_PER_HOUR", 120)

# Mail the site sends (the admin's password reset). Without EMAIL_HOST it sends none, and the admin offers
# no password reset: a site administrator sets a new password (README, "Roles").
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "true").lower() != "false" and EMAIL_PORT != 465
EMAIL_USE_SSL = EMAIL_PORT == 465
EMAIL_TIMEOUT = 10
if EMAIL_HOST and not os.environ.get("DEFAULT_FROM_EMAIL"):
    raise ImproperlyConfigured("Set DEFAULT_FROM_EMAIL to the sender of the site's mail when EMAIL_HOST is set.")
DEFAULT_FROM_EMAIL = SERVER_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "webmaster@localhost")
# No mail server: what would be sent (moderation notices) is written to the log instead of failing.
EMAIL_BACKEND = f"django.core.mail.backends.{'smtp' if EMAIL_HOST else 'console'}.EmailBackend"
WAGTAIL_PASSWORD_RESET_ENABLED = bool(EMAIL_HOST)
# Password reset requests (helpcenter/password_reset.py): per client address and per address asked for, per hour.
PASSWORD_RESETS_PER_IP_PER_HOUR = env_int("PASSWORD_RESETS_PER_IP_PER_HOUR", 5)
PASSWORD_RESETS_PER_EMAIL_PER_HOUR = env_int("PASSWORD_RESETS_PER_EMAIL_PER_HOUR", 3)
