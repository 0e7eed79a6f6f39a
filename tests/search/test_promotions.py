"""Promoted results (search/models.py: Promotion, search/promotions.py): the rule, the order they give a
search's results, and the editor's one step from a search report to a promoted page that the next search
lists first (through the page cache), for the roles that may and may not."""

from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import translation
from wagtail.models import Page

from guides.models import GuidePage
from helpcenter.page_cache import searches
from search.documents import Document
from search.models import Promotion
from search.promotions import apply_promotions, promoted_page_ids
from tests.forms import error_texts, form_values
from tests.helpers import logged_in, user_in

ADD_PATH = "/admin/snippets/search/promotion/add/"


@pytest.fixture(autouse=True)
def nothing_counted_yet():
    """The page cache's counts of stored searches answered are per process: none left to the next test."""
    searches.take()
    yield
    searches.take()


def made(document):
    return SimpleNamespace(document=document, made=True)


def refusal(field, **values):
    with translation.override("en"):
        with pytest.raises(ValidationError) as refused:
            Promotion(**values).full_clean()
        return " ".join(str(message) for message in refused.value.message_dict[field])


# the rule --------------------------------------------------------------------------------------------------
def test_a_promotion_needs_a_query_a_language_of_the_site_and_a_live_public_page_of_the_help_center(guide):
    assert "cannot be blank" in refusal("query", language="en", query="  \n ", page=guide)
    assert "at most 200 characters" in refusal("query", language="en", query="imap " * 41, page=guide)
    assert "not a valid choice" in refusal("language", language="de", query="imap", page=guide)
    root = Page.get_first_root_node()
    assert "not a page of the help center" in refusal("page", language="en", query="imap", page=root)
    Page.objects.filter(pk=guide.pk).update(live=False)
    assert "is not published" in refusal("page", language="en", query="imap", page=Page.objects.get(pk=guide.pk))


def test_a_query_is_kept_as_the_search_page_reads_it_and_a_page_is_promoted_once_per_query(guide):
    promotion = Promotion(language="en", query="  IMAP   Server ", page=guide)
    promotion.full_clean()
    promotion.save()
    assert promotion.query == "imap server"
    assert "already promoted" in refusal("__all__", language="en", query="Imap server", page=guide)


# the order -------------------------------------------------------------------------------------------------
def test_promoted_pages_come_first_in_their_order_and_one_not_found_is_added_from_the_documents(db):
    a, b, c, d, absent = GuidePage.objects.live().order_by("path")[:5]
    documents = [Document.build(page.pk, "guide", page.title, "") for page in (a, b, c, d)]  # not `absent`
    results = [SimpleNamespace(document=documents[i]) for i in (0, 1, 2)]  # the search found a, b, c
    for page in (c, d, absent):
        Promotion.objects.create(language="en", query="imap", page=page)
    Promotion.objects.create(language="lv", query="imap", page=a)

    ordered = apply_promotions("en", " IMAP", results, documents, made)

    assert [r.document.page_id for r in ordered] == [c.pk, d.pk, a.pk, b.pk]
    assert [getattr(r, "promoted", False) for r in ordered] == [True, True, False, False]
    assert getattr(ordered[1], "made", False)  # d was not found: its result was made from its document
    assert apply_promotions("en", "smtp", results, documents, made) == results
    in_latvian = apply_promotions("lv", "imap", results[1:], documents, made)
    assert [r.document.page_id for r in in_latvian] == [a.pk, b.pk, c.pk]


def test_promotions_are_read_once_per_language_and_content_generation(guide, django_assert_num_queries):
    Promotion.objects.create(language="en", query="imap", page=guide)
    with django_assert_num_queries(1):
        assert promoted_page_ids("en", "IMAP") == [guide.pk]
        assert promoted_page_ids("en", "smtp") == []
    other = GuidePage.objects.live().exclude(pk=guide.pk).first()
    Promotion.objects.create(language="en", query="imap", page=other)  # a new content generation
    assert promoted_page_ids("en", "imap") == [guide.pk, other.pk]


# the editor's one step ---------------------------------------------------------------------------------------
def result_ids(reader, q):
    response = reader.get("/en/search/", {"q": q})
    assert response.status_code == 200
    links = BeautifulSoup(response.content, "html.parser").select("ol.search-results > li h2 a")
    return response, [int(parse_qs(urlsplit(a["href"]).query)["to"][0]) for a in links]


def test_an_editor_promotes_a_page_from_the_report_and_the_next_search_lists_it_first(db, django_user_model):
    reader = Client(REMOTE_ADDR="203.0.113.9")
    _response, found = result_ids(reader, "imap")
    assert len(found) > 1
    chosen = found[-1]
    assert result_ids(reader, "imap")[0]["X-Page-Cache"] == "hit"  # the search page is stored
    editor = logged_in(user_in(django_user_model, "Editors", "promotions-editor"))

    report = BeautifulSoup(editor.get("/admin/searches/not-opened/").content, "html.parser")
    row = report.select_one('table.search-report tr[data-query="imap"][data-lang="en"]')
    link = row.select_one("a.search-report-promote")
    assert link.get_text(strip=True) == "Promote a page"
    form_page = editor.get(link["href"])
    assert form_page.status_code == 200
    values = form_values(form_page.content.decode())
    assert (values["language"], values["query"]) == ("en", "imap")
    action = BeautifulSoup(form_page.content, "html.parser").select_one(f'form[action^="{ADD_PATH}"]')["action"]

    refused = editor.post(action, {**values, "page": Page.get_first_root_node().pk})
    assert refused.status_code == 200 and "not a page of the help center" in error_texts(refused.content.decode())
    saved = editor.post(action, {**values, "page": chosen})

    assert saved.status_code == 302 and saved["Location"] == "/admin/searches/not-opened/"
    promotion = Promotion.objects.get()
    assert (promotion.language, promotion.query, promotion.page_id, promotion.created_by.username) == (
        "en",
        "imap",
        chosen,
        "promotions-editor",
    )
    response, now_found = result_ids(reader, "imap")
    assert response["X-Page-Cache"] != "hit"
    assert now_found[0] == chosen and sorted(now_found) == sorted(found)


def test_a_next_url_of_another_site_is_not_followed(db, django_user_model, guide):
    editor = logged_in(user_in(django_user_model, "Editors", "promotions-next"))
    saved = editor.post(
        f"{ADD_PATH}?next=https://evil.example/", {"language": "en", "query": "zibmeitene", "page": guide.pk}
    )
    assert saved.status_code == 302 and saved["Location"] == "/admin/snippets/search/promotion/"
    assert Promotion.objects.filter(query="zibmeitene").exists()


@pytest.mark.parametrize("group", ["Translators", "Settings administrators"])
def test_other_roles_may_not_promote(db, django_user_model, guide, group):
    browser = logged_in(user_in(django_user_model, group, "promotions-other"))
    for response in (
        browser.get(ADD_PATH, {"language": "en", "query": "imap"}),
        browser.post(ADD_PATH, {"language": "en", "query": "imap", "page": guide.pk}),
    ):
        assert response.status_code == 403 or response["Location"] == "/admin/"
    assert not Promotion.objects.exists()


def test_a_reader_of_the_reports_who_may_not_promote_gets_no_link(db, django_user_model):
    Client(REMOTE_ADDR="203.0.113.9").get("/en/search/", {"q": "zzqq"})
    user = user_in(django_user_model, "Translators", "promotions-log-reader")
    user.user_permissions.add(*Permission.objects.filter(codename__in=["access_admin", "view_searchlog"]))
    report = logged_in(user).get("/admin/searches/nothing-found/")
    assert report.status_code == 200 and b'data-query="zzqq"' in report.content
    assert b"Promote a page" not in report.content
