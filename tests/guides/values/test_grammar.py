"""Values in sentences of languages with cases (guides/values/text_rules.py: case_problems) and numbers with
their units in each language's plural forms (the "count" references, guides/values/references.py)."""

import pytest
from django.utils import translation

from guides.values import MailValues
from guides.values.text_rules import case_problems

# The forms each language's grammar gives a count of minutes (CLDR's plural categories: lv 1/21 one,
# 0 zero; ru 2–4 few, 5–20 many; lt 2–9 few, 10–20 many).
MINUTES = {
    "en": {1: "1 minute", 2: "2 minutes", 5: "5 minutes", 21: "21 minutes"},
    "lv": {1: "1 minūte", 2: "2 minūtes", 5: "5 minūtes", 11: "11 minūtes", 21: "21 minūte"},
    "ru": {1: "1 минута", 2: "2 минуты", 5: "5 минут", 11: "11 минут", 21: "21 минута", 22: "22 минуты"},
    "lt": {1: "1 minutė", 2: "2 minutės", 10: "10 minučių", 15: "15 minučių", 21: "21 minutė"},
}


@pytest.mark.parametrize("lang", MINUTES)
def test_a_count_takes_the_plural_form_its_number_needs(record, lang):
    for number, expected in MINUTES[lang].items():
        record.min_poll_minutes = number
        with translation.override(lang):
            assert MailValues(record).value("rules.poll_interval").text == expected


def test_every_count_names_its_unit_in_every_language(record):
    record.premium_unlock_business_days, record.inactive_months, record.free_messages_per_hour = 2, 1, 5
    shown = {}
    for lang in ("lv", "en", "ru", "lt"):
        with translation.override(lang):
            values = MailValues(record)
            shown[lang] = [
                values.value(k).text for k in ("rules.premium_wait", "rules.inactive_period", "rules.hourly_messages")
            ]
    assert shown == {
        "lv": ["2 darba dienas", "1 mēnesis", "5 vēstules"],
        "en": ["2 business days", "1 month", "5 messages"],
        "ru": ["2 рабочих дня", "1 месяц", "5 писем"],
        "lt": ["2 darbo dienos", "1 mėnuo", "5 laiškai"],
    }


@pytest.mark.parametrize(
    "lang, text",
    [
        ("lv", "Ierakstiet {username} abos laukos un saglabājiet."),
        ("lv", "Lietotājvārdam jābūt {username}."),
        ("lt", "Abiejuose laukuose įrašykite {username}."),
        ("lt", "Įveskite slaptažodį ir naudotojo vardu {username}."),
        ("lv", "Norādiet ne mazāk kā {rules.poll_interval}."),
        ("ru", "Укажите не менее {rules.poll_interval}."),
        ("lt", "Nurodykite ne mažiau kaip {rules.poll_interval}."),
    ],
)
def test_a_value_where_the_sentence_needs_another_case_is_refused(lang, text):
    with translation.override("en"):
        assert "is always said in the nominative" in " ".join(case_problems(text, lang))


@pytest.mark.parametrize(
    "lang, text",
    [
        ("lv", "Lietotājvārds: {username}."),
        ("lv", "Lietotājvārds ir {username}, nevis daļa pirms @."),
        ("lv", "Abos laukos ierakstiet lietotājvārdu — {username} — un saglabājiet."),
        ("lv", "Trīs iemesli: lietotājvārds nav {username}."),
        ("lt", "Naudotojo vardas turi būti {username}."),
        ("lt", "Ten yra {reader.address}."),
        ("ru", "Впишите {username} в оба поля."),  # the placeholder's accusative is its nominative
        ("ru", "Минимальный интервал — {rules.poll_interval}."),
        ("en", "Enter {username} in both fields, at least every {rules.poll_interval}."),
        ("lv", "Pirmā rinda.\n{username}"),  # a list item starts its own line
    ],
)
def test_a_value_where_the_nominative_is_right_passes(lang, text):
    assert case_problems(text, lang) == []


@pytest.mark.parametrize(
    "lang, text, count",
    [
        ("en", "Check no more often than every {rules.poll_minutes} minutes.", "{rules.poll_interval}"),
        ("ru", "не чаще одного раза в {rules.poll_minutes} мин.", "{rules.poll_interval}"),
        ("lt", "gali užtrukti iki {rules.premium_days} d. d.", "{rules.premium_wait}"),
        ("lv", "ne vairāk kā {rules.per_hour} vēstules stundā", "{rules.hourly_messages}"),
        ("lv", "POP3 nav lietots {rules.inactive_months} mēn.", "{rules.inactive_period}"),
    ],
)
def test_a_bare_number_followed_by_its_unit_is_refused(lang, text, count):
    with translation.override("en"):
        problems = " ".join(case_problems(text, lang))
    assert "is followed by its unit" in problems and count in problems


def test_a_number_followed_by_another_word_or_line_is_no_unit():
    assert case_problems("Limits: {rules.per_hour} stundā un {rules.per_minute} minūtē.", "lv") == []
    assert case_problems("Per hour: {rules.per_hour}\nMessages per minute: {rules.per_minute}", "en") == []
