"""What readers could not find, for editors: the search log (search/log.py), the opened results, the
searches the page cache answered, pruning, a flood, and the three reports."""

import io
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.test import Client, RequestFactory
from django.utils import timezone

from guides.models import GuidePage
from helpcenter.page_cache import searches
from search import log
from search.models import SearchClick, SearchLog
from tests.helpcenter.test_page_cache_defences import call_front, wsgi_environ
from tests.helpers import logged_in, user_in

READER_ADDRESS = "203.0.113.7"


@pytest.fixture(autouse=True)
def nothing_counted_yet():
    searches.take()
    yield
    searches.take()


def reader():
    return Client(REMOTE_ADDR=READER_ADDRESS, HTTP_USER_AGENT="Reader/1.0")


def test_a_search_is_logged_as_read_with_its_language_and_how_many_pages_it_found(db):
    browser = reader()
    browser.cookies["hc_voter"] = "a-signed-voter-id"
    assert browser.get("/lv/search/", {"q": "  IMAP  Serveris "}).status_code == 200
    assert browser.get("/ru/search/", {"q": "xyzzyq"}).status_code == 200
    rows = {(r.language, r.query): (r.results, r.count) for r in SearchLog.objects.all()}
    assert rows[("ru", "xyzzyq")] == (0, 1)
    assert rows[("lv", "imap serveris")][0] > 0


def test_nothing_that_identifies_a_reader_is_stored(db):
    assert {f.name for f in SearchLog._meta.get_fields()} == {
        "id",
        "query",
        "language",
        "results",
        "count",
        "searched_at",
    }
    assert {f.name for f in SearchClick._meta.get_fields()} == {"id", "query", "language", "page", "clicked_at"}
    browser = reader()
    browser.get("/lv/search/", {"q": "parole"})
    guide = GuidePage.objects.live().first()
    browser.get("/lv/search/open/", {"q": "parole", "to": guide.pk})
    stored = " ".join(
        str(value) for model in (SearchLog, SearchClick) for row in model.objects.values_list() for value in row
    )
    assert READER_ADDRESS not in stored and "Reader/1.0" not in stored


def test_an_opened_result_is_logged_and_the_reader_reaches_the_page(db):
    guide = GuidePage.objects.get(slug="thunderbird-imap")
    response = reader().get("/lv/search/open/", {"q": "thunderbird", "to": guide.pk})
    assert response.status_code == 302
    assert response["Location"] == "/lv/thunderbird-imap/"
    assert response["Cache-Control"] == "no-store"
    click = SearchClick.objects.get()
    assert (click.query, click.language, click.page_id) == ("thunderbird", "lv", guide.pk)


@pytest.mark.parametrize("to", ["", "abc", "//evil.example", "999999", "1" * 20, "-3"])
def test_an_opened_result_that_is_no_live_page_goes_back_to_the_search(db, to):
    response = reader().get("/lv/search/open/", {"q": "imap", "to": to})
    assert response.status_code == 302
    assert response["Location"] == "/lv/search/?" + urlencode({"q": "imap"})
    assert not SearchClick.objects.exists()


def test_the_results_link_through_the_log(client, db):
    soup = BeautifulSoup(client.get("/lv/search/", {"q": "thunderbird"}).content, "html.parser")
    href = soup.select_one("ol.search-results h2 a")["href"]
    assert href.startswith("/lv/search/open/?q=thunderbird&to=")
    assert client.get(href)["Location"] == "/lv/thunderbird-imap/"


def front_search(query):
    status, headers, body = call_front(wsgi_environ("/lv/search/", QUERY_STRING=urlencode({"q": query})))
    assert status.startswith("200")
    return headers["X-Page-Cache"], body.decode()


def test_searches_the_page_cache_answers_are_counted_and_written_with_what_they_found(db):
    assert front_search("Parole")[0] == "miss"  # rendered, and logged in its normal form
    for _ in range(4):
        assert front_search("Parole")[0] == "hit"
    # the page shows the query as typed, so another spelling is a stored page of its own; the log's query is
    # the same (lower case): one query for editors however readers capitalize it
    cached, body = front_search("parole")
    assert cached == "miss" and 'value="parole"' in body
    assert front_search("parole")[0] == "hit"
    assert log.flush_stored_answers(force=True) >= 1
    rows = list(SearchLog.objects.order_by("pk"))
    rendered, answered = rows[:2], rows[2:]
    assert [(row.query, row.count) for row in rendered] == [("parole", 1), ("parole", 1)]
    assert {row.query for row in answered} == {"parole"} and sum(row.count for row in answered) == 5
    assert {row.results for row in answered} == {rendered[0].results} and rendered[0].results > 0
    assert log.flush_stored_answers(force=True) == 0  # taken once


def test_counting_in_the_process_is_bounded(monkeypatch):
    monkeypatch.setattr(searches, "MAX_QUERIES", 3)
    request = RequestFactory().get("/lv/search/")
    for n in range(10):
        searches.count(("lv", f"q{n}"), request)
    searches.count(("lv", "q0"), request)
    who = request.META["REMOTE_ADDR"]
    assert searches.take() == {(("lv", "q0"), who): 2, (("lv", "q1"), who): 1, (("lv", "q2"), who): 1}


def test_a_flood_of_new_searches_from_one_address_writes_only_so_many(db, settings):
    settings.SEARCH_LOG_PER_ADDRESS_PER_HOUR = 5
    browser = reader()
    statuses = [browser.get("/lv/search/", {"q": f"flood{n}"}).status_code for n in range(40)]
    assert set(statuses) == {200}  # every reader is answered
    assert SearchLog.objects.count() == 5
    other = Client(REMOTE_ADDR="198.51.100.9")
    other.get("/lv/search/", {"q": "imap"})
    assert SearchLog.objects.count() == 6  # another address is not held back


def test_a_flood_of_a_stored_search_from_one_address_writes_only_so_many(db, settings):
    """Searches the page cache answers count against the same hourly budget as rendered ones (issue 34)."""
    settings.SEARCH_LOG_PER_ADDRESS_PER_HOUR = 5
    assert front_search("Parole")[0] == "miss"
    answers = [front_search("Parole")[0] for _ in range(40)]
    assert set(answers) == {"hit"}  # every reader is answered from the store
    log.flush_stored_answers(force=True)
    assert sum(row.count for row in SearchLog.objects.all()) == 5
    status, _headers, _body = call_front(
        wsgi_environ("/lv/search/", QUERY_STRING="q=Parole", REMOTE_ADDR="198.51.100.9")
    )
    log.flush_stored_answers(force=True)
    assert sum(row.count for row in SearchLog.objects.all()) == 6  # another address is not held back


def test_old_entries_are_pruned_by_the_command(db, settings):
    settings.SEARCH_LOG_DAYS = 90
    old = SearchLog.objects.create(query="old", language="lv", results=0)
    recent = SearchLog.objects.create(query="recent", language="lv", results=0)
    click = SearchClick.objects.create(query="old", language="lv", page=None)
    SearchLog.objects.filter(pk=old.pk).update(searched_at=timezone.now() - timedelta(days=91))
    SearchClick.objects.filter(pk=click.pk).update(clicked_at=timezone.now() - timedelta(days=91))
    out = io.StringIO()
    call_command("prune_search_log", stdout=out)
    assert "1 searches and 1 opened results older than 90 days deleted" in out.getvalue()
    assert list(SearchLog.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not SearchClick.objects.exists()


# the reports ------------------------------------------------------------------------------------------------
def report(browser, path, **params):
    response = browser.get(path, params)
    assert response.status_code == 200
    rows = BeautifulSoup(response.content, "html.parser").select("table.search-report tbody tr")
    return [(r["data-lang"], r["data-query"], int(r["data-searches"]), int(r["data-opened"])) for r in rows]


@pytest.fixture
def editor(db, django_user_model):
    return logged_in(user_in(django_user_model, "Editors", "log-editor"))


def test_editors_see_top_searches_those_that_found_nothing_and_those_with_no_result_opened(editor, db):
    browser = reader()
    guide = GuidePage.objects.get(slug="thunderbird-imap")
    for q in ["thunderbird", "thunderbird", "thunderbird", "imap", "imap", "zzqq"]:
        browser.get("/lv/search/", {"q": q})
    browser.get("/ru/search/", {"q": "zzqq"})
    browser.get("/lv/search/open/", {"q": "thunderbird", "to": guide.pk})

    assert report(editor, "/admin/searches/")[:2] == [("lv", "thunderbird", 3, 1), ("lv", "imap", 2, 0)]
    assert report(editor, "/admin/searches/nothing-found/") == [("lv", "zzqq", 1, 0), ("ru", "zzqq", 1, 0)]
    assert report(editor, "/admin/searches/nothing-found/", language="ru") == [("ru", "zzqq", 1, 0)]
    assert report(editor, "/admin/searches/not-opened/") == [("lv", "imap", 2, 0)]
    since = (timezone.localdate() + timedelta(days=1)).isoformat()
    assert report(editor, "/admin/searches/", searched_at_from=since) == []


def test_the_report_exports_and_a_query_cannot_start_a_formula(editor, db):
    reader().get("/lv/search/", {"q": "=cmd|calc"})
    export = editor.get("/admin/searches/nothing-found/", {"export": "csv"})
    text = b"".join(export.streaming_content).decode()
    assert text.splitlines()[0] == "Query,Language,Searches,Pages found,Results opened,Last searched"
    assert "'=cmd|calc" in text
    assert editor.get("/admin/searches/", {"export": "xlsx"}).status_code == 200


@pytest.mark.parametrize("group", ["Translators", "Settings administrators"])
def test_the_search_reports_are_refused_to_other_roles(django_user_model, db, group):
    browser = logged_in(user_in(django_user_model, group, "log-other"))
    for path in ("/admin/searches/", "/admin/searches/nothing-found/", "/admin/searches/not-opened/"):
        assert browser.get(path).status_code == 302, path
