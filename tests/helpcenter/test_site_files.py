"""Site-wide files: the 404 and 500 pages, /sitemap.xml and /robots.txt."""

import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup
from django.template.loader import render_to_string
from django.utils import timezone, translation
from wagtail.models import Page, PageViewRestriction

from helpcenter.page_cache.store import bump_generation
from tests.helpers import LANGUAGES, live_page_urls

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
ORIGIN = "http://testserver"


def translated(lang, msgid):
    with translation.override(lang):
        return translation.gettext(msgid)


# 404 ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_unknown_page_gets_the_site_404_in_its_language(client, db, lang, rendered_templates):
    response = client.get(f"/{lang}/no-such-guide/")
    assert response.status_code == 404
    assert {"404.html", "base.html"} <= {t.name for t in response.templates}
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.html["lang"] == lang
    assert soup.select_one("header.site-header") is not None
    assert soup.h1.get_text(strip=True) == translated(lang, "Page not found")
    assert soup.select_one(f'main a[href="/{lang}/"]') is not None
    # Without a page, the language switcher offers each language's help index.
    switcher = {a["hreflang"]: a["href"] for a in soup.select("nav.languages a")}
    assert switcher == {code: f"/{code}/" for code in LANGUAGES}


def test_404_heading_is_translated(client, db):
    en = BeautifulSoup(client.get("/en/no-such-guide/").content, "html.parser")
    assert en.h1.get_text(strip=True) == "Page not found"
    assert en.title.get_text().startswith("Page not found")
    # "Page not found" is also a msgid of Django's own catalogue, which already translates it.
    lv = BeautifulSoup(client.get("/lv/no-such-guide/").content, "html.parser")
    assert lv.h1.get_text(strip=True) != en.h1.get_text(strip=True)


def test_unprefixed_unknown_page_redirects_to_latvian_then_404(client, db):
    response = client.get("/no-such-page/", follow=True)
    assert response.redirect_chain == [("/lv/no-such-page/", 302)]
    assert response.status_code == 404
    assert BeautifulSoup(response.content, "html.parser").html["lang"] == "lv"


# 500 ---------------------------------------------------------------------------------------------


def test_server_error_shows_the_site_500_page(client, db, settings, rendered_templates):
    settings.ROOT_URLCONF = "tests.urls_error"
    client.raise_request_exception = False
    response = client.get("/test-server-error/")
    assert response.status_code == 500
    assert [t.name for t in response.templates] == ["500.html"]
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one("header.site-header") is not None
    assert soup.select_one('link[rel="stylesheet"]')["href"].endswith("css/helpcenter.css")
    sections = {section["lang"]: section for section in soup.select("main section[lang]")}
    assert set(sections) == set(LANGUAGES)
    for lang, section in sections.items():
        assert section.select_one(f'a[href="/{lang}/"]') is not None
    assert "Something went wrong" in sections["en"].get_text()


def test_500_page_needs_neither_database_nor_context(django_assert_num_queries, db):
    with django_assert_num_queries(0):
        html = render_to_string("500.html")
    assert "Radās kļūda" in html and "Something went wrong" in html


# sitemap.xml -------------------------------------------------------------------------------------


def sitemap_entries(client, path="/sitemap.xml"):
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{{{SITEMAP_NS}}}urlset"
    entries = {}
    for url in root.findall(f"{{{SITEMAP_NS}}}url"):
        loc = url.findtext(f"{{{SITEMAP_NS}}}loc")
        assert loc not in entries, f"{loc} listed twice"
        alternates = [
            (link.get("hreflang"), link.get("href"))
            for link in url.findall(f"{{{XHTML_NS}}}link")
            if link.get("rel") == "alternate"
        ]
        entries[loc] = {"lastmod": url.findtext(f"{{{SITEMAP_NS}}}lastmod"), "alternates": alternates}
    return entries


def test_a_large_sitemap_is_an_index_of_parts_that_list_every_page_once(client, db, settings):
    """Past SITEMAP_PAGES_PER_PART pages, /sitemap.xml lists its parts; together they list what the
    whole sitemap lists, each page's languages in one part, and a part past the last is a 404."""
    whole = sitemap_entries(client)
    pages = Page.objects.live().filter(depth__gt=1).count()
    settings.SITEMAP_PAGES_PER_PART = 10
    bump_generation()  # a new setting is a new deployment: nothing stored before it is served
    response = client.get("/sitemap.xml")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{{{SITEMAP_NS}}}sitemapindex"
    parts = [loc.text for loc in root.iter(f"{{{SITEMAP_NS}}}loc")]
    assert parts == [f"{ORIGIN}/sitemap-{n}.xml" for n in range(1, -(-pages // 10) + 1)]
    listed = {}
    for number, part in enumerate(parts, 1):
        entries = sitemap_entries(client, part.removeprefix(ORIGIN))
        assert len(entries) <= 10 * len(LANGUAGES)
        assert not set(entries) & set(listed), "a link in two parts"
        listed |= {loc: number for loc in entries}
        for entry in entries.values():  # a page's alternates are in the same part
            assert {href for lang, href in entry["alternates"]} <= set(entries)
    assert set(listed) == set(whole)
    assert client.get(f"/sitemap-{len(parts) + 1}.xml").status_code == 404
    assert client.get("/sitemap-0.xml").status_code == 404
    for part in parts:  # a front cache forgets them with the rest of the site
        assert "helpcenter" in client.get(part.removeprefix(ORIGIN))["xkey"].split()


def test_a_small_sitemap_has_no_parts(client, db):
    assert client.get("/sitemap-1.xml").status_code == 404


def test_sitemap_lists_every_live_page_in_every_language(client, db):
    entries = sitemap_entries(client)
    expected = {ORIGIN + url for url in live_page_urls()}
    assert len(expected) == Page.objects.live().filter(depth__gt=1).count() * len(LANGUAGES)
    assert set(entries) == expected
    for lang in LANGUAGES:
        assert f"{ORIGIN}/{lang}/" in entries


def test_every_sitemap_entry_has_all_language_alternates_and_latvian_x_default(client, db):
    entries = sitemap_entries(client)
    for page in Page.objects.live().filter(depth__gt=1):
        urls = {}
        for lang in LANGUAGES:
            with translation.override(lang):
                urls[lang] = ORIGIN + page.get_url()
        for lang in LANGUAGES:
            entry = entries[urls[lang]]
            assert len(entry["alternates"]) == len(LANGUAGES) + 1
            assert dict(entry["alternates"]) == {**urls, "x-default": urls["lv"]}
            assert entry["lastmod"] == timezone.localtime(page.last_published_at).date().isoformat()


def test_every_sitemap_url_answers(client, db):
    entries = sitemap_entries(client)
    urls = set(entries) | {href for entry in entries.values() for _lang, href in entry["alternates"]}
    for url in sorted(urls):
        assert url.startswith(ORIGIN + "/")
        assert client.get(url.removeprefix(ORIGIN)).status_code == 200, url


def test_sitemap_leaves_out_unpublished_and_private_pages(client, guide):
    article = Page.objects.get(slug="limits")
    guide.unpublish()
    PageViewRestriction.objects.create(page=article, restriction_type=PageViewRestriction.PASSWORD, password="x")
    locations = set(sitemap_entries(client))
    for page in (guide, article):
        for lang in LANGUAGES:
            with translation.override(lang):
                assert ORIGIN + page.get_url() not in locations
    assert f"{ORIGIN}/lv/" in locations


def test_sitemap_uses_the_requested_host_and_scheme(client, db):
    response = client.get("/sitemap.xml", HTTP_HOST="localhost", secure=True)
    root = ET.fromstring(response.content)
    locs = [el.text for el in root.iter(f"{{{SITEMAP_NS}}}loc")]
    assert locs and all(loc.startswith("https://localhost/") for loc in locs)


# robots.txt --------------------------------------------------------------------------------------


def test_robots_txt(client, db):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    for path in ("/admin/", "/mobileconfig/", "/autodiscover/"):
        assert f"Disallow: {path}" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert client.get("/sitemap.xml").status_code == 200
