"""Numbers from clients and editors, read one way (helpcenter/numbers.py), and the front layer that never
answers with the server's bare 500 (helpcenter/page_cache/front.py). Issue 34, item 1."""

import logging
from urllib.parse import quote

import pytest
from django.core.exceptions import ValidationError

from guides.models import TopicPage
from helpcenter.numbers import whole_number
from helpcenter.page_cache import policy
from tests.helpcenter.test_page_cache_defences import call_front, wsgi_environ

# What a client may write for a number: digits of other scripts (that isdigit() calls digits and int()
# refuses, or takes), signs, spaces, separators, other notations, and numbers too long to read.
NOT_NUMBERS = ["²", "②", "٣", "𝟚", "-1", "+2", " 2", "2 ", "1_0", "0x10", "1e3", "2.0", "", "9" * 40, "0" * 400 + "2"]


@pytest.mark.parametrize("raw", NOT_NUMBERS + [None, 2])
def test_only_ascii_digits_within_bounds_are_a_number(raw):
    assert whole_number(raw) is None


def test_a_number_is_read_within_its_bounds():
    assert whole_number("007") == 7
    assert whole_number("100", 2, 100) == 100
    assert whole_number("101", 2, 100) is None and whole_number("1", 2, 100) is None


def test_the_records_closed_ports_are_read_the_same_way(record):
    record.closed_ports = "110, ²"
    with pytest.raises(ValidationError) as refused:
        record.full_clean()
    assert "closed_ports" in refused.value.message_dict
    assert record.closed_port_list == [110]


def numeric_urls(db):
    topic = TopicPage.objects.live().first()
    for value in NOT_NUMBERS:
        typed = quote(value)
        yield f"/lv/search/?q=imap&page={typed}", ""
        yield "/lv/search/", f"q=imap&page={typed}&exact={typed}"
        yield "/lv/search/open/", f"q=imap&to={typed}"
        yield f"/lv/{topic.slug_lv}/{value}/", ""
        yield f"/lv/feedback/{value}/", ""
        yield f"/sitemap-{value}.xml", ""
        yield "/lv/troubleshooter/1/2/still/", f"program={typed}"


def test_no_number_a_client_writes_gets_a_server_error(db):
    """Every parameter and path part that takes a number, through the front layer and Django."""
    answers = {}
    for path, query in numeric_urls(db):
        path, _, inline = path.partition("?")
        status, headers, _body = call_front(wsgi_environ(path, QUERY_STRING=inline or query))
        answers[(path, inline or query)] = status
        assert int(status[:3]) < 500, (path, inline or query, status)
        assert "X-Content-Type-Options" in headers, (path, status)  # Django's answer, with its headers
    assert len(answers) > 80


def test_a_failure_of_the_page_caches_policy_is_a_rendered_page_logged_once(db, monkeypatch, caplog):
    def broken(*args):
        raise RuntimeError("the policy failed")

    monkeypatch.setattr(policy, "lookup", broken)
    with caplog.at_level(logging.ERROR, logger="helpcenter.page_cache"):
        first = call_front(wsgi_environ("/lv/"))
        second = call_front(wsgi_environ("/lv/"))
    for status, headers, body in (first, second):
        assert status.startswith("200") and "Content-Security-Policy" in headers and b"</html>" in body
    assert sorted(r.message for r in caplog.records if r.name.startswith("helpcenter")) == [
        "page cache: the front failed; Django answers instead",  # once for two requests
        "page cache: the request could not be looked up; rendered without the cache",
    ]
