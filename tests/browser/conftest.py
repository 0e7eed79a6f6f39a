"""A real browser against a real server: the site as `make run` serves it, on its own database."""

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_URL = "/static/axe/axe.min.js"  # AXE, served by the test server (tests/browser_settings.py)
MANAGE = [sys.executable, str(ROOT / "manage.py")]


def pytest_collection_modifyitems(items):
    """One test process runs every browser test: they share the server, the browser and the signed-in roles
    (session fixtures). Two halves on two servers measured slower on two cores: Chromium competes with itself."""
    for item in items:
        if is_browser_test(item):
            item.add_marker(pytest.mark.xdist_group("browser"))


# One signed-in user per role (the groups of guides/migrations/0003_roles.py); the key is what tests ask for.
ROLES = {"editor": "Editors", "settings_admin": "Settings administrators", "translator": "Translators"}
# The admin is slow to render long pages on the single-threaded test server; readers' pages keep Playwright's 30 s.
ADMIN_TIMEOUT_MS = 90_000
RESULT_MARK = "BROWSER-TEST-RESULT "
NOTES = pytest.StashKey[list]()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def site_env(fresh_site):
    """The environment of the test server and of every command run against its database."""
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's chromium is not installed (make test installs it when run as root)")
    assert AXE.exists(), f"no {AXE}: run npm ci (make test does)"
    workdir = tempfile.mkdtemp(prefix="helpcenter-browser-")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.browser_settings",  # make run's settings, and axe-core as a file
        "PAGE_CACHE_RENDERS_PER_MINUTE": "100000",  # every page is new to this server, all from one address
        "MEDIA_ROOT": os.path.join(workdir, "media"),  # pictures the tests upload
    }
    env.pop("REDIS_URL", None)
    env = fresh_site.environ(workdir, env)
    yield env
    shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture(scope="session")
def site_url(site_env):
    port = free_port()
    server = subprocess.Popen(
        MANAGE + ["runserver", f"127.0.0.1:{port}", "--noreload", "--nothreading"],
        env=site_env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.3)
    else:
        server.kill()
        raise RuntimeError("the test server did not start")
    yield f"http://127.0.0.1:{port}"
    server.terminate()
    server.wait(timeout=10)


class Chromium:
    """One Chromium per test process while its browser tests run, stopped after the last of them.

    Playwright's sync API keeps an asyncio loop running in the thread while it is started, and Django
    refuses database work in a thread with a running loop (SynchronousOnlyOperation): the database tests
    that the same process runs after the browser tests need it stopped (pytest_runtest_teardown)."""

    def __init__(self):
        self._playwright = None
        self._browser = None
        self.contexts = {}  # kept while this browser runs: signed-in roles (admin_sessions)

    def get(self):
        if self._browser is None:
            from playwright.sync_api import sync_playwright

            self._playwright = sync_playwright().start()
            self._browser = self._playwright.chromium.launch(
                executable_path=CHROMIUM,
                args=[
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--no-first-run",
                    "--disable-quic",
                ],
            )
        return self._browser

    def stop(self):
        if self._browser is None:
            return
        for context in self.contexts.values():
            context.close()
        self.contexts.clear()
        self._browser.close()
        self._playwright.stop()
        self._browser = self._playwright = None


RUNNING = Chromium()


def is_browser_test(item) -> bool:
    return item is not None and Path(item.path).is_relative_to(Path(__file__).parent)


@pytest.hookimpl(trylast=True)  # after the test's own fixtures closed their pages
def pytest_runtest_teardown(item, nextitem):
    if is_browser_test(item) and not is_browser_test(nextitem):
        RUNNING.stop()


def pytest_sessionfinish(session):
    RUNNING.stop()


@pytest.fixture
def browser():
    return RUNNING.get()


def watch(page, site_url, outside, notes=None):
    """Record every request to another host; with `notes`, also what the page reports as going wrong."""
    page.on("request", lambda request: outside.append(request.url) if not request.url.startswith(site_url) else None)
    if notes is not None:
        page.on("pageerror", lambda error: notes.append(f"JavaScript error on {page.url}: {error}"))
        page.on(
            "console",
            lambda message: (
                notes.append(f"console error on {page.url}: {message.text[:200]}")
                if message.type == "error" and not message.text.startswith("Failed to load resource")
                else None
            ),
        )
        page.on(
            "response",
            lambda response: (
                notes.append(f"{response.status} for {response.request.method} {response.url.removeprefix(site_url)}")
                if response.status >= 400
                else None
            ),
        )


@pytest.fixture
def page(browser, site_url):
    # bypass_csp lets the test inject axe-core; the policy itself is asserted in tests/helpcenter/test_security.py.
    context = browser.new_context(base_url=site_url, viewport={"width": 1280, "height": 900}, bypass_csp=True)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url)
    page = context.new_page()
    outside = []
    watch(page, site_url, outside)
    yield page
    context.close()
    assert not outside, f"requests to other hosts: {outside}"


# --- the admin: one user per role, signed in through the form ------------------------------------------


def run_in_site(env, code, **inputs):
    """Run `code` in `manage.py shell` on the test server's database and return what it reports.

    `inputs` reach the code as the dict INPUT (through the environment, so secrets stay out of the
    process list); the code calls report(value) once with something JSON can carry."""
    script = (
        "import json, os\n"
        "INPUT = json.loads(os.environ['BROWSER_TEST_INPUT'])\n"
        f"def report(value): print({RESULT_MARK!r} + json.dumps(value))\n" + code
    )
    done = subprocess.run(
        MANAGE + ["shell", "--no-imports", "-c", script],
        env={**env, "BROWSER_TEST_INPUT": json.dumps(inputs)},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if done.returncode:
        raise RuntimeError(f"manage.py shell failed:\n{done.stderr[-3000:]}")
    results = [line[len(RESULT_MARK) :] for line in done.stdout.splitlines() if line.startswith(RESULT_MARK)]
    return json.loads(results[-1]) if results else None


CREATE_USERS = """
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.models import Page
from wagtail.users.models import UserProfile

User = get_user_model()
for account in INPUT["accounts"]:
    user = User.objects.create_user(account["username"], password=account["password"])
    user.groups.add(Group.objects.get(name=account["group"]))
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
pages = Page.objects.filter(depth__gt=1).specific().order_by("path")
report([
    {
        "id": page.pk,
        "slug": page.slug,
        "type": type(page).__name__,
        "parent": page.get_parent().pk,
        "steps": page.steps.count() if hasattr(page, "steps") else None,
    }
    for page in pages
])
"""


@pytest.fixture(scope="session")
def admin_site(site_env, site_url):
    """One user per role, each with a password made up for this run and English as admin language;
    and the site's pages as the database holds them (id, slug, type, parent id, number of steps)."""
    accounts = {
        role: {"username": f"browser-{role.replace('_', '-')}", "password": secrets.token_urlsafe(24), "group": group}
        for role, group in ROLES.items()
    }
    pages = run_in_site(site_env, CREATE_USERS, accounts=list(accounts.values()))
    return {"accounts": accounts, "pages": pages}


@pytest.fixture(scope="session")
def admin_notes(pytestconfig):
    """Lines printed after the tests: timings of the admin and what it reported going wrong (not asserted)."""
    return pytestconfig.stash.setdefault(NOTES, [])


def pytest_terminal_summary(terminalreporter, config):
    notes = config.stash.get(NOTES, [])
    if notes:
        terminalreporter.write_sep("-", "the admin in the browser: timings and notes")
        for line in dict.fromkeys(notes):  # once each, in order
            terminalreporter.write_line(line)


def sign_in(page, account):
    """Through the real sign-in form, as a person would; ends on the dashboard, in the user's language."""
    from playwright.sync_api import expect

    page.goto("/admin/login/", wait_until="domcontentloaded")
    form = page.locator("form:has(input[name=password])")
    form.locator("input[name=username]").fill(account["username"])
    form.locator("input[name=password]").fill(account["password"])
    form.locator("[type=submit]").click()
    page.wait_for_url("**/admin/", wait_until="domcontentloaded")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_title("Dashboard - Wagtail")


@pytest.fixture(scope="session")
def admin_sessions(site_url, admin_site, admin_notes):
    """signed_in(role) -> a browser context of that role. Each role signs in once while the browser runs,
    through the form; its context (cookies, cached scripts and styles) then serves every test."""
    contexts = RUNNING.contexts

    def signed_in(role):
        if role not in contexts:
            context = RUNNING.get().new_context(base_url=site_url, viewport={"width": 1280, "height": 900})
            context.set_default_timeout(ADMIN_TIMEOUT_MS)
            context.set_default_navigation_timeout(ADMIN_TIMEOUT_MS)
            page = context.new_page()
            outside = []
            watch(page, site_url, outside, admin_notes)
            sign_in(page, admin_site["accounts"][role])
            page.close()
            assert not outside, f"signing in requested other hosts: {outside}"
            contexts[role] = context
        return contexts[role]

    return signed_in


@pytest.fixture
def admin_page(admin_sessions, site_url, admin_notes):
    """admin_page(role) -> a new page signed in as "editor", "settings_admin" or "translator".

    No admin page may request anything from another host (asserted when the test ends); errors the
    admin reports in the browser (console errors, failed requests) are noted, not asserted."""
    opened = []

    def open_as(role):
        page = admin_sessions(role).new_page()
        outside = []
        watch(page, site_url, outside, admin_notes)
        opened.append((page, outside))
        return page

    yield open_as
    outside = [url for _page, urls in opened for url in urls]
    for page, _urls in opened:
        page.close()
    assert not outside, f"admin pages requested other hosts: {outside}"


def axe_violations(page, *, inject=True, within=None):
    """What axe finds on the page, or only in the elements matching the CSS selector `within`."""
    if inject:
        page.add_script_tag(url=AXE_URL)
    result = page.evaluate("async (within) => await axe.run(within || document, {resultTypes: ['violations']})", within)
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])}× e.g. {v['nodes'][0]['target']})" for v in result["violations"]]


WIDTHS = {"phone": 320, "desktop": 1280}


def accessibility_problems(page, path, within=None):
    """What axe finds on `path` (or in its elements matching `within`) and how far the page is wider than
    the screen, at a phone's and a desktop's width: loaded once and resized (media queries follow a
    resize), axe injected once."""
    page.set_viewport_size({"width": WIDTHS["phone"], "height": 900})
    page.goto(path)
    page.add_script_tag(url=AXE_URL)
    problems = []
    for name, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        problems += [f"{path} at {name} width: {v}" for v in axe_violations(page, inject=False, within=within)]
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 0:
            problems.append(f"{path} at {name} width: {overflow} px wider than the screen")
    return problems
