"""Search for readers: per language, what the reader sees (fallbacks and rendered values), insensitive to
case and Latvian/Lithuanian diacritics, every word counting and none required, whole words marked in escaped
excerpts, a fixed query count."""

import re

import pytest
from bs4 import BeautifulSoup
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from wagtail.models import PageViewRestriction

from guides.models import STEP_MODELS, ArticlePage, GuidePage, GuideStep, HelpIndexPage
from guides.values import MailValues
from helpcenter.page_cache import store
from helpcenter.page_cache.parameters import keyed
from search import index as search_index
from search.analysis import stem, terms
from search.documents import KINDS, Document
from search.folding import fold
from search.matching import excerpt, spans
from search.models import SearchLog
from search.service import run_search
from search.vocabulary import Vocabulary
from tests import factories
from tests.helpers import opened_url

GUIDE_SLUGS = {
    "iphone-ipad-mail",
    "outlook-2010-imap",
    "outlook-2013-imap",
    "outlook-pop3",
    "thunderbird-imap",
    "windows-live-mail-imap",
}


def search(client, lang, q):
    response = client.get(f"/{lang}/search/", {"q": q})
    assert response.status_code == 200
    return response, BeautifulSoup(response.content, "html.parser")


def result_items(soup):
    return soup.select("ol.search-results > li")


def result_slugs(soup):
    return [opened_url(item.h2.a["href"]).rstrip("/").rsplit("/", 1)[-1] for item in result_items(soup)]


def marks(soup):
    return [m.get_text() for m in soup.select("ol.search-results mark")]


# routing and states --------------------------------------------------------------------------------------
def test_reverse_gives_the_language_prefixed_url():
    with translation.override("en"):
        assert reverse("search") == "/en/search/"
    with translation.override("lt"):
        assert reverse("search") == "/lt/search/"


@pytest.mark.parametrize("q", [None, "", "   ", "…!?"])
def test_empty_query_prompts_and_shows_no_results(client, db, q):
    response = client.get("/en/search/", {} if q is None else {"q": q})
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one(".search-prompt")
    assert not soup.select("ol.search-results")
    assert not soup.select_one(".search-empty")


def test_no_results_are_explained_with_a_link_to_the_help_index(client, db):
    response, soup = search(client, "en", "qwertyuiop")
    empty = soup.select_one(".search-empty")
    assert empty and "qwertyuiop" in empty.get_text()
    with translation.override("en"):
        index_url = HelpIndexPage.objects.get().get_url()
    assert empty.a["href"] == index_url
    assert not soup.select("ol.search-results")
    assert soup.find("input", {"name": "q"})["value"] == "qwertyuiop"


def test_form_is_accessible_and_keeps_the_query(client, db):
    _response, soup = search(client, "lv", "  Iestatījumi   Outlook ")
    form = soup.find("form", {"role": "search"})
    assert form["method"] == "get" and form["action"] == "/lv/search/"
    field = form.find("input", {"name": "q"})
    assert field["type"] == "search"
    assert field["value"] == "Iestatījumi Outlook"  # as typed, case kept (typed_query: white space collapsed)
    assert form.find("label", {"for": field["id"]})
    assert soup.select_one("ol.search-results")
    assert soup.html["lang"] == "lv"


def test_only_get_and_head_are_allowed(client, db):
    assert client.post("/en/search/", {"q": "imap"}).status_code == 405
    assert client.head("/en/search/?q=imap").status_code == 200


def test_results_are_not_indexed_by_search_engines(client, db):
    response, _soup = search(client, "en", "imap")
    assert response["X-Robots-Tag"] == "noindex"


# language ------------------------------------------------------------------------------------------------
def test_results_are_in_the_readers_language_only(client, db):
    _response, ru = search(client, "ru", "настройка")
    assert len(result_items(ru)) >= 6
    assert all(item.h2.a["href"].startswith("/ru/") for item in result_items(ru))
    assert "настройка" in " ".join(m.lower() for m in marks(ru))
    _response, en = search(client, "en", "настройка")
    assert not result_items(en)
    assert en.select_one(".search-empty")


def test_titles_and_links_are_in_the_readers_language(client, guide):
    _response, soup = search(client, "lv", "Outlook 2010")
    first = result_items(soup)[0]
    assert first.h2.get_text() == "Microsoft Outlook 2010: IMAP iestatīšana"
    with translation.override("lv"):
        assert opened_url(first.h2.a["href"]) == guide.get_url()


def test_an_empty_translation_is_searched_as_its_fallback(client, guide):
    """A text missing in Russian shows in English on the page, so the Russian search finds it there."""
    step = guide.steps.order_by("sort_order").filter(kind="action").first()
    GuideStep.objects.filter(pk=step.pk).update(text_en="Open the quokkaword menu.", text_ru="")
    _response, ru = search(client, "ru", "quokkaword")
    assert result_slugs(ru) == [guide.slug]
    assert marks(ru) == ["quokkaword"]
    _response, lv = search(client, "lv", "quokkaword")  # Latvian has its own text
    assert not result_items(lv)


# folding -------------------------------------------------------------------------------------------------
def test_latvian_without_diacritics_finds_text_with_them(client, db):
    _response, soup = search(client, "lv", "iestatijumi")
    assert len(result_items(soup)) >= 5
    found = {m.lower() for m in marks(soup)}
    assert "iestatījumi" in found  # the original word, with its diacritics, is marked
    assert {"iestatījumos", "iestatījumu"} <= found  # and its other forms: one term ("iestatijum")
    assert all(stem("lv", fold(m)) == stem("lv", "iestatijumi") for m in found), found


def test_lithuanian_without_diacritics_finds_text_with_them(client, db):
    response, soup = search(client, "lt", "slaptazodis")
    assert len(result_items(soup)) >= 6
    assert re.search(r"<mark>[Ss]laptažodis</mark>", response.content.decode())
    marked = {m.lower() for m in marks(soup)}
    assert "slaptažodis" in marked and all(m.startswith("slaptažod") for m in marked)  # and its other forms


def test_every_word_counts_and_none_is_required(client, db):
    _response, both = search(client, "lv", "pasta parbaude")
    assert {"limits", "outlook-pop3", "windows-live-mail-imap"} <= set(result_slugs(both))  # "Pasta pārbaudes"
    query_terms = {stem("lv", "pasta"), stem("lv", "parbaude")}
    marked = {m.lower() for m in marks(both)}
    assert {"pasta", "pārbaudes"} <= marked
    with translation.override("lv"):
        read = run_search("lv", "pasta parbaude").read
    # both words in their forms, and the words of their synonym groups ("e-pasts" for "pasts"), nothing else
    assert query_terms <= {stem("lv", fold(m)) for m in marked} <= read.mark_terms()
    first_title = {stem("lv", fold(m.get_text())) for m in result_items(both)[0].h2.select("mark")}
    assert first_title == query_terms  # "Programma pārbauda pastu pārāk bieži": the page with both words first
    with translation.override("lv"):  # every page found, not only the first twenty shown
        found = {q: run_search("lv", q).page_ids for q in ("pasta parbaude", "pasta", "parbaude", "pasta qwertyuiop")}
    # every page with one of the words is found: those with "pasta", and those with only "pārbaude"
    assert set(found["pasta parbaude"]) == set(found["pasta"]) | set(found["parbaude"])
    assert set(found["pasta"]) < set(found["pasta parbaude"]) > set(found["parbaude"])
    assert set(found["pasta qwertyuiop"]) == set(found["pasta"])  # a word no page has takes no page away


def test_a_page_with_more_of_the_words_ranks_above_one_with_fewer(client, db):
    index = HelpIndexPage.objects.get()
    for slug, title in [
        ("two", "Numbat quokka koala"),
        ("one", "Numbat koala dingo"),
        ("three", "Numbat quokka wombat"),
    ]:
        factories.article(slug, index=index, title_en=title)
    _response, soup = search(client, "en", "numbat quokka wombat")
    assert result_slugs(soup) == ["three", "two", "one"]


@pytest.mark.parametrize("lang, q", [("lv", "kā un vai"), ("en", "how do I"), ("ru", "как это"), ("lt", "kaip tai")])
def test_a_query_of_words_that_name_nothing_finds_nothing(client, db, lang, q):
    _response, soup = search(client, lang, q)
    assert not result_items(soup)
    assert soup.select_one(".search-empty") and soup.select_one(".search-prompt") is None


def test_case_and_diacritics_in_the_query_are_ignored_too(client, db):
    _response, plain = search(client, "lt", "slaptazodis")
    _response, typed = search(client, "lt", "SLAPTAŽODIS")
    assert result_slugs(plain) == result_slugs(typed)


def test_fold_keeps_cyrillic_letters():
    assert fold("Пароль Й й") == "пароль й й"
    assert fold("Ещё") == "еще"
    assert fold("Iestatījumi ŠĶŪŅĢĻ ąčęėįšųūž") == "iestatijumi skungl aceeisuuz"


def test_the_fold_table_keeps_only_the_alphabets_characters():
    """What a reader types never makes a worker's table of folded characters grow without end."""
    from search.folding import FOLD_TABLE, fold, fold_with_positions

    text = "".join(chr(code) for code in range(0x4E00, 0x4E00 + 500)) + "ﬁß"
    assert fold(text) == text[:-2] + "fiss"
    assert ord("ß") in FOLD_TABLE
    assert not [code for code in FOLD_TABLE if code >= 0x3000]  # the ideographs and the ligature: each time
    folded, positions = fold_with_positions("Straße ž")
    assert folded == "strasse z" and list(positions) == [0, 1, 2, 3, 4, 4, 5, 6, 7]


def test_excerpt_positions_survive_folding_that_changes_length():
    doc = Document.build(1, "guide", "t", "Die Straße … und noch „Ž“ Iestatījumi")
    assert len(fold(doc.body)) > len(doc.body)  # "ß" folds to "ss"
    assert ("Iestatījumi", True) in excerpt("lv", doc, set(terms("lv", "iestatijumi")))
    assert spans("en", "Straße und Ž", set(terms("en", "strasse z"))) == [(0, 6), (11, 12)]


def test_a_query_word_marks_whole_words_only():
    worked = set(terms("en", "work"))
    assert spans("en", "Working: work, network, rework", worked) == [(0, 7), (9, 13)]  # never net<mark>work</mark>
    assert spans("en", "working or not", {"or"}) == [(8, 10)]  # never w<mark>or</mark>king
    assert spans("lv", "Pasta pastkastē, surogātpasta", set(terms("lv", "pasts"))) == [(0, 5)]


def test_the_marks_of_results_are_whole_words(client, db):
    response, soup = search(client, "en", "mail")
    html = response.content.decode()
    assert "mailbox" in soup.select_one("ol.search-results").get_text().lower()  # shown, and not marked in part
    assert not re.search(r"\w<mark>|</mark>\w", html)
    assert {stem("en", fold(m)) for m in marks(soup)} <= {"mail", "email"}  # "email": a synonym
    response, soup = search(client, "lv", "pasta")
    assert not re.search(r"\w<mark>|</mark>\w", response.content.decode())
    assert "pastkast" in fold(soup.select_one("ol.search-results").get_text())


# rendered values -----------------------------------------------------------------------------------------
def test_the_imap_host_from_the_record_finds_the_guides(client, record):
    host = MailValues(record).imap.host
    assert host == "mail.inbox.lv"
    response, soup = search(client, "en", host)
    assert GUIDE_SLUGS <= set(result_slugs(soup))
    assert f"<mark>{host}</mark>" in response.content.decode()
    assert "{imap.host}" not in response.content.decode()


def test_a_changed_record_value_is_found_at_once(client, record):
    search(client, "en", "mail.inbox.lv")  # fills the cache
    record.imap_host = "imap.{domain}"
    record.save()
    _response, soup = search(client, "en", "imap.inbox.lv")
    assert GUIDE_SLUGS & set(result_slugs(soup))


def test_a_published_change_is_found_at_once(client, guide):
    search(client, "en", "imap")  # fills the cache
    page = GuidePage.objects.get(pk=guide.pk)
    page.summary_en = "Numbat instructions."
    page.save_revision().publish()
    _response, soup = search(client, "en", "numbat")
    assert result_slugs(soup) == [guide.slug]


def built_documents(monkeypatch):
    """The page ids (help indexes included) whose documents each search builds, one list per build."""
    builds = []
    original = search_index.build_documents

    def counting(indexes, listed, links, index_ids=None):
        documents = original(indexes, listed, links, index_ids)
        builds.append(sorted(d.page_id for d in documents))
        return documents

    monkeypatch.setattr(search_index, "build_documents", counting)
    return builds


def test_documents_are_built_once_and_then_only_a_changed_page_again(client, guide, record, monkeypatch):
    builds = built_documents(monkeypatch)
    search(client, "en", "imap")
    search(client, "en", "mail")
    assert len(builds) == 1 and guide.pk in builds[0] and len(builds[0]) > 10
    record.save_revision()  # a draft of the record: readers see nothing of it
    store.bump_generation()  # what every published change does
    search(client, "en", "imap")
    assert len(builds) == 1  # the page list was read again: nothing had changed
    page = GuidePage.objects.get(pk=guide.pk)
    page.summary_en = "Numbat instructions."
    page.save_revision().publish()
    search(client, "en", "imap")
    assert builds[1:] == [[guide.pk]]
    factories.record(imap_port=1993)  # every page shows the record's values, as marks: none is built again
    _response, soup = search(client, "en", "1993")
    assert len(builds) == 2 and guide.slug in result_slugs(soup)
    assert "1993" in soup.select_one("ol.search-results mark").get_text()


def test_a_page_whose_named_page_changes_is_built_again(client, db, monkeypatch):
    index = HelpIndexPage.objects.get()
    named = factories.article("named", title_en="Wombat page", index=index)
    naming = factories.guide(
        "naming", index=index, summary_en="See {page:named}.", steps=[factories.step(text="Dari.")]
    )
    _response, soup = search(client, "en", "wombat")
    assert {"named", "naming"} <= set(result_slugs(soup))
    builds = built_documents(monkeypatch)
    page = ArticlePage.objects.get(pk=named.pk)
    page.title_en = "Quokka page"
    page.save_revision().publish()
    _response, soup = search(client, "en", "quokka")
    assert {"named", "naming"} <= set(result_slugs(soup))
    assert builds == [sorted([named.pk, naming.pk])]


def test_the_kept_vocabulary_is_the_one_a_fresh_build_gives(client, guide):
    search(client, "ru", "imap")
    page = GuidePage.objects.get(pk=guide.pk)
    page.summary_ru = "Настройка почтовой программы вомбат."
    page.save_revision().publish()
    ArticlePage.objects.get(slug="limits").unpublish()
    search(client, "ru", "imap")
    kept = search_index.index_for("ru")
    full = kept.full_documents([d.page_id for d in kept.documents])  # the texts, from the engine's store
    assert len(full) == len(kept.documents) and all(not d.body for d in kept.documents)
    fresh = Vocabulary.build("ru", list(full.values()) + [values.words for values in kept.values.values()])
    assert "вомбат" in kept.vocabulary.counts and kept.vocabulary.has_term(stem("ru", "вомбат"))
    assert kept.vocabulary.counts == fresh.counts
    assert kept.vocabulary.term_counts == fresh.term_counts
    assert kept.vocabulary.spellings == fresh.spellings


def test_unpublished_and_restricted_pages_are_not_found(client, guide):
    limits = ArticlePage.objects.get(slug="limits")
    _response, soup = search(client, "lv", "pasta parbaude")
    assert "limits" in result_slugs(soup)
    limits.unpublish()
    _response, soup = search(client, "lv", "pasta parbaude")
    assert "limits" not in result_slugs(soup) and result_slugs(soup)
    PageViewRestriction.objects.create(page=guide, restriction_type=PageViewRestriction.PASSWORD, password="x")
    _response, soup = search(client, "en", "mail.inbox.lv")
    assert guide.slug not in result_slugs(soup) and result_slugs(soup)


# results -------------------------------------------------------------------------------------------------
def test_title_matches_come_first(client, db):
    _response, soup = search(client, "en", "thunderbird")
    slugs = result_slugs(soup)
    assert slugs[0] == "thunderbird-imap"
    assert len(slugs) > 1
    assert result_items(soup)[0].h2.mark.get_text() == "Thunderbird"


def test_results_show_kind_and_a_short_excerpt(client, db):
    _response, soup = search(client, "en", "imap")
    items = result_items(soup)
    kinds = {item.select_one(".meta").get_text() for item in items}
    assert {"Guide", "Article"} <= kinds
    for item in items:
        text = item.select_one(".excerpt").get_text()
        assert len(text) <= 160 + 60  # ~160 characters plus ellipses and a long word
    assert any(item.select_one(".excerpt mark") for item in items)


def test_a_shown_result_s_excerpt_is_read_from_the_engine_s_store(client, db, monkeypatch):
    """Workers keep no document texts in memory: the excerpts of the results shown are read from the
    engine's store, for those results only."""
    search(client, "en", "imap")
    index = search_index.index_for("en")
    assert index.documents and all(not (d.body or d.questions or d.messages) for d in index.documents)
    asked = []
    original = index.engine.texts

    def texts(page_ids):
        asked.append(list(page_ids))
        found = original(page_ids)
        return {
            page_id: {**texts, "body": f"Stored text of page {page_id} about imap."} for page_id, texts in found.items()
        }

    monkeypatch.setattr(index.engine, "texts", texts)
    _response, soup = search(client, "en", "imap account")  # a query no stored page answers
    items = result_items(soup)
    assert asked and len(asked[-1]) == len(items)  # the shown results' texts, in one read
    assert all(item.select_one(".excerpt").get_text().startswith("Stored text of page") for item in items)


def test_html_in_the_query_is_escaped(client, db):
    response, soup = search(client, "en", '<script>alert("x")</script> imap')
    body = response.content.decode()
    assert "<script>alert" not in body
    assert "&lt;script&gt;alert" in body
    assert soup.find("input", {"name": "q"})["value"] == '<script>alert("x")</script> imap'
    assert not soup.main.find("script")


def test_a_very_long_query_does_not_fail(client, db):
    response, soup = search(client, "en", "a" * 1000)
    assert len(soup.find("input", {"name": "q"})["value"]) <= 200
    response, soup = search(client, "lt", "slaptazodis " * 90)
    assert result_items(soup)


# queries -------------------------------------------------------------------------------------------------
# Cold: a fixed number, whatever the number of pages (next test), each query for something the search needs
# (18). A `{page:…}` link needs none: every page it may name was just read, the help indexes included.
COLD_SEARCH_QUERIES = (
    1  # the site
    + 1  # view restrictions
    + 1  # the live help indexes, with their records
    + 1  # the page list (search/documents.py listed_pages)
    + len(KINDS)  # one per searched page type (7)
    + len(STEP_MODELS)  # one per step model (4)
    + 1  # the language's synonyms
    + 1  # the language's promoted results (search/promotions.py)
    + 1  # the search log's row
    + 1  # the messages of the problems shown, for their links' fragments (search/matching.py anchors)
)


def test_query_count_is_bounded(client, db, django_assert_max_num_queries):
    # The content types of the searched page types come from Django's process-wide cache: cold here, as
    # in a worker's first search, whichever tests ran before in this process (one query more).
    ContentType.objects.clear_cache()
    with django_assert_max_num_queries(COLD_SEARCH_QUERIES + 1):
        _response, soup = search(client, "en", "imap")  # nothing cached: pages, steps, blocks
    assert len(result_items(soup)) >= 10
    with django_assert_max_num_queries(COLD_SEARCH_QUERIES):
        search(client, "en", "mail")


def add_guide(index, slug, steps):
    step = dict(text_lv="Ievadiet.", text_en="Enter {imap.host}.", target="Serveris", value="imap.host")
    factories.guide(
        slug, index=index, title_en=f"{slug} imap", steps=[factories.step("enter", **step) for _ in range(steps)]
    )


def cold_search_queries(client):
    cache.clear()
    search_index.forget()  # a new worker
    client.get("/en/")  # warms Wagtail's site root paths like any earlier page view
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/en/search/", {"q": "imap"})
    assert response.status_code == 200
    count = BeautifulSoup(response.content, "html.parser").select_one(".search-count").get_text()
    return len(ctx.captured_queries), int(count.split()[0])


def test_query_count_does_not_grow_with_pages(client, db):
    before, before_results = cold_search_queries(client)
    index = HelpIndexPage.objects.get()
    for n in range(8):
        add_guide(index, f"extra-{n}", 20)
    after, after_results = cold_search_queries(client)
    assert after_results == before_results + 8
    assert after == before, (before, after)


# results in pages --------------------------------------------------------------------------------------
def test_many_results_come_in_pages_of_twenty(client, db, settings):
    index = HelpIndexPage.objects.get()
    for n in range(25):
        add_guide(index, f"wombat-{n}", 1)  # a word of these pages only (any form of it finds the pages)
    _response, first = search(client, "en", "wombat")
    assert first.select_one(".search-count").get_text().split()[0] == "25"
    assert len(result_items(first)) == 20 and first.select_one(".pagination a[rel=next]")["href"].endswith("&page=2")
    response = client.get("/en/search/", {"q": "wombat", "page": "2"})
    second = BeautifulSoup(response.content, "html.parser")
    assert len(result_items(second)) == 5 and second.select_one(".pagination a[rel=prev]")
    assert set(result_slugs(first)).isdisjoint(result_slugs(second))
    beyond = BeautifulSoup(client.get("/en/search/", {"q": "wombat", "page": "99"}).content, "html.parser")
    assert result_slugs(beyond) == result_slugs(second)  # the last page, not an error
    assert SearchLog.objects.filter(query="wombat").count() == 1  # reading on is not a new search
    _response, nothing = search(client, "en", "zzzqqq")
    assert len(nothing.select("ul.tiles a")) == 24  # of 31 guides; the help index lists them all
    assert nothing.find("a", string="All guides on the help index")["href"] == "/en/"


def test_a_results_page_is_a_page_of_its_own_in_the_page_cache():
    assert keyed("q=imap&page=2", "/lv/search/")[0] == (("q", "imap"), ("page", "2"))
    for ignored in ("1", "0", "101", "x", "2.5", "-2", "0002"):
        assert keyed(f"q=imap&page={ignored}", "/lv/search/")[0] == (("q", "imap"),)


@pytest.mark.parametrize("lang", ["lv", "en", "ru", "lt"])
def test_a_result_for_a_pasted_message_links_that_message_on_its_problem(client, db, lang):
    """Issue 33, item 1: the link carries the fragment of the message (or the program) the query names; the
    redirect keeps it (no query string varies the page) and the page has that id."""
    from guides.models import ProblemStep

    thunderbird = ProblemStep.objects.get(
        page__slug="login-rejected",
        program="thunderbird",
        sort_order=min(
            ProblemStep.objects.filter(page__slug="login-rejected", program="thunderbird").values_list(
                "sort_order", flat=True
            )
        ),
    )
    cases = [
        ("0x800CCC0E", "cannot-connect", "program-outlook-1"),
        (thunderbird.target_en, "login-rejected", "program-thunderbird-1"),
        ("550 5.7.1", None, "reply-"),
        ("imap port", None, ""),
    ]
    for query, slug, anchor in cases:
        _response, soup = search(client, lang, query)
        href = result_items(soup)[0].h2.a["href"]
        fragment = href.partition("#")[2]
        assert fragment.startswith(anchor) and (fragment or not anchor), (query, href)
        if slug:
            assert result_slugs(soup)[0] == slug, query
        if fragment:
            problem = client.get(opened_url(href))
            assert f'id="{fragment}"' in problem.content.decode(), (query, fragment)
