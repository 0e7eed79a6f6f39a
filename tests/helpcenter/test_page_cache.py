"""The page cache (helpcenter/page_cache/): what readers get is stored once, replayed without a query,
and never served after the content changed."""

import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from guides.models import GuidePage
from helpcenter.page_cache import front, store
from tests.helpers import publish_settings, whole_number


def get(client, url, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    return response, len(queries.captured_queries)


@pytest.fixture
def reader():
    return Client()


def test_a_guide_is_stored_then_replayed_with_the_same_bytes_and_no_query(reader, guide):
    url = f"/en/{guide.slug_en}/"
    first, first_queries = get(reader, url)
    second, second_queries = get(reader, url)
    assert first.status_code == second.status_code == 200
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert first.content == second.content
    assert first_queries > 0 and second_queries == 0
    for name in ("Content-Security-Policy", "ETag", "Cache-Control", "X-Content-Type-Options"):
        assert second[name] == first[name], name


@pytest.mark.parametrize(
    "url",
    ["/lv/", "/en/", "/ru/search/?q=imap", "/sitemap.xml", "/robots.txt"],
)
def test_public_pages_and_files_are_cached(reader, db, url):
    assert get(reader, url)[0]["X-Page-Cache"] == "miss"
    response, queries = get(reader, url)
    assert response.status_code == 200 and response["X-Page-Cache"] == "hit" and queries == 0


@pytest.mark.parametrize(
    "url",
    [
        "/mail/config-v1.1.xml?emailaddress=anna@inbox.lv",  # personal
        "/mail/config-v1.1.xml",  # its links are in the client's language (Accept-Language)
        "/mobileconfig/?emailaddress=anna@inbox.lv",
        "/en/search/?q=zzzqqq",  # found nothing: never stored
        "/",  # the language redirect depends on Accept-Language
    ],
)
def test_personal_and_unknown_requests_are_not_stored(reader, db, url):
    reader.get(url)
    response = reader.get(url)
    assert response.get("X-Page-Cache") != "hit"


def test_headers_for_browsers_and_cdns(reader, guide, settings):
    response = reader.get(f"/en/{guide.slug_en}/")
    assert response["Cache-Control"] == f"public, max-age=0, s-maxage={settings.PAGE_CACHE_S_MAXAGE}"
    assert response["ETag"].startswith('"') and "Vary" not in response
    assert not response.cookies


def test_a_matching_if_none_match_gets_304_on_a_miss_and_on_a_hit(reader, guide):
    url = f"/en/{guide.slug_en}/"
    etag = reader.get(url)["ETag"]
    hit = reader.get(url, HTTP_IF_NONE_MATCH=etag)
    assert hit.status_code == 304 and hit["ETag"] == etag and hit.content == b""
    store.bump_generation()
    miss = reader.get(url, HTTP_IF_NONE_MATCH=etag)
    assert miss.status_code == 304  # rendered again, same bytes, same tag
    assert reader.get(url, HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_a_head_request_stores_nothing(reader, guide):
    url = f"/en/{guide.slug_en}/"
    reader.head(url)
    response = reader.get(url)
    assert response["X-Page-Cache"] == "miss" and len(response.content) > 1000


def test_head_is_answered_from_the_stored_page_without_a_body(reader, guide):
    url = f"/en/{guide.slug_en}/"
    body = reader.get(url).content
    head = reader.head(url)
    assert head.status_code == 200 and head["X-Page-Cache"] == "hit"
    assert head.content == b"" and int(head["Content-Length"]) == len(body)


def test_signed_in_editors_bypass_it_and_leave_nothing_behind(editor_client, reader, guide):
    url = f"/en/{guide.slug_en}/"
    response = editor_client.get(url)
    assert response.status_code == 200 and "X-Page-Cache" not in response
    assert reader.get(url)["X-Page-Cache"] == "miss"


def test_the_admin_is_never_stored(editor_client):
    response = editor_client.get("/admin/")
    assert "no-store" in response["Cache-Control"] and "X-Page-Cache" not in response


def test_a_published_settings_change_reaches_every_stored_page(editor_client, reader, guide, record):
    urls = [f"/{lang}/{getattr(guide, f'slug_{lang}')}/" for lang in ("lv", "en", "ru", "lt")]
    for url in urls:
        reader.get(url)
        assert reader.get(url)["X-Page-Cache"] == "hit"
    assert publish_settings(editor_client, record, imap_port=1993).status_code == 302
    for url in urls:
        response = reader.get(url)
        assert response["X-Page-Cache"] == "miss", url
        assert whole_number(1993).search(response.content.decode()), url


def test_publishing_unpublishing_and_deleting_a_page_reach_the_help_index(reader, guide):
    index_url = "/en/"
    reader.get(index_url)
    assert reader.get(index_url)["X-Page-Cache"] == "hit"

    page = GuidePage.objects.get(pk=guide.pk)
    page.program = "Renamed Mailer"  # the help index's tiles show the program
    page.save_revision().publish()
    assert "Renamed Mailer" in reader.get(index_url).content.decode()

    GuidePage.objects.get(pk=guide.pk).unpublish()
    assert "Renamed Mailer" not in reader.get(index_url).content.decode()

    other = GuidePage.objects.live().exclude(pk=guide.pk).first()
    url = f"/en/{other.slug_en}/"
    assert reader.get(url).status_code == 200
    other.delete()
    assert reader.get(url).status_code == 404
    assert f'href="{url}"' not in reader.get(index_url).content.decode()


def test_a_response_rendered_during_a_change_is_not_served_after_it(reader, guide, monkeypatch):
    """The generation is read before rendering: what was rendered from the old content is stored under
    the old generation, which the bump made stale."""
    url = f"/en/{guide.slug_en}/"
    real_render = GuidePage.serve

    def render_then_change(self, request, *args, **kwargs):
        response = real_render(self, request, *args, **kwargs)
        store.bump_generation()  # a publish committing while this request was rendering
        return response

    monkeypatch.setattr(GuidePage, "serve", render_then_change)
    assert reader.get(url)["X-Page-Cache"] == "miss"
    monkeypatch.setattr(GuidePage, "serve", real_render)
    assert reader.get(url)["X-Page-Cache"] == "miss"
    assert reader.get(url)["X-Page-Cache"] == "hit"


def test_a_lost_generation_makes_everything_stale(reader, guide):
    url = f"/en/{guide.slug_en}/"
    reader.get(url)
    store.cache().delete(store.GENERATION_KEY)  # evicted by the cache server, say
    assert reader.get(url)["X-Page-Cache"] == "miss"


def test_each_host_has_its_own_pages(db, settings):
    settings.ALLOWED_HOSTS = ["help.inbox.lv", "help.inbox.lt"]
    one, two = Client(HTTP_HOST="help.inbox.lv"), Client(HTTP_HOST="help.inbox.lt")
    assert one.get("/robots.txt")["X-Page-Cache"] == "miss"
    assert two.get("/robots.txt")["X-Page-Cache"] == "miss"
    assert "help.inbox.lt" in two.get("/robots.txt").content.decode()


def test_it_can_be_switched_off(reader, guide, settings):
    settings.PAGE_CACHE_ENABLED = False
    url = f"/en/{guide.slug_en}/"
    reader.get(url)
    assert "X-Page-Cache" not in reader.get(url)


@pytest.mark.parametrize("restricted", ["index", "guide"])
def test_a_restricted_page_or_help_center_asks_for_the_password_and_is_never_stored(reader, guide, restricted):
    """Guides check view restrictions in one query (OneQueryViewRestrictionsMixin), with Wagtail's rule:
    the page's own and every ancestor's."""
    url = f"/en/{guide.slug_en}/"
    reader.get(url)
    target = guide.get_parent() if restricted == "index" else guide
    PageViewRestriction.objects.create(page=target, restriction_type="password", password="secret")
    response = reader.get(url)
    assert response.get("X-Page-Cache") != "hit"
    assert 'name="password"' in response.content.decode()
    assert 'name="password"' in reader.get(url).content.decode()  # not replayed from an earlier copy


# --- the hit path in front of Django (helpcenter/wsgi.py) ------------------------------------


def call_wsgi(path, **environ):
    """(status, headers, body) of the page cache's WSGI application for a GET of `path` on testserver; a
    request it passes on reaches a Django that answers 599."""
    passed_on = []

    def django_application(environ, start_response):
        passed_on.append(environ["PATH_INFO"])
        start_response("599 Passed On", [])
        return [b""]

    request = {"REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": "", "SERVER_NAME": "testserver"}
    request |= {"SERVER_PORT": "80", "wsgi.input": io.BytesIO(), "wsgi.url_scheme": "http", **environ}
    started = {}

    def start_response(status, headers):
        names = [name.lower() for name, _value in headers]
        assert len(names) == len(set(names)), names  # each header once, as HTTP/1.1 servers require
        started.update(status=status, headers=dict(headers))

    body = b"".join(front.PageCacheApplication(django_application)(request, start_response))
    return started["status"], started["headers"], body, passed_on


def test_the_wsgi_layer_sends_a_stored_page_without_django(reader, guide):
    url = f"/en/{guide.slug_en}/"
    stored = reader.get(url)
    status, headers, body, passed_on = call_wsgi(url, HTTP_HOST="testserver")
    assert (status, body, passed_on) == ("200 OK", stored.content, [])
    assert headers["X-Page-Cache"] == "hit" and headers["ETag"] == stored["ETag"]
    assert headers["Content-Security-Policy"] == stored["Content-Security-Policy"]
    assert int(headers["Content-Length"]) == len(stored.content)

    assert call_wsgi(url, HTTP_HOST="testserver", REQUEST_METHOD="HEAD")[2] == b""
    assert call_wsgi(url, HTTP_HOST="testserver", HTTP_IF_NONE_MATCH=stored["ETag"])[0] == "304 Not Modified"


@pytest.mark.parametrize(
    "environ",
    [
        {"HTTP_HOST": "evil.example"},  # a host Django refuses
        {"REQUEST_METHOD": "POST"},
        {"QUERY_STRING": "feedback=thanks"},
    ],
)
def test_the_wsgi_layer_passes_everything_else_to_django(reader, guide, environ):
    url = f"/en/{guide.slug_en}/"
    reader.get(url)
    status, _headers, _body, passed_on = call_wsgi(url, **{"HTTP_HOST": "testserver", **environ})
    assert status == "599 Passed On" and passed_on == [url]


def test_the_wsgi_layer_never_sends_a_page_of_an_earlier_generation(reader, guide):
    url = f"/en/{guide.slug_en}/"
    reader.get(url)
    store.bump_generation()
    assert call_wsgi(url, HTTP_HOST="testserver")[0] == "599 Passed On"
