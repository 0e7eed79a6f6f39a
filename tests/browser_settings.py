"""The browser tests' server: `make run`'s settings, plus axe-core served as a static file
(/static/axe/axe.min.js) for the tests to add to a page. A script the browser loads by URL is cached and
compiled once per browser context; the same 500 KB passed inline was sent and compiled again on every page."""

from helpcenter.settings.dev import *  # noqa: F401,F403
from helpcenter.settings.dev import BASE_DIR, STATICFILES_DIRS

STATICFILES_DIRS = [*STATICFILES_DIRS, ("axe", BASE_DIR / "node_modules" / "axe-core")]
