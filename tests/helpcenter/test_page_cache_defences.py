"""The page cache keeps the promises Django's own stack keeps (issue 19): memory bounded whatever hosts,
paths and queries clients send; HTTPS and the scheme; any path; one purge per change; no renders on a
client's demand; nothing observable. The gunicorn flood is in test_page_cache_load.py."""

import io
import secrets
import threading
import time

import pytest
from defusedxml import ElementTree as ET
from django.contrib.sessions.backends.cached_db import SessionStore as CachedDbStore
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections, connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from helpcenter import sites
from helpcenter.page_cache import front, invalidation, middleware, parameters, policy, store
from tests import factories


@pytest.fixture
def reader():
    return Client()


pytestmark = pytest.mark.usefixtures("one_minute")  # tests/conftest.py: the render budget's minute held still


def url_of(guide, lang="en"):
    return f"/{lang}/{getattr(guide, f'slug_{lang}')}/"


def stored_keys() -> int:
    """Stored pages in the (local-memory) page cache of the tests."""
    return sum(":page:" in key for key in store.cache()._cache)


def wsgi_environ(path, **extra):
    """A WSGI environ as gunicorn builds it: PATH_INFO holds the URL's bytes decoded as Latin-1."""
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path.encode().decode("latin-1"),
        "QUERY_STRING": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "HTTP_HOST": "testserver",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": io.StringIO(),
        "wsgi.url_scheme": "http",
    }
    return environ | extra


def call_front(environ, application=None):
    started = {}

    def start_response(status, headers, exc_info=None):
        started.update(status=status, headers=dict(headers))

    # As Django's test client does: a request must not close the test's database connection.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        body = b"".join(front.PageCacheApplication(application or WSGIHandler())(environ, start_response))
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)
    return started["status"], started["headers"], body


# 1. worker memory and stored entries do not grow with the hosts clients name -------------------------


def test_hundreds_of_host_ports_are_one_stored_page_and_one_site_directory(reader, guide):
    url = url_of(guide)
    reader.get(url)
    entries = stored_keys()
    for port in range(20000, 20300):
        response = Client(HTTP_HOST=f"testserver:{port}").get(url)
        assert response.status_code == 200 and response["X-Page-Cache"] == "hit"
    assert stored_keys() == entries
    # renders (searches that find nothing are never stored) go through the site directory: one per site
    for port in range(20000, 20100):
        assert Client(HTTP_HOST=f"testserver:{port}").get("/en/search/?q=zzqx").status_code == 200
    assert stored_keys() == entries
    assert len(sites.DIRECTORY.sites) == Site.objects.count()
    assert len(store.WORKER_COPIES.entries) <= 2


def test_a_page_rendered_for_an_odd_port_links_from_the_canonical_host(guide):
    response = Client(HTTP_HOST="testserver:31337").get(url_of(guide))
    body = response.content.decode()
    assert 'hreflang="lv" href="http://testserver/lv/' in body
    assert ":31337" not in body
    assert (
        "Sitemap: http://testserver/sitemap.xml"
        in Client(HTTP_HOST="testserver:31337").get("/robots.txt").content.decode()
    )


def test_a_host_only_a_wildcard_allows_is_rendered_and_never_stored(guide, settings):
    settings.ALLOWED_HOSTS = ["testserver", ".inbox.lv"]
    url = url_of(guide)
    for n in range(3):
        response = Client(HTTP_HOST=f"x{n}.inbox.lv").get(url)
        assert response.status_code == 200 and response["X-Page-Cache"] == "miss"
    assert stored_keys() == 0
    settings.PAGE_CACHE_RENDERS_PER_MINUTE = 3  # and each such render counts against the client's budget
    assert Client(HTTP_HOST="x9.inbox.lv").get(url).status_code == 429


def test_worker_copies_are_bounded_in_number_and_bytes(settings):
    settings.PAGE_CACHE_WORKER_ENTRIES, settings.PAGE_CACHE_WORKER_BYTES = 3, 2500
    copies = store.WorkerCopies()
    for n in range(10):
        copies.put(f"k{n}", {"body": b"x" * 1000, "generation": "g"})
        assert len(copies.entries) <= 3 and copies.size <= 2500
    assert list(copies.entries) == ["k8", "k9"]
    copies.put("huge", {"body": b"x" * 5000, "generation": "g"})
    assert "huge" not in copies.entries


# 2. searches: normalized keys, stored only when found, a bounded number, briefly ------------------------


def test_spellings_of_one_search_are_one_stored_page(reader, db):
    assert reader.get("/en/search/?q=imap")["X-Page-Cache"] == "miss"
    for spelling in ("imap   ", "  imap", "imap&utm_source=mail"):
        response = reader.get(f"/en/search/?q={spelling}")
        assert response["X-Page-Cache"] == "hit", spelling
    assert 'value="imap"' in response.content.decode()
    # the page shows the query back as typed: another case of its letters is a page of its own
    response = reader.get("/en/search/?q=IMAP")
    assert response["X-Page-Cache"] == "miss" and 'value="IMAP"' in response.content.decode()


def test_a_search_that_found_nothing_is_never_stored(reader, db):
    for _ in range(2):
        response = reader.get("/en/search/?q=nosuchwordanywhere")
        assert response.status_code == 200 and response["X-Page-Cache"] == "miss"
    assert stored_keys() == 0


def test_only_so_many_searches_are_stored_and_only_briefly(reader, db, settings):
    settings.PAGE_CACHE_SEARCH_ENTRIES = 3
    queries = ["imap", "pop3", "smtp", "outlook", "thunderbird"]
    for query in queries:
        assert reader.get(f"/en/search/?q={query}")["X-Page-Cache"] == "miss"
    again = [reader.get(f"/en/search/?q={query}")["X-Page-Cache"] for query in queries]
    assert again == ["hit"] * 3 + ["miss"] * 2
    imap = policy.lookup({"HTTP_HOST": "testserver", "QUERY_STRING": "q=imap"}, "/en/search/", "GET")
    expires = store.cache()._expire_info[store.cache().make_key(imap.key)]
    assert expires - time.time() <= settings.PAGE_CACHE_SEARCH_SECONDS < settings.PAGE_CACHE_SECONDS


class FailingCache:
    """A cache server that refuses everything, as a full Redis with `noeviction` refuses writes."""

    def __getattr__(self, name):
        def refuse(*args, **kwargs):
            raise ConnectionError("OOM command not allowed when used memory > 'maxmemory'")

        return refuse


@pytest.mark.parametrize("failing", ["writes", "everything"])
def test_a_failing_cache_costs_a_render_never_an_error(reader, guide, monkeypatch, failing):
    real = store.cache()
    if failing == "writes":
        monkeypatch.setattr(real, "set", FailingCache().set)
        monkeypatch.setattr(real, "incr", FailingCache().incr)
    else:
        monkeypatch.setattr(store, "cache", FailingCache)
    for url in (url_of(guide), "/en/search/?q=imap", "/sitemap.xml"):
        for _ in range(2):
            response = reader.get(url)
            assert response.status_code == 200 and response["X-Page-Cache"] == "miss", url


# 3. any path: the environ reaches Django as the server made it ---------------------------------------


@pytest.mark.parametrize("path", ["/lv/ā/", "/ru/пример/", "/admin/ā/", "/documents/1/pārskats.pdf", "/en/ü/"])
def test_a_path_in_any_letters_gets_django_s_answer_and_an_untouched_environ(db, path):
    environ = wsgi_environ(path)
    original = dict(environ)
    handed_over = []

    def django(environ, start_response):
        handed_over.append(dict(environ))
        return WSGIHandler()(environ, start_response)

    status, _headers, _body = call_front(environ, django)
    assert status.startswith(("404", "302")), status  # not found; the admin asks to sign in
    assert handed_over == [original]


def test_a_latin_1_letter_is_looked_up_as_itself(db):
    seen = []

    def django_application(environ, start_response):
        seen.append(front.policy.path_of(environ))
        start_response("404 Not Found", [])
        return [b""]

    call_front(wsgi_environ("/en/ü/"), django_application)
    assert seen == ["/en/ü/"]


# 4.-5. HTTPS: no stored page skips the redirect; the scheme is in the key --------------------------------


def test_a_stored_page_never_skips_the_https_redirect(reader, guide, settings):
    settings.SECURE_SSL_REDIRECT = True
    url = url_of(guide)
    assert reader.get(url, secure=True).status_code == 200
    assert reader.get(url, secure=True)["X-Page-Cache"] == "hit"
    response = reader.get(url)
    assert response.status_code == 301 and response["Location"] == f"https://testserver{url}"
    status, headers, _body = call_front(wsgi_environ(url))
    assert status.startswith("301") and headers["Location"].startswith("https://")


def test_http_and_https_are_stored_apart(reader, guide):
    url = url_of(guide)
    plain = reader.get(url)
    assert 'href="http://testserver/' in plain.content.decode()
    secure = reader.get(url, secure=True)
    assert secure["X-Page-Cache"] == "miss"
    assert 'href="https://testserver/' in secure.content.decode()
    assert 'href="http://testserver/' not in secure.content.decode()
    assert "https://testserver/" in reader.get("/robots.txt", secure=True).content.decode()


# 6. no renders on a client's demand ------------------------------------------------------------------


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_CACHE_CONTROL": "no-cache"},
        {"HTTP_PRAGMA": "no-cache"},
        {"HTTP_CACHE_CONTROL": "max-age=0"},
        {"HTTP_COOKIE": "sessionid=0123456789abcdefghijklmnopqrstuv"},  # well-formed, but no session
        {"HTTP_COOKIE": "sessionid=made-up; hc_voter=x"},
    ],
)
def test_request_headers_and_made_up_cookies_do_not_force_a_render(reader, guide, headers):
    url = url_of(guide)
    stored = reader.get(url)
    response = Client(**headers).get(url)
    assert response["X-Page-Cache"] == "hit" and response.content == stored.content
    status, _headers, body = call_front(wsgi_environ(url, **headers), lambda e, s: pytest.fail("rendered"))
    assert status == "200 OK" and body == stored.content


def test_query_parameters_a_page_does_not_read_are_answered_from_its_entry(reader, guide):
    url = url_of(guide)
    stored = reader.get(url)
    for query in ("utm_source=newsletter", "x=1&y=2", "q=imap", "feedback=made-up"):
        response = reader.get(f"{url}?{query}")
        assert response["X-Page-Cache"] == "hit" and response.content == stored.content, query
    thanks = reader.get(f"{url}?feedback=thanks")  # the vote's own answer is a page of its own
    assert thanks["X-Page-Cache"] == "miss" and thanks.content != stored.content
    assert reader.get(f"{url}?feedback=thanks&utm_source=x")["X-Page-Cache"] == "hit"


def test_a_real_session_still_bypasses_the_store(editor_client, guide):
    url = url_of(guide)
    Client().get(url)
    response = editor_client.get(url)
    assert response.status_code == 200 and "X-Page-Cache" not in response


def test_renders_an_address_causes_have_a_budget_then_429_with_retry_after(reader, guide, settings):
    settings.PAGE_CACHE_RENDERS_PER_MINUTE = 3
    url = url_of(guide)
    assert reader.get(url).status_code == 200  # one render, stored
    codes = [reader.get(f"/en/search/?q=nothing{n}").status_code for n in range(4)]
    assert codes == [200, 200, 429, 429]
    refused = reader.get("/en/search/?q=nothing9")
    assert 1 <= int(refused["Retry-After"]) <= 60 and "no-store" in refused["Cache-Control"]
    assert "Content-Security-Policy" in refused and refused["Content-Language"] == "en"
    assert reader.get(url).status_code == 200  # stored pages are never refused
    other = Client(REMOTE_ADDR="198.51.100.7")  # another reader's budget is their own
    assert other.get("/en/search/?q=nothing10").status_code == 200


def test_pages_readers_have_had_are_rendered_after_a_publish_whatever_the_budget(reader, guide, settings):
    """Before: after a publish every stored page was stale and each render counted against the asking
    address, so one address reading the site got 429 for ordinary pages. Now a page stored before (under
    any generation) is rendered outside the budget; what was never a page still counts."""
    settings.PAGE_CACHE_RENDERS_PER_MINUTE = 2
    pages = [url_of(guide, lang) for lang in ("lv", "en", "ru", "lt")] + ["/lv/", "/en/", "/robots.txt"]
    for n, url in enumerate(pages):  # stored earlier, by readers of their own
        assert Client(REMOTE_ADDR=f"198.51.100.{20 + n}").get(url).status_code == 200, url
    store.bump_generation()  # a publish: every stored page is stale
    answers = [reader.get(url) for url in pages]
    assert [a.status_code for a in answers] == [200] * len(pages)
    assert {a["X-Page-Cache"] for a in answers} == {"miss"}  # rendered again, once
    assert {reader.get(url)["X-Page-Cache"] for url in pages} == {"hit"}
    codes = [reader.get(f"/en/search/?q=nothing{n}").status_code for n in range(3)]  # never a page
    assert codes == [200, 200, 429]
    assert reader.get("/en/no-such-page/").status_code == 429
    store.bump_generation()
    assert reader.get(pages[1]).status_code == 200  # over the budget, and still a page readers have had
    assert reader.head(pages[2]).status_code == 429  # a HEAD is never stored: it counts


def test_a_page_that_is_gone_counts_against_the_budget_again(reader, guide, settings):
    settings.PAGE_CACHE_RENDERS_PER_MINUTE = 2
    url = url_of(guide)
    assert Client(REMOTE_ADDR="198.51.100.30").get(url).status_code == 200
    guide.unpublish()  # a change: the generation moves on
    codes = [reader.get(url).status_code for _ in range(4)]
    assert codes == [404, 404, 429, 429]  # the first render took the mark away and counted


def test_every_page_of_a_search_is_stored_as_a_search():
    """Before: a further page of results (`page=2`) was stored like a page, for a day and outside the
    search pages' cap, so new queries with a page number grew the store. Now it is a search like the first."""
    meta = wsgi_environ("/en/search/", QUERY_STRING="q=imap&page=2")
    further = policy.lookup(meta, "/en/search/", "GET")
    assert further.search and further.searched is None and further.page is None
    first = policy.lookup(wsgi_environ("/en/search/", QUERY_STRING="q=imap"), "/en/search/", "GET")
    assert first.search and first.searched == ("en", "imap") and first.page is None
    assert policy.lookup(wsgi_environ("/en/search/"), "/en/search/", "GET").page is not None  # the prompt


def test_readers_asking_for_one_page_in_one_process_wait_for_one_render():
    renders, started = [], threading.Barrier(8)
    stored = []

    def ask():
        started.wait()
        with middleware.RENDERS.one_at_a_time("page:x"):
            if not stored:  # what the middleware does: read the store again once the lock is held
                renders.append(1)
                time.sleep(0.05)
                stored.append(1)

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert renders == [1] and middleware.RENDERS.locks == {}


AUTODISCOVER_REQUEST = (
    '<?xml version="1.0"?><Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/outlook/'
    'requestschema/2006"><Request><EMailAddress>anna@inbox.lv</EMailAddress><AcceptableResponseSchema>'
    "http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a</AcceptableResponseSchema>"
    "</Request></Autodiscover>"
)


def test_what_mail_programs_fetch_is_never_stored_and_counts_toward_the_budget(reader, guide, settings):
    """Before: autoconfig, Autodiscover posts, profiles and the QR page were rendered for any client without
    a limit. Now each counts like a page that was not stored; over the budget each client gets the refusal
    it reads (text, Autodiscover XML, the HTML page), with 429 and Retry-After."""
    settings.PAGE_CACHE_RENDERS_PER_MINUTE = 2
    asks = {
        "autoconfig": lambda c: c.get("/mail/config-v1.1.xml?emailaddress=anna@inbox.lv"),
        "well-known": lambda c: c.get("/.well-known/autoconfig/mail/config-v1.1.xml"),
        "autodiscover": lambda c: c.post(
            "/Autodiscover/Autodiscover.xml", AUTODISCOVER_REQUEST, content_type="text/xml"
        ),
        "profile": lambda c: c.get("/mobileconfig/?emailaddress=anna@inbox.lv"),
        "qr": lambda c: c.get("/mobileconfig/qr/?emailaddress=anna@inbox.lv"),
    }
    for n, (name, ask) in enumerate(asks.items()):
        client = Client(REMOTE_ADDR=f"198.51.100.{n + 1}", HTTP_ACCEPT_LANGUAGE="en")
        answers = [ask(client) for _ in range(3)]
        assert [a.status_code for a in answers] == [200, 200, 429], name
        assert all(a.get("X-Page-Cache") != "hit" for a in answers), name
        refused = answers[-1]
        assert 1 <= int(refused["Retry-After"]) <= 60 and "no-store" in refused["Cache-Control"], name
        kind = refused["Content-Type"]
        if name == "autodiscover":
            document = ET.fromstring(refused.content)
            assert document.findtext(".//{*}ErrorCode") == "603" and kind.startswith("application/xml")
        elif name == "qr":
            assert kind.startswith("text/html") and "Content-Security-Policy" in refused
        else:
            assert kind.startswith("text/plain") and b"minute" in refused.content, name
    assert reader.get(url_of(guide)).status_code == 200  # a reader's own budget is untouched


def test_a_made_up_session_cookie_costs_no_session_lookup(reader, guide, monkeypatch):
    """Before: each made-up `sessionid` cost the page cache a cache read and a query to learn that no such
    session exists. Now a key this site never handed out is read as no session without either."""
    url = url_of(guide)
    stored = reader.get(url)

    def looked_up(self):
        pytest.fail("a made-up session key was looked up")

    monkeypatch.setattr(CachedDbStore, "load", looked_up)
    for key in ("0123456789abcdefghijklmnopqrstuv", secrets.token_hex(16), "a" * 32):
        cookie = f"sessionid={key}"
        with CaptureQueriesContext(connection) as queries:
            status, _headers, body = call_front(wsgi_environ(url, HTTP_COOKIE=cookie), lambda e, s: pytest.fail())
        assert status == "200 OK" and body == stored.content and len(queries) == 0
        assert Client(HTTP_COOKIE=cookie).get(url)["X-Page-Cache"] == "hit"


# 7. nothing observable ---------------------------------------------------------------------------------


def test_production_says_nothing_about_hits(reader, guide, settings):
    settings.PAGE_CACHE_DEBUG_HEADER = False
    url = url_of(guide)
    for _ in range(2):
        assert "X-Page-Cache" not in reader.get(url)
    _status, headers, _body = call_front(wsgi_environ(url))
    assert "X-Page-Cache" not in headers


# 8. one purge per change -----------------------------------------------------------------------------


def test_publishing_a_new_guide_purges_once(db, monkeypatch, django_capture_on_commit_callbacks):
    """However many pages, steps and states the transaction saves (the purge itself: test_front_cache.py)."""
    purged = []
    monkeypatch.setattr(invalidation, "request_purge", purged.append)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        factories.guide("ten-step-guide", steps=factories.steps_like("outlook-2010-imap", 10))
    assert [c for c in callbacks if c is invalidation.after_commit] == [invalidation.after_commit]
    assert purged == [{"helpcenter"}]


def test_the_release_comes_from_the_environment(settings, monkeypatch):
    settings.RELEASE_ID = "3f2c1e9"
    monkeypatch.setattr(policy, "RELEASE", [])
    assert policy.release() == "3f2c1e9"


def test_only_parameters_an_app_registered_key_a_page(monkeypatch):
    monkeypatch.setattr(parameters, "REGISTERED", dict(parameters.REGISTERED))
    assert parameters.keyed("tab=2&utm_source=x", "/en/x/") == ((), None)
    tabs = parameters.PageParameters(read=lambda q: [("tab", q["tab"])] if q.get("tab") in ("1", "2") else [])
    parameters.register("tabs", tabs)
    assert parameters.keyed("tab=2&utm_source=x", "/en/x/") == ((("tab", "2"),), None)
    assert parameters.keyed("tab=3", "/en/x/") == ((), None)
    further, search = parameters.keyed("q=IMAP&page=2&tab=1", "/en/search/")
    assert further == (("q", "IMAP"), ("page", "2"), ("tab", "1")) and search.counted("IMAP") == "imap"
