from .base import *  # noqa: F401,F403

DEBUG = False
SECRET_KEY = "test-only-key-not-secret-" + "x" * 40
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
# The manifest storage needs collectstatic; tests render templates without it.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
}
PAGE_CACHE_DEBUG_HEADER = True  # X-Page-Cache: hit/miss, which the tests read
PAGE_CACHE_RENDERS_PER_MINUTE = 1_000_000  # the suite renders a lot from one address; the budget's own tests lower it
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
_database = DATABASES["default"]  # noqa: F405
if _database["ENGINE"].endswith("sqlite3"):
    # The test database is a file copied from the fresh site (tests/conftest.py); nothing of it needs to
    # survive a crash, so it is written like memory.
    _database.setdefault("OPTIONS", {})["init_command"] = "PRAGMA synchronous=OFF; PRAGMA journal_mode=MEMORY"
SEARCH_INDEX_DIR = (
    ""  # in memory: every test starts from a fresh index (search.index.forget); test_shared_index.py sets one
)
# The front cache's purges run at once (the worker's own test runs the queue: tests/helpcenter/test_front_cache.py).
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "front-cache": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
}
