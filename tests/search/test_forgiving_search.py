"""Search that forgives, on the shipped content through HTTP: misspelled program names in every language,
"Showing results for …; search instead for …", word forms, a word no page has, a useful "nothing found"
(the programs and the hub), and a vocabulary built once per content change."""

import pytest
from bs4 import BeautifulSoup
from django.utils import translation

from guides.models import GuidePage, HelpIndexPage
from helpcenter.page_cache.parameters import keyed
from search import vocabulary as vocabulary_module
from search.analysis import stem
from search.service import run_search
from tests.conftest import LANGUAGES
from tests.helpers import opened_url, visible_text


def search(client, lang, q, **params):
    response = client.get(f"/{lang}/search/", {"q": q, **params})
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def result_slugs(soup):
    return [opened_url(li.h2.a["href"]).rstrip("/").rsplit("/", 1)[-1] for li in soup.select("ol.search-results > li")]


def corrected(soup):
    note = soup.select_one(".search-corrected")
    return " ".join(note.strong.get_text().split()) if note else None


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(
    "typed, meant, first",
    [("thunderbrd", "thunderbird", "thunderbird-imap"), ("outluk 2013", "outlook 2013", "outlook-2013-imap")],
)
def test_a_misspelled_program_finds_its_guide_first_in_every_language(client, db, lang, typed, meant, first):
    soup = search(client, lang, typed)
    assert corrected(soup) == meant
    assert result_slugs(soup)[0] == first
    instead = soup.select_one(".search-corrected a")
    assert instead["href"].endswith("exact=1") and typed.split()[0] in instead["href"]


def test_search_instead_for_the_typed_words_searches_them_as_typed(client, db):
    soup = search(client, "lv", "outlok", exact="1")
    assert corrected(soup) is None
    assert result_slugs(soup) == []
    assert soup.select_one(".search-empty")


def test_a_latvian_reader_with_two_letters_swapped(client, db):
    soup = search(client, "lv", "parloe")
    assert corrected(soup) in {"parole", "paroli", "paroles"}
    assert result_slugs(soup)


def test_words_spelled_right_are_not_corrected(client, db):
    for lang, q in [("lv", "parole"), ("en", "password"), ("ru", "пароль"), ("lt", "slaptažodis")]:
        soup = search(client, lang, q)
        assert corrected(soup) is None and result_slugs(soup), (lang, q)


def test_an_outlook_code_one_letter_from_another_is_not_corrected(client, db):
    found = {}
    for code in ("0x800CCC0E", "0x800CCC0F"):
        soup = search(client, "en", code)
        assert corrected(soup) is None
        first = opened_url(soup.select_one("ol.search-results h2 a")["href"])
        shown = visible_text(client.get(first).content.decode())
        assert code in shown, (code, first)  # the first page found is the one that names this very code
        found[code] = first
    assert found["0x800CCC0E"] != found["0x800CCC0F"]


def test_russian_word_forms_find_the_same_pages(client, db):
    forms = ("настройки", "настройка", "настройку", "настройках")
    assert len({stem("ru", form) for form in forms}) == 1  # one term (Snowball)
    assert all(corrected(search(client, "ru", form)) is None for form in forms)  # a word form is no typo
    with translation.override("ru"):  # every page found, not only the first twenty shown
        found = {form: set(run_search("ru", form).page_ids) for form in forms}
    assert found["настройка"] and found["настройки"] == found["настройка"] == found["настройку"] == found["настройках"]


def test_a_word_no_page_has_does_not_hide_the_pages_of_the_others(client, db):
    soup = search(client, "lv", "outlook xyzzyq")
    assert soup.select_one(".search-empty") is None and corrected(soup) is None
    assert set(result_slugs(soup)[:3]) == {"outlook-2010-imap", "outlook-2013-imap", "outlook-pop3"}


def test_nothing_found_offers_the_programs_and_the_hub(client, db):
    soup = search(client, "lv", "xyzzyq zzqqxx")
    assert soup.select_one(".search-empty") and not soup.select("ol.search-results")
    assert soup.select_one(".search-closest") is None  # no "closest pages": a page close to nothing is no help
    programs = {a["href"] for a in soup.select("ul.tiles a")}
    with translation.override("lv"):
        assert programs == {guide.get_url() for guide in GuidePage.objects.live()}
    assert soup.select_one(".troubleshooting-link a")["href"].endswith("/troubleshooting/")


def test_nothing_at_all_found_still_offers_the_programs_and_the_hub(client, db):
    soup = search(client, "ru", "zzzzqqq")
    assert soup.select_one(".search-closest") is None
    assert len(soup.select("ul.tiles a")) == GuidePage.objects.live().count()
    assert soup.select_one(".troubleshooting-link a")


def test_the_vocabulary_is_built_once_per_content_change(client, db, monkeypatch, record):
    added = []
    original = vocabulary_module.Vocabulary.add

    def counting(self, document, terms=None):
        added.append((document.kind, document.page_id))
        return original(self, document, terms)

    monkeypatch.setattr(vocabulary_module.Vocabulary, "add", counting)
    for q in ("outlok", "thunderbrd", "xyzzyq", "parloe"):
        search(client, "lv", q)
    once = len(added)
    assert once == len(set(added)) > 10 and ("values", record_index_id(record)) in added
    record.imap_port = 1993
    record.save_revision().publish()
    search(client, "lv", "outlok")
    assert added[once:] == [("values", record_index_id(record))]  # the pages show the values as marks


def record_index_id(record):
    return HelpIndexPage.objects.get(server_settings=record).pk


def test_the_typed_words_are_a_page_of_their_own_in_the_page_cache():
    assert keyed("q=outlok&exact=1", "/lv/search/")[0] == (("q", "outlok"), ("exact", "1"))
    assert keyed("q=outlok&exact=yes", "/lv/search/")[0] == (("q", "outlok"),)
    assert keyed("exact=1", "/lv/outlook-2010-imap/")[0] == ()
