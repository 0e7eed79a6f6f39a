"""Troubleshooting (guides/models/troubleshooting.py): problems quote what programs show, causes are shared
and reference the record, readers find a problem by the message or code they paste."""

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext as _

from guides.content import PageSource, problem_structure
from guides.models import (
    CausePage,
    ProblemPage,
    ProblemStep,
    ProblemStepKind,
    is_reply_code,
    normal_code,
    normal_reply_code,
)
from guides.translations import tracking
from tests import factories
from tests.helpers import opened_url, whole_number

LANGUAGES = ["lv", "en", "ru", "lt"]
LOGIN_CAUSES = ["access-is-off", "not-generated-password", "not-full-address"]
MEANING = {
    "lv": "Standarta nozīme",
    "en": "Standard meaning",
    "ru": "Стандартное значение",
    "lt": "Standartinė reikšmė",
}


def page_soup(url):
    response = Client().get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content.decode(), "html.parser")


def url_of(page, lang):
    with translation.override(lang):
        return page.get_url()


# the rules of an entry ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "code"), [("0x800CCC92", "0x800CCC92"), ("800ccc92", "0x800CCC92"), (" 0X800ccc0e ", "0x800CCC0E")]
)
def test_codes_are_written_one_way(raw, code):
    assert normal_code(raw) == code


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"kind": "message", "target_en": "Cannot Get Mail"}, "program"),
        ({"kind": "message", "program": "outlook"}, "target_en"),
        ({"kind": "message", "program": "outlook", "code": "0x800CC"}, "code"),
        ({"kind": "message", "program": "outlook", "code": "0x800CCC92", "english_in": "lv xx"}, "english_in"),
        ({"kind": "cause"}, "cause"),
        ({"kind": "note"}, "text_lv"),
    ],
)
def test_an_entry_says_what_it_lacks(fields, field):
    with pytest.raises(ValidationError) as error:
        ProblemStep(sort_order=1, **fields).clean()
    assert field in error.value.message_dict


def test_english_in_is_refused_for_a_program_that_exists_in_every_language():
    """Outlook and Windows Live Mail have lv, ru and lt versions: "shows this message in English" would be
    untrue there (issue 33, item 6); iOS has no Latvian version, so Apple Mail may say so."""
    for program in ("outlook", "windows_live_mail"):
        with pytest.raises(ValidationError) as error:
            ProblemStep(kind="message", program=program, code="0x800CCC92", english_in="ru", sort_order=1).clean()
        assert "english_in" in error.value.message_dict
    ProblemStep(
        kind="message", program="apple_mail", target_en="Cannot Get Mail", english_in="lv", sort_order=1
    ).clean()


def test_a_code_is_stored_as_programs_show_it():
    step = ProblemStep(kind="message", program="outlook", code="800ccc92", sort_order=1)
    step.clean()
    assert step.code == "0x800CCC92"


def reply(code, program="smtp_reply"):
    return ProblemStep(kind="message", program=program, code=code, text_lv="Nozīme.", sort_order=1)


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("550", "550"),  # a basic code (RFC 5321)
        ("5.7.1", "5.7.1"),  # an enhanced code (RFC 3463)
        ("550 5.7.1", "550 5.7.1"),  # both
        (" 550-5.7.1 ", "550 5.7.1"),  # as a multi-line reply writes it
        ("452   4.05.3", "452 4.5.3"),
        ("235 2.7.0", "235 2.7.0"),
    ],
)
def test_a_server_reply_code_is_stored_one_way(raw, code):
    step = reply(raw)
    step.full_clean(exclude=["page"])
    assert step.code == code
    assert normal_reply_code(raw) == code and is_reply_code(raw)


@pytest.mark.parametrize(
    "raw",
    [
        "650",
        "5.7",
        "550 4.7.1",
        "0x800CCC0F",
        "465",
        "587",
        "25",
        "55",
        "5.7.1.2",
        "3.7.1",
        "550 5.7.1 Relaying denied",
    ],
)
def test_a_server_reply_code_out_of_form_is_refused(raw):
    with pytest.raises(ValidationError) as error:
        reply(raw).full_clean(exclude=["page"])
    assert list(error.value.message_dict) == ["code"]
    assert not is_reply_code(raw)


def test_outlook_codes_keep_their_rule_and_are_no_reply_codes():
    step = reply("0x800ccc0f", program="outlook")
    step.full_clean(exclude=["page"])
    assert step.code == "0x800CCC0F" == normal_code("800ccc0f")
    with pytest.raises(ValidationError) as error:
        reply("550 5.7.1", program="outlook").full_clean(exclude=["page"])
    assert "code" in error.value.message_dict
    assert normal_code("550") == "" and normal_reply_code("0x800CCC0F") == ""


def test_the_content_check_refuses_a_code_not_written_one_way():
    steps = [
        {"kind": "message", "program": "smtp_reply", "code": "550-5.7.1"},
        {"kind": "message", "program": "smtp_reply", "code": "0x800CCC78"},
        {"kind": "message", "program": "smtp_reply", "code": "550 5.7.1"},
        {"kind": "message", "program": "outlook", "code": "0x800CCC78"},
    ]
    source = PageSource(Path("x.toml"), {"slug": "x", "stage": "send", "steps": steps}, "problem")
    problems = problem_structure(source, set())
    assert len(problems) == 2
    assert "step 1" in problems[0] and "“550 5.7.1”" in problems[0] and "step 2" in problems[1]


def test_a_server_reply_needs_its_code_and_its_meaning():
    with pytest.raises(ValidationError) as error:
        ProblemStep(kind="message", program="smtp_reply", target_en="Authentication required", sort_order=1).clean()
    assert {"code", "text_lv"} <= set(error.value.message_dict)


# the shipped content -------------------------------------------------------------------------------------


def test_every_shipped_problem_has_four_languages_messages_and_ordered_causes(db):
    problems = list(ProblemPage.objects.live())
    assert len(problems) >= 10
    for problem in problems:
        for lang in LANGUAGES:
            assert getattr(problem, f"title_{lang}") and getattr(problem, f"summary_{lang}"), (problem.slug, lang)
        entries = list(problem.steps.all())
        assert any(s.kind == ProblemStepKind.CAUSE for s in entries), problem.slug
        for message in (s for s in entries if s.kind == ProblemStepKind.MESSAGE):
            assert message.source, (problem.slug, message.pk)
            assert message.target_en or message.code, (problem.slug, message.pk)
    login = ProblemPage.objects.get(slug="login-rejected")
    assert [s.cause.slug for s in login.steps.all() if s.kind == "cause"] == LOGIN_CAUSES
    programs = {s.program for s in ProblemStep.objects.filter(kind="message")}
    shipped = {"outlook", "windows_live_mail", "thunderbird", "apple_mail", "thunderbird_android", "smtp_reply"}
    assert programs == shipped


def test_the_sending_problems_load_the_server_replies_with_their_meanings(db):
    replies = {
        slug: {s.code: s for s in ProblemPage.objects.get(slug=slug).replies}
        for slug in ("sending-refused", "sending-blocked")
    }
    assert {"530 5.7.0", "550 5.7.1", "554 5.7.1", "421 4.7.0", "450 4.7.1", "451 4.7.1", "452 4.5.3"} <= set(
        replies["sending-refused"]
    )
    assert "535 5.7.8" in replies["sending-blocked"]
    auth = replies["sending-refused"]["530 5.7.0"]
    assert auth.target_en == "530 5.7.0 Authentication required" and auth.reply_words == "Authentication required"
    assert replies["sending-refused"]["421 4.7.0"].reply_words == ""
    for step in (s for found in replies.values() for s in found.values()):
        assert normal_reply_code(step.code) == step.code and step.source.startswith("RFC"), step.code
        for lang in LANGUAGES:
            assert getattr(step, f"text_{lang}").startswith(MEANING[lang]), (step.code, lang)


def test_thunderbirds_own_latvian_and_russian_words_are_quoted(db):
    message = ProblemStep.objects.filter(page__slug="login-rejected", target_en__startswith="Login to server").first()
    assert message is not None
    assert message.target_lv.startswith("Neizdevās pieteikties serverī")
    assert message.target_ru.startswith("Ошибка входа на сервер")
    assert "lv" not in message.english_languages


# readers ---------------------------------------------------------------------------------------------------


def test_a_latvian_reader_picks_thunderbird_then_the_login_message_and_sees_the_causes_in_order(db):
    hub = page_soup("/lv/troubleshooting/")
    section = hub.find(id="program-thunderbird").find_parent("section")
    link = next(a for a in section.find_all("a") if "/lv/login-rejected/" in a["href"])
    assert link["href"].endswith("#program-thunderbird")
    problem = page_soup(link["href"].split("#")[0])
    assert problem.find(id="program-thunderbird")
    causes = [li.find("h3").get_text(strip=True) for li in problem.select("li.cause")]
    expected = [CausePage.objects.get(slug=slug).title_lv for slug in LOGIN_CAUSES]
    assert causes[:3] == expected
    first = problem.select("li.cause")[0]
    assert first.find(attrs={"data-ref": "access.url"})  # the record's access URL, as a value


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_sending_problem_shows_the_servers_reply_with_its_meaning(db, lang):
    problem = page_soup(url_of(ProblemPage.objects.get(slug="sending-refused"), lang))
    section = problem.find(id="server-reply").find_parent("section")
    first = section.select_one("li")
    assert first.select_one("code.error-code").get_text() == "530 5.7.0"
    assert first.find("q", lang="en").get_text() == "Authentication required"
    meaning = first.select_one(".reply-meaning")
    assert meaning.get_text().startswith(MEANING[lang])
    assert meaning.find("a")["href"] == url_of(CausePage.objects.get(slug="smtp-auth-off"), lang)
    assert "5.7.1" in section.get_text() and not problem.find(id="program-smtp_reply")
    messages = problem.select_one("details.messages section.by-program")
    assert "530 5.7.0" not in messages.get_text()  # a reply is no program's message


def test_the_hub_lists_the_servers_replies_apart_from_the_programs(db):
    hub = page_soup("/en/troubleshooting/")
    assert not hub.select('nav.toc a[href="#program-smtp_reply"]') and not hub.find(id="program-smtp_reply")
    section = hub.find(id="server-reply").find_parent("section")
    links = {a["href"] for a in section.select("h3 a")}
    assert {"/en/sending-refused/#server-reply", "/en/sending-blocked/#server-reply"} <= links
    assert "535 5.7.8" in section.get_text() and "Authentication credentials invalid" in section.get_text()


def test_an_english_message_is_marked_as_english(db):
    problem = page_soup("/lv/login-rejected/")
    outlook = problem.find(id="program-outlook").find_next("ul")
    assert outlook.find("q", lang="en") and "nav pierakstīts" in outlook.get_text()  # the lv wording


def test_every_guide_links_the_problems_of_its_program_and_the_help_index_the_hub(db):
    index = page_soup("/en/")
    assert index.select_one(".troubleshooting-link a")["href"] == "/en/troubleshooting/"
    guide = page_soup("/en/thunderbird-imap/")
    box = guide.select_one(".troubleshooting-box")
    links = [a["href"] for a in box.find_all("a")]
    assert links == ["/en/troubleshooting/#program-thunderbird"]  # its program's problems first
    hub = page_soup("/en/troubleshooting/")
    assert hub.find(id="program-thunderbird").find_parent("section").select('a[href*="/en/login-rejected/"]')


def test_a_change_of_the_hourly_limit_shows_on_the_sending_problem_in_every_language(db):
    problem = ProblemPage.objects.get(slug="sending-refused")
    factories.record(free_messages_per_hour=37)
    for lang in LANGUAGES:
        text = page_soup(url_of(problem, lang)).get_text(" ")
        assert whole_number(37).search(text), lang


@pytest.mark.parametrize(
    ("lang", "query"),
    [
        ("ru", "0x800CCC92"),
        ("ru", "800ccc92"),
        ("lv", "0X800CCC92"),
        ("lv", "Neizdevās pieteikties serverī mail.inbox.lv ar lietotājvārdu anna@inbox.lv."),
        ("ru", "Ошибка входа на сервер «mail.inbox.lt» с именем пользователя «ilze@inbox.lt»."),
        ("lt", "Login to server mail.inbox.lv with username anna@inbox.lv failed."),
        ("en", "with username anna@inbox.lv failed"),
    ],
)
def test_search_finds_the_problem_by_what_readers_paste(db, lang, query):
    soup = page_soup(f"/{lang}/search/?q={query}")
    first = soup.select_one("ol.search-results li")
    assert first is not None, query
    assert "search-result-problem" in first["class"]
    login = ProblemPage.objects.get(slug="login-rejected")
    password = ProblemPage.objects.get(slug="password-stopped-working")
    found = [opened_url(a["href"]) for a in soup.select("li.search-result-problem h2 a")]
    assert {url_of(login, lang), url_of(password, lang)} & set(found)


def test_one_code_does_not_find_its_neighbour(db):
    soup = page_soup("/en/search/?q=0x800CCC0E")
    found = {opened_url(a["href"]) for a in soup.select("ol.search-results h2 a")}
    dropped = ProblemPage.objects.get(slug="connection-dropped")
    assert "/en/cannot-connect/" in found and url_of(dropped, "en") not in found


# editors and translators -------------------------------------------------------------------------------------


def test_problems_and_causes_are_tracked_texts_of_the_translation_workspace(db):
    problem = ProblemPage.objects.get(slug="login-rejected")
    texts = tracking.page_texts(problem)
    assert any(t.field == "target" for t in texts) and any(t.field == "summary" for t in texts)
    cause = CausePage.objects.get(slug="access-is-off")
    step = cause.steps.exclude(text_lv="").first()
    tracking.adopt_untracked(tracking.page_texts(cause))
    step.text_lv += " Papildu teikums."
    step.save()
    texts = tracking.page_texts(CausePage.objects.get(pk=cause.pk))
    states = tracking.states_for(texts)
    changed = next(t for t in texts if t.obj.pk == step.pk and t.field == "text")
    assert tracking.status(changed, "ru", states) == tracking.STALE


def test_the_translations_dashboard_counts_problems_and_causes(editor_client, db):
    response = editor_client.get("/admin/translations/")
    assert response.status_code == 200
    body = response.content.decode()
    for slug in ("login-rejected", "access-is-off"):
        page = ProblemPage.objects.filter(slug=slug).first() or CausePage.objects.get(slug=slug)
        assert f"/admin/translations/{page.pk}/ru/" in body or re.search(rf"/{page.pk}/ru/", body), slug


def test_the_page_cache_shows_a_cause_change_on_every_problem_using_it(db):
    reader = Client()
    urls = [url_of(p, "en") for p in ProblemPage.objects.filter(steps__cause__slug="access-is-off").distinct()]
    assert len(urls) >= 3
    for url in urls:
        reader.get(url)
        assert reader.get(url)["X-Page-Cache"] == "hit"
    cause = CausePage.objects.get(slug="access-is-off")
    cause.title_en = "External access is off (renamed)"
    cause.save_revision().publish()
    for url in urls:
        assert "External access is off (renamed)" in reader.get(url).content.decode(), url


def test_the_translation_screen_of_a_problem_shows_its_messages_beside_the_latvian(editor_client, db):
    problem = ProblemPage.objects.get(slug="login-rejected")
    response = editor_client.get(f"/admin/translations/{problem.pk}/ru/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Neizdevās pieteikties serverī" in body and "Ошибка входа на сервер" in body


@pytest.mark.parametrize("lang", ["lv", "ru", "lt"])
def test_an_english_message_says_truly_why_it_is_in_english(db, lang):
    """Outlook has lv, ru and lt versions whose wording is not recorded; Apple Mail shows some messages in
    English in Latvian and Lithuanian (its source says so)."""
    outlook = page_soup(url_of(ProblemPage.objects.get(slug="connection-dropped"), lang))
    note = outlook.find(id="program-outlook").find_next("ul").get_text(" ")
    assert "0x800CCC0F" in note
    assert "The connection to the server was interrupted" in note
    with translation.override(lang):
        not_recorded = str(
            _("The program's wording in this language is not recorded yet; this is its English wording.")
        )
        by_program = str(_("The program shows this message in English in this language."))
    assert not_recorded in note and by_program not in note
    if lang != "ru":
        apple = page_soup(url_of(ProblemPage.objects.get(slug="login-rejected"), lang)).find(id="program-apple_mail")
        assert by_program in apple.find_next("ul").get_text(" ")


def test_a_programs_internal_symbol_is_kept_in_the_record_and_not_shown(db):
    """Issue 33, item 6: IXP_E_FAILED_TO_CONNECT stays in the entry (search reads it), the page shows the
    code and the words around it without the symbol, in every language, on every problem and the hub."""
    from guides.models import ProblemStep, TroubleshootingPage
    from guides.values import SYMBOL_RE, without_symbols

    assert ProblemStep.objects.filter(text_en__contains="(IXP_E_FAILED_TO_CONNECT)").exists()
    assert without_symbols("Could not connect (IXP_E_FAILED_TO_CONNECT).") == "Could not connect."
    assert without_symbols("0x800CCC0E, SSL/TLS, {imap.host}, STARTTLS") == "0x800CCC0E, SSL/TLS, {imap.host}, STARTTLS"
    pages = [*ProblemPage.objects.live(), TroubleshootingPage.objects.live().get()]
    for lang in ("lv", "en", "ru", "lt"):
        for page in pages:
            text = page_soup(url_of(page, lang)).find("main").get_text()
            assert not SYMBOL_RE.search(text), (lang, page.slug, SYMBOL_RE.search(text))
        connect = page_soup(f"/{lang}/cannot-connect/")
        assert "0x800CCC0E" in connect.find(id="program-outlook-1").get_text()


def test_each_message_has_a_fragment_and_the_messages_box_a_picker_of_the_programs(db):
    """Issue 33, item 1: #program-<kind>-<n> per message, #reply-<n> per reply (search links them), and the
    picker's links name each program's block; the page is the same for every reader (no reader's program)."""
    for lang in ("lv", "en", "ru", "lt"):
        page = page_soup(f"/{lang}/sending-refused/")
        blocks = [h3["id"] for h3 in page.select("section.by-program > h3")]
        assert [a["href"] for a in page.select(".program-picker a")] == [f"#{b}" for b in blocks]
        for block in blocks:
            items = page.find(id=block).find_next("ul").find_all("li", recursive=False)
            assert [li["id"] for li in items] == [f"{block}-{n}" for n in range(1, len(items) + 1)]
        assert page.find(id="reply-1").find("code", class_="error-code")
