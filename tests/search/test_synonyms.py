"""Synonyms editors keep (search/models.py): the rule, the shipped list through HTTP, a change taking effect
on the next search, and the admin screen for the roles that may and may not use it."""

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from search import ranking
from search.analysis import stem
from search.documents import Document
from search.models import Synonym
from search.vocabulary import MAX_SYNONYMS, Vocabulary
from tests.helpers import logged_in, opened_url, user_in

ADD_URL = reverse("wagtailsnippets_search_synonym:add")


def search(client, lang, q):
    response = client.get(f"/{lang}/search/", {"q": q})
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def result_slugs(soup):
    return [opened_url(li.h2.a["href"]).rstrip("/").rsplit("/", 1)[-1] for li in soup.select("ol.search-results > li")]


# the rule --------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "words, problem",
    [
        ("Outlook", "at least two words"),
        ("Outlook 2013, Аутлук", "is not one word of letters"),
        ("0x800CCC0E, ошибка", "is not one word of letters"),
        ("mail.inbox.lv, serveris", "is not one word of letters"),
        (", ".join(f"vards{'a' * n}" for n in range(1, 23)), "At most 20 words"),
        ("Outlook, " + "a" * 41, "is not one word of letters"),
        ("Outlook, ol", "is too short"),  # a two-letter word would match nearly every page
        ("Outlook, Оutlook", "mixes letters of different alphabets"),  # a Cyrillic О
    ],
)
def test_a_group_that_is_not_two_to_twenty_words_of_letters_is_refused(words, problem):
    with translation.override("en"):
        with pytest.raises(ValidationError) as refused:
            Synonym(language="ru", words=words).full_clean()
        messages = [str(message) for message in refused.value.message_dict["words"]]
    assert any(problem in message for message in messages), messages


def test_words_may_be_one_per_line_or_separated_by_commas_and_keep_their_hyphens():
    synonym = Synonym(language="lv", words="e-pasts\nepasts, meils,\n\nmeils")
    synonym.full_clean()
    assert synonym.word_list() == ["e-pasts", "epasts", "meils"]


def test_a_word_of_a_group_finds_the_others_with_no_correction_claimed():
    documents = [Document.build(1, "guide", "Outlook 2010", "Atveriet Outlook.")]
    vocabulary = Vocabulary.build("ru", documents, [["Outlook", "Аутлук"]])
    (term,) = ranking.read("ru", "Аутлук", vocabulary).terms
    assert term.corrected == "" and term.term == stem("ru", "аутлук")
    assert [alternative for alternative, _weight in term.alternatives] == [stem("ru", "outlook")]


def test_any_form_of_a_word_of_a_group_finds_the_others():
    """The shipped group "настройки, параметры, опции": a reader writes the word in any of its forms, and
    each form is one term with the group's word (search/analysis.py), so each finds the group's others."""
    documents = [Document.build(1, "guide", "Параметры", "Откройте параметры учётной записи.")]
    vocabulary = Vocabulary.build("ru", documents, [["настройки", "параметры", "опции"]])
    for typed in ("настройки", "настройка", "настройку", "настройках"):
        (term,) = ranking.read("ru", typed, vocabulary).terms
        assert term.term == stem("ru", "настройки"), typed
        assert stem("ru", "параметры") in {alternative for alternative, _weight in term.alternatives}, typed


def test_a_thousand_groups_cost_a_search_what_a_few_do():
    """Expansion is bounded per term (search/vocabulary.py: MAX_SYNONYMS), so editors' groups cannot make
    a search expensive (issue 34): the clauses a search for "imap" makes are the same with 1,000 groups."""
    documents = [Document.build(1, "guide", "IMAP", "IMAP serveris.")]
    few = Vocabulary.build("lv", documents, [["imap", "protokols"]])
    groups = [["imap", f"vards{chr(97 + n % 26)}{chr(97 + n // 26 % 26)}{chr(97 + n // 676)}"] for n in range(1000)]
    many = Vocabulary.build("lv", documents, [["imap", "protokols"], *groups])
    (term,) = ranking.read("lv", "imap", many).terms
    assert len(term.alternatives) == MAX_SYNONYMS
    assert stem("lv", "protokols") in {alternative for alternative, _weight in term.alternatives}  # the first group
    (few_term,) = ranking.read("lv", "imap", few).terms
    assert len(few_term.alternatives) == 1


def test_a_stored_short_word_is_left_out_of_the_groups():
    documents = [Document.build(1, "guide", "Outlook", "Atveriet Outlook.")]
    vocabulary = Vocabulary.build("lv", documents, [["outlook", "ol"]])
    assert stem("lv", "ol") not in vocabulary.synonyms and vocabulary.synonyms.get(stem("lv", "outlook"), []) == []


# the shipped list, as readers search ------------------------------------------------------------------------
@pytest.mark.parametrize(
    "lang, typed, found",
    [
        ("ru", "аутлук", "outlook-2010-imap"),
        ("ru", "тандерберд", "thunderbird-imap"),
        ("lv", "aifons", "iphone-ipad-mail"),
        ("lt", "aifonas", "iphone-ipad-mail"),
    ],
)
def test_program_names_as_readers_spell_them_find_the_guides(client, db, lang, typed, found):
    soup = search(client, lang, typed)
    assert found in result_slugs(soup)
    assert soup.select_one(".search-corrected") is None


def test_readers_words_for_mail_find_the_pages_that_say_it_otherwise(client, db):
    assert result_slugs(search(client, "ru", "мейл"))
    assert set(result_slugs(search(client, "ru", "мейл"))) >= set(result_slugs(search(client, "ru", "почта"))[:3])
    assert result_slugs(search(client, "lv", "uzstādījumi"))


def test_an_editors_new_synonym_works_on_the_next_search_and_its_removal_too(client, db):
    assert result_slugs(search(client, "lv", "zibmeitene")) == []
    synonym = Synonym.objects.create(language="lv", words="zibmeitene, Thunderbird")
    assert result_slugs(search(client, "lv", "zibmeitene"))[0] == "thunderbird-imap"
    assert result_slugs(search(client, "ru", "zibmeitene")) == []  # Latvian only
    synonym.delete()
    assert result_slugs(search(client, "lv", "zibmeitene")) == []


# the admin screen ------------------------------------------------------------------------------------------
def signed_in(django_user_model, group):
    return logged_in(user_in(django_user_model, group, f"synonyms-{group.lower().replace(' ', '-')}"))


def test_an_editor_adds_a_synonym_in_the_admin_and_a_bad_one_is_refused_with_its_words_kept(client, django_user_model):
    editor = signed_in(django_user_model, "Editors")
    assert editor.get(reverse("wagtailsnippets_search_synonym:list")).status_code == 200
    refused = editor.post(ADD_URL, {"language": "lv", "words": "zibmeitene 2"})
    assert refused.status_code == 200
    assert "is not one word of letters" in refused.content.decode()
    assert "zibmeitene 2" in refused.content.decode()

    saved = editor.post(ADD_URL, {"language": "lv", "words": "zibmeitene, Thunderbird"})

    assert saved.status_code == 302
    assert Synonym.objects.filter(words="zibmeitene, Thunderbird").exists()
    assert result_slugs(search(client, "lv", "zibmeitene"))[0] == "thunderbird-imap"


@pytest.mark.parametrize("group", ["Translators", "Settings administrators"])
def test_translators_and_settings_administrators_may_not_change_synonyms(django_user_model, group):
    browser = signed_in(django_user_model, group)
    before = Synonym.objects.count()
    response = browser.post(ADD_URL, {"language": "lv", "words": "zibmeitene, Thunderbird"})
    assert response.status_code in (302, 403)
    assert response.status_code == 403 or response["Location"] == reverse("wagtailadmin_home")
    assert Synonym.objects.count() == before
