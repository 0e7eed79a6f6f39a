"""The questions readers ask about a page (`questions`, guides/models/questions.py): bounded and held to the
text rules where the rule lives (full_clean, the content files), read and written by the content files,
tracked for translation, marked for search in the walk, and saved in the page editor by an Editor."""

import io
import tomllib

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import translation

from guides.content import CONTENT_DIR, PageSource
from guides.management.commands.dump_content import Command as DumpContent
from guides.management.commands.load_content import Command as LoadContent
from guides.models import (
    QUESTION_MAX_LENGTH,
    QUESTIONS_MAX_LINES,
    GuidePage,
    HelpIndexPage,
    ProblemPage,
    SettingsReferencePage,
    TroubleshootingPage,
)
from guides.texts import walk_page
from guides.translations import tracking
from tests import factories
from tests.forms import error_texts, form_values
from tests.helpers import logged_in, planted_content, user_in, visible_text

QUESTIONS = {
    "lv": "kāpēc outlook nesūta vēstules\nvakar strādāja, šodien prasa paroli",
    "en": "why won't outlook send mail\nworked yesterday, today it asks for a password",
    "ru": "почему outlook не отправляет письма\nвчера работало, сегодня просит пароль",
    "lt": "kodėl outlook neišsiunčia laiškų\nvakar veikė, šiandien prašo slaptažodžio",
}


# One question more than a page may hold (no digits: small numbers are rule numbers of the record).
TOO_MANY = "\n".join(f"kāpēc nestrādā {letter}" for letter in "abcdefghijklmnopqrstuvwxyz"[: QUESTIONS_MAX_LINES + 1])


def asked(slug="klausimi", **texts):
    """A published guide with its questions in every language (titles too: nothing else is missing)."""
    fields = {f"questions_{lang}": text for lang, text in QUESTIONS.items()}
    fields |= {f"title_{lang}": f"Klausimi ({lang})" for lang in QUESTIONS}
    return factories.guide(slug, **(fields | texts))


def question_errors(page) -> dict[str, list[str]]:
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        page.full_clean()
    return {name: messages for name, messages in caught.value.message_dict.items() if "questions" in name}


def test_full_clean_bounds_the_questions_and_holds_them_to_the_text_rules(db):
    page = asked()
    page.full_clean()  # questions in four languages pass

    page.questions_lv = TOO_MANY
    page.questions_ru = "почему " + "о" * QUESTION_MAX_LENGTH
    page.questions_lt = "kodėl neveikia mail.inbox.lt?"
    errors = question_errors(page)
    assert "At most 20 questions" in " ".join(errors["questions_lv"])
    assert "Question 1 has" in " ".join(errors["questions_ru"])
    assert "“mail.inbox.lt” is a value of the server settings" in " ".join(errors["questions_lt"])
    assert "questions_en" not in errors


def test_a_question_the_record_made_a_literal_later_does_not_block_saving_the_page(db):
    page = asked(questions_en="why can I send only 40 letters an hour")
    factories.record(free_messages_per_hour=40)  # the record's rule is now a number of a stored question
    page = GuidePage.objects.get(pk=page.pk)
    page.full_clean()  # stored as it was: check_content lists it, saves go on
    page.questions_en += "\n40 letters and then nothing"
    assert "“40” is a value" in " ".join(question_errors(page)["questions_en"])


def test_the_files_carry_questions_both_ways_and_check_content_bounds_them(db, tmp_path, monkeypatch):
    page = asked()
    dump = DumpContent()
    dump.pictures = 0
    text = "\n".join(dump.page_lines("guide", page, 10))
    assert '[questions]\nlv = """\nkāpēc outlook nesūta vēstules\nvakar strādāja' in text  # one question a line
    source = PageSource(tmp_path / "klausimi.toml", tomllib.loads(text), "guide")
    loaded, _steps = LoadContent().build(HelpIndexPage.objects.get(), source)
    assert {lang: getattr(loaded, f"questions_{lang}") for lang in QUESTIONS} == QUESTIONS

    planted_content(
        tmp_path,
        monkeypatch,
        "bad.toml",
        f'slug = "bad"\nprogram = "X"\n[title]\nlv = "X"\n[questions]\nlv = """\n{TOO_MANY}"""\n',
    )
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("check_content", "--files", stdout=out)
    assert "bad.toml, questions_lv: At most 20 questions" in out.getvalue()


def test_the_settings_page_and_the_hub_take_their_questions_from_the_index_file(db):
    shipped = tomllib.loads((CONTENT_DIR / "index.toml").read_text())
    for part, model in (("reference", SettingsReferencePage), ("troubleshooting", TroubleshootingPage)):
        page = model.objects.get()
        written = {lang: text.strip() for lang, text in shipped[part]["questions"].items()}
        assert {lang: getattr(page, f"questions_{lang}") for lang in QUESTIONS} == written
        assert [text.field for text in walk_page(page, ()) if text.spec.questions] == ["questions"]


def test_full_clean_holds_the_settings_page_questions_to_the_rules(db):
    page = SettingsReferencePage.objects.get()
    page.full_clean()  # the shipped questions pass
    page.questions_lv = TOO_MANY
    page.questions_en = "which port, 993 or another"
    errors = question_errors(page)
    assert "At most 20 questions" in " ".join(errors["questions_lv"])
    assert "“993” is a value of the server settings" in " ".join(errors["questions_en"])


def test_questions_are_tracked_for_translation_but_never_shown_or_noticed(db, client):
    page = asked(questions_lt="")
    texts = tracking.page_texts(page)
    questions = next(text for text in texts if text.spec.questions)
    assert questions.spec.lines and questions.tokens and questions.lines("en")[1].startswith("worked yesterday")

    def status(lang):
        return tracking.status(questions, lang, tracking.states_for([questions]))

    tracking.adopt_untracked(texts)
    assert (status("en"), status("ru"), status("lt")) == (tracking.CURRENT, tracking.CURRENT, tracking.MISSING)
    page.questions_lv += "\nnevar nosūtīt"
    page.save_revision().publish()
    questions = next(t for t in tracking.page_texts(GuidePage.objects.get(pk=page.pk)) if t.spec.questions)
    assert status("en") == tracking.STALE and status("lt") == tracking.MISSING

    # Readers never see them, nor a notice about their translation.
    with translation.override("lt"):
        assert tracking.translation_notice(GuidePage.objects.get(pk=page.pk)) is None
    for lang in ("lv", "lt"):
        assert QUESTIONS[lang].splitlines()[0] not in visible_text(client.get(f"/{lang}/klausimi/").content.decode())


def test_the_walk_marks_the_questions_of_every_page_type_that_has_them(db):
    problem = ProblemPage.objects.live().first()
    marked = [text.field for text in walk_page(problem, ()) if text.spec.questions]
    assert marked == ["questions"]
    index = HelpIndexPage.objects.get()
    assert not [text for text in walk_page(index, ()) if text.spec.questions]


def test_an_editor_saves_the_latvian_questions_in_the_page_editor(db, django_user_model):
    page = asked()
    browser = logged_in(user_in(django_user_model, "Editors", "question-editor"))
    url = f"/admin/pages/{page.pk}/edit/"
    response = browser.get(url)
    assert "search finds the page by them. Not shown on the page." in response.content.decode()
    data = form_values(response.content.decode(), "page-edit-form")
    assert "questions_lv" in data and "questions_en" not in data  # Latvian only; translators: the workspace

    data["questions_lv"] = TOO_MANY
    response = browser.post(url, {**data, "action-publish": "action-publish"})
    assert response.status_code == 200 and "At most 20 questions" in error_texts(response.content.decode())

    data["questions_lv"] = "telefons nesūta e-pastu\njauns telefons, pasts nenāk"
    response = browser.post(url, {**data, "action-publish": "action-publish"})
    assert response.status_code == 302, error_texts(response.content.decode())
    stored = GuidePage.objects.get(pk=page.pk)
    assert stored.questions_lv == "telefons nesūta e-pastu\njauns telefons, pasts nenāk"
    assert stored.questions_en == QUESTIONS["en"]  # the other languages stay as they were
