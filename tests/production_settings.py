"""Production settings as gunicorn runs them in the multi-worker tests, plus the X-Page-Cache header they
read (never on in production: it would tell a prober what other readers searched)."""

from helpcenter.settings.production import *  # noqa: F401,F403

PAGE_CACHE_DEBUG_HEADER = True
