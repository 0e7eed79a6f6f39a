"""How a query word is read against the words of a language's pages (search/vocabulary.py): typos, word
forms, and the words that are never changed. Built on small made-up documents; the shipped content is
searched through HTTP in test_search.py and test_forgiving_search.py."""

import pytest

from search.documents import Document
from search.folding import query_words
from search.vocabulary import Vocabulary, protected


def vocabulary(lang, *texts):
    documents = [Document.build(n, "guide", f"Page {n}", text) for n, text in enumerate(texts)]
    return Vocabulary.build(lang, documents)


def read(vocab, query, **kwargs):
    return vocab.read(query_words(query), **kwargs)


LATVIAN = vocabulary(
    "lv",
    "Atveriet Outlook un ievadiet paroli. Ģenerējiet paroli pasta iestatījumos.",
    "Thunderbird konta iestatīšana: lietotājvārds ir pilna e-pasta adrese.",
    "Kļūda 0x800CCC0F: savienojums pārtraukts. Ports 993, serveris mail.inbox.lv.",
)


@pytest.mark.parametrize(
    "typed, nearest",
    [
        ("outlok", "outlook"),  # a letter left out
        ("outluk", "outlook"),  # two letters wrong in a longer word
        ("thunderbrd", "thunderbird"),
        ("parloe", "paroli"),  # two letters swapped count as one edit
        ("genrejiet", "generejiet"),  # diacritics are folded before anything is compared
    ],
)
def test_a_word_no_page_contains_is_read_as_the_nearest_one_that_does(typed, nearest):
    (term,) = read(LATVIAN, typed)
    assert term.corrected == nearest
    assert term.alternatives[0] == nearest


def test_the_correction_is_shown_as_the_pages_write_it():
    (term,) = read(LATVIAN, "genrejiet")
    assert LATVIAN.shown(term.corrected) == "ģenerējiet"


def test_a_word_that_begins_or_is_part_of_a_word_of_the_pages_is_not_corrected():
    for typed in ("outlo", "ievad", "pasta", "thunderbird"):
        (term,) = read(LATVIAN, typed)
        assert term.corrected == "" and term.alternatives == [term.typed], typed


@pytest.mark.parametrize("typed", ["0x800ccc0e", "800ccc0e", "993", "995", "mail.inbox.lt", "anna@inbox.lv", "v2"])
def test_codes_ports_hosts_and_addresses_are_never_changed(typed):
    (word,) = query_words(typed)
    assert protected(word)
    (term,) = LATVIAN.read([word])
    assert term.alternatives == [word] and term.corrected == ""


def test_short_words_and_words_far_from_every_word_are_left_as_typed():
    for typed in ("uot", "xyzzyq", "kalnietis"):
        (term,) = read(LATVIAN, typed)
        assert term.corrected == "" and term.alternatives == [term.typed], typed


def test_corrections_can_be_switched_off():
    (term,) = read(LATVIAN, "outlok", correct=False)
    assert term.corrected == "" and term.alternatives == ["outlok"]


def test_among_equally_near_words_the_most_frequent_wins():
    vocab = vocabulary("en", "server server server", "serves")
    (term,) = read(vocab, "servex")
    assert term.corrected == "server"


RUSSIAN = vocabulary(
    "ru",
    "Откройте настройки учётной записи. Настройка сервера входящей почты.",
    "Почта не приходит: проверьте пароль.",
)


@pytest.mark.parametrize("typed", ["настроек", "настройках", "настройку"])
def test_russian_word_forms_find_each_other(typed):
    (term,) = read(RUSSIAN, typed)
    assert {"настройки", "настройка"} <= set(term.alternatives)
    assert term.corrected == ""  # a word form is no typo: nothing to "show results for"


def test_russian_forms_of_other_words():
    (term,) = read(RUSSIAN, "почтой")
    assert {"почты", "почта"} <= set(term.alternatives)
    (term,) = read(RUSSIAN, "пароля")
    assert "пароль" in term.alternatives


def test_lithuanian_word_forms_find_each_other():
    vocab = vocabulary("lt", "Įveskite slaptažodį. Slaptažodis sugeneruojamas pašto nustatymuose.")
    (term,) = read(vocab, "slaptažodžio")
    assert "slaptazodi" in term.alternatives or "slaptazodis" in term.alternatives
    (term,) = read(vocab, "nustatymai")
    assert "nustatymuose" in term.alternatives


def test_latvian_has_no_stemmer_and_matches_by_prefix():
    assert LATVIAN.forms("paroles") == []
    (term,) = read(LATVIAN, "parol")
    assert term.alternatives == ["parol"]  # "parol" is part of "paroli": found as typed
