"""Program labels in each page's language: the program's own localized label, the English version's next to
it where they differ, and a note above the steps where the labels are the English version's."""

import pytest
from bs4 import BeautifulSoup
from django.utils import translation
from modeltranslation.utils import build_localized_fieldname

from guides.models import GuidePage
from guides.models.steps import NUMBERED
from tests.helpers import LANGUAGES


def page(client, language, slug):
    response = client.get(f"/{language}/{slug}/")
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def labels(soup) -> list[tuple[str, str | None, str | None]]:
    """(label, its lang attribute, the English label next to it) of every step."""
    found = []
    for label in soup.select(".steps .ui-label"):
        english = label.find_next_sibling("span", class_="ui-label-en")
        found.append((label.get_text(), label.get("lang"), english.get_text() if english else None))
    return found


@pytest.mark.parametrize("language", [lang for lang in LANGUAGES if lang != "en"])
def test_every_label_is_in_the_language_or_the_guide_says_why_not(db, language):
    """A step that names something on screen has its label in this language (the program's own, or its
    English one on purpose), or the guide's note says the labels are the English version's."""
    for guide in GuidePage.objects.live():
        note = getattr(guide, build_localized_fieldname("labels_note", language))
        field = build_localized_fieldname("target", language)
        missing = [
            step.sort_order
            for step in guide.steps.all()
            if step.kind in NUMBERED and step.target and not getattr(step, field)
        ]
        assert note or not missing, (guide.slug, language, missing)


def test_outlooks_russian_page_shows_outlooks_russian_labels_with_the_english_ones(client, db):
    found = labels(page(client, "ru", "outlook-2010-imap"))
    assert ("Настройка учетных записей", None, "(Account Settings)") in found
    assert ("Другие настройки", None, "(More Settings)") in found
    note = page(client, "ru", "outlook-2010-imap").select_one(".labels-note")
    assert note and "английской версии Outlook" in note.get_text()


def test_thunderbirds_labels_come_from_its_localizations(client, db):
    ru, lt, lv = (labels(page(client, lang, "thunderbird-imap")) for lang in ("ru", "lt", "lv"))
    assert ("☰ › Параметры учётной записи", None, "(☰ › Account Settings)") in ru
    assert ("Защита соединения", None, "(Connection security)") in ru
    assert ("Saugusis ryšys", None, "(Connection security)") in lt
    assert ("Port", "en", None) in lt  # untranslated in Lithuanian Thunderbird: English on purpose
    assert ("Your full name", "en", None) in lv  # Thunderbird's Latvian setup window is English
    assert ("☑ Atstāt vēstules serverī", None, "(Leave messages on server)") in lv


def test_the_english_page_shows_each_label_once(client, db):
    for slug in ("thunderbird-imap", "outlook-2010-imap"):
        soup = page(client, "en", slug)
        assert labels(soup) and not soup.select(".ui-label-en")
        assert not soup.select(".labels-note")


def test_a_note_is_shown_in_its_own_language_only(client, db):
    lv = page(client, "lv", "iphone-ipad-mail").select_one(".labels-note").get_text()
    ru = page(client, "ru", "iphone-ipad-mail").select_one(".labels-note").get_text()
    assert "latviešu" in lv and "латыш" not in ru and "русском интерфейсе iOS" in ru
    assert page(client, "en", "iphone-ipad-mail").select_one(".labels-note") is None
    with translation.override("ru"):
        assert "latviešu" not in GuidePage.objects.get(slug="iphone-ipad-mail").labels_note_here


def test_the_russian_ios_guide_names_its_controls_in_apples_russian_words(client, db):
    """Apple's iOS strings (MailAccountSettings.bundle, the fifteenth version): the Russian label, the English
    one beside it; a label the strings do not have stays English."""
    text = page(client, "ru", "iphone-ipad-mail").select_one("main").get_text(" ")
    for russian, english in (("Имя узла", "Host Name"), ("Имя польз.", "User Name"), ("Порт сервера", "Server Port")):
        assert russian in text and english in text, russian
    assert "Save" in text  # not in Apple's strings we could read: the English label
