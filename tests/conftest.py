import gc
import io
import threading
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.management import call_command
from django.db import connections
from django.template import Template
from django.test.utils import instrumented_test_render
from django.utils import translation
from wagtail.users.models import UserProfile

from guides.models import GuidePage, ServerSettings
from helpcenter.page_cache import middleware as page_cache_middleware
from helpcenter.page_cache import store
from search import index as search_index
from search import upkeep
from tests import factories
from tests.browser.conftest import is_browser_test
from tools.fresh_site import FreshSite

LANGUAGES = ["lv", "en", "ru", "lt"]
# Django's own rendering, as conftest is imported (before pytest-django's test environment instruments it).
UNINSTRUMENTED_RENDER = Template._render
assert UNINSTRUMENTED_RENDER is not instrumented_test_render


def on_sqlite() -> bool:
    return connections["default"].vendor == "sqlite"


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, fresh_site, tmp_path_factory):
    """On SQLite each test process starts from a copy of the fresh site's database (migrated and loaded
    by the real commands once per run, tools/fresh_site.py) instead of migrating and loading its own."""
    if on_sqlite():
        copy = tmp_path_factory.mktemp("database") / "test.sqlite3"
        fresh_site.database(copy)
        connections["default"].settings_dict["TEST"]["NAME"] = str(copy)


@pytest.fixture(scope="session")
def django_db_keepdb(request):
    """The copy is kept, not created again (Django's migrate then finds nothing to do)."""
    return on_sqlite() or request.config.getvalue("reuse_db")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The shipped content, loaded once by the real loader; each test rolls its changes back."""
    if not on_sqlite():
        with django_db_blocker.unblock():
            call_command("load_content", stdout=io.StringIO())


def pytest_sessionstart(session):
    """Under pytest-xdist the controller builds the fresh site while the workers start and collect,
    instead of one worker building it while the other waits (they wait on the same file lock)."""
    config = session.config
    if hasattr(config, "workerinput") or not getattr(config.option, "numprocesses", 0) or not on_sqlite():
        return
    site = FreshSite(config._tmp_path_factory.getbasetemp() / "fresh-site")
    threading.Thread(target=site.prepare, name="fresh-site", daemon=True).start()


def pytest_collection_finish(session):
    """What is loaded by now (Django, Wagtail, the project, the collected tests) lives for the whole run:
    the garbage collector leaves it out of its walks, and runs a tenth as often. It had taken 4.0 s of a
    45 s run of admin and search tests; 1.1 s after."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)


def needs_the_database(item) -> bool:
    return bool({"django_db_setup", "fresh_site"} & set(getattr(item, "fixturenames", ()))) or bool(
        item.get_closest_marker("django_db")
    )


def schedule_rank(item) -> int:
    """Tests that need no database first: each test process runs them while the fresh site is built,
    instead of waiting for it idle. Then the longest first (pytest-xdist hands out work in this order): the
    browser tests (one process, minutes), then the other groups and slow tests, so that no process is
    left running a long one alone at the end while the other has finished."""
    if not needs_the_database(item):
        return 0
    if is_browser_test(item):
        return 1
    if item.get_closest_marker("slow") or item.get_closest_marker("xdist_group"):
        return 2
    return 3


def pytest_collection_modifyitems(items):
    items.sort(key=schedule_rank)


@pytest.fixture(scope="session")
def fresh_site(tmp_path_factory, worker_id):
    """Servers on a copy of one freshly loaded database (tools/fresh_site.py), built once per run: under
    pytest-xdist in the directory all workers of the run share."""
    root = tmp_path_factory.getbasetemp()
    return FreshSite((root if worker_id == "master" else root.parent) / "fresh-site")


@pytest.fixture(scope="session", autouse=True)
def templates_without_render_signals(django_test_environment):
    """Django's test environment sends a signal with a copy of the context for every template rendered
    (for `response.templates` and `response.context`): a sixth of the time of every admin page. Tests
    that read them ask for `rendered_templates`; the others render as the server does."""
    Template._render = UNINSTRUMENTED_RENDER


@pytest.fixture
def rendered_templates(monkeypatch):
    """`response.templates` and `response.context` filled in, for the tests that read them."""
    monkeypatch.setattr(Template, "_render", instrumented_test_render)


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the site's default language: a request through the test client leaves its
    language active in the thread, and a page's untranslated field names read the active language's
    column, so a test would otherwise depend on which test ran before it in the same process."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def fresh_cache():
    for each in caches.all():
        each.clear()
    store.WORKER_COPIES.clear()  # never served anyway (their generation is gone), but tests count them
    # a rolled-back test gives the next one the same page and revision ids: each starts as a new worker
    search_index.forget()
    yield
    for each in caches.all():
        each.clear()


@pytest.fixture(autouse=True)
def no_request_left_open():
    """request_finished is sent when a response is closed: the test client closes a streamed one (an export)
    only once it is read to its end, and a test calling the WSGI handler itself may not close it at all. Such
    a test would leave the next test's publish waiting for a response that never ends (search/upkeep.py);
    a server always closes the response."""
    upkeep.request_ended()
    yield


@pytest.fixture
def record(db):
    return ServerSettings.objects.get()


@pytest.fixture
def guide(db):
    return GuidePage.objects.get(slug="outlook-2010-imap")


@pytest.fixture
def shipped_guide_part(db):
    """A published guide of the shipped Outlook 2010 guide's first 16 steps (a window among them): for admin
    round trips that test a rule or a role, not the size of a form (every shipped page's own form is
    posted in tests/guides/test_editor_forms.py)."""
    return factories.guide_like("outlook-2010-imap", 16)


@pytest.fixture
def editor(db, django_user_model):
    """A logged-in support editor whose admin speaks English (messages are asserted in English)."""
    user = django_user_model.objects.create_superuser("editor", "editor@example.com", "pw-editor-1")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def one_minute(monkeypatch):
    """The render budget counts per clock minute: every request of a test falls into the same one."""
    monkeypatch.setattr(page_cache_middleware, "time", SimpleNamespace(time=lambda: 60 * 29_000_000 + 1.0))
