"""The translation workspace and stale tracking, through the admin's HTTP interface."""

import itertools

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import Client
from wagtail.models import Revision
from wagtail.users.models import UserProfile

from guides.models import GuidePage, GuideStep
from guides.translations import tracking
from tests import factories
from tests.forms import form_values

LANGS = ("en", "ru", "lt")


def make_user(django_user_model, name, *codenames):
    user = django_user_model.objects.create_user(name, f"{name}@example.com", "pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in codenames:
        user.user_permissions.add(Permission.objects.get(codename=codename, content_type__app_label="guides"))
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    return user


@pytest.fixture
def translator(django_user_model):
    client = Client()
    client.force_login(make_user(django_user_model, "tina", "translate_pages", "publish_translations"))
    return client


@pytest.fixture
def junior_translator(django_user_model):
    client = Client()
    client.force_login(make_user(django_user_model, "toms", "translate_pages"))
    return client


def dashboard_cells(client):
    soup = BeautifulSoup(client.get("/admin/translations/").content, "html.parser")
    cells = {}
    for row in soup.select("table.translations-dashboard tbody tr"):
        page_id = int(row["data-page"])
        for td in row.select("td[data-lang]"):
            cells[(page_id, td["data-lang"])] = tuple(int(td[f"data-{k}"]) for k in ("missing", "stale", "current"))
    return cells


def screen(client, page, lang):
    response = client.get(f"/admin/translations/{page.pk}/{lang}/")
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def step_key(page, step, field="text"):
    from django.contrib.contenttypes.models import ContentType

    return f"{ContentType.objects.get_for_model(GuideStep).id}-{step.pk}-{field}"


def first_action(guide):
    return guide.steps.filter(kind="action").order_by("sort_order").first()


def test_translator_saves_english_and_it_shows_on_en(translator, guide, client):
    step = first_action(guide)
    soup = screen(translator, guide, "en")
    field = soup.find(attrs={"name": f"t-{step_key(guide, step)}"})
    assert field is not None and step.text_lv in soup.get_text()
    assert soup.h1 is not None and "English" in soup.h1.get_text()  # the screen's heading names the language
    url = f"/admin/translations/{guide.pk}/en/"
    response = translator.post(url, {f"t-{step_key(guide, step)}": "Start Outlook now."})
    assert response.status_code == 302
    assert "Start Outlook now." in client.get(f"/en/{guide.slug}/").content.decode()
    latest = Revision.objects.filter(object_id=str(guide.pk)).order_by("-created_at").first()
    assert latest.user.username == "tina"


def test_translation_without_publish_right_goes_to_review(junior_translator, guide, client):
    step = first_action(guide)
    url = f"/admin/translations/{guide.pk}/ru/"
    response = junior_translator.post(url, {f"t-{step_key(guide, step)}": "Новый текст."})
    assert response.status_code == 302
    assert "Новый текст." not in client.get(f"/ru/{guide.slug}/").content.decode()
    page = GuidePage.objects.get(pk=guide.pk)
    assert page.has_unpublished_changes
    assert page.workflow_in_progress


@pytest.mark.parametrize(
    "extra",
    [{"text_lv": "Hacked"}, {"steps-0-value_ref": "smtp.port"}, {"imap_port": "1993"}, {"t-999999-1-text": "x"}],
    ids=["latvian", "reference", "record", "foreign-text"],
)
def test_crafted_posts_are_refused_and_change_nothing(translator, guide, record, extra):
    step = first_action(guide)
    steps = GuideStep.objects.filter(page=guide).values_list("text_lv", "text_en", "value_ref")
    before = (list(steps), record.imap_port, Revision.objects.count())
    data = {f"t-{step_key(guide, step)}": "Changed english", **extra}
    response = translator.post(f"/admin/translations/{guide.pk}/en/", data)
    assert response.status_code == 400
    record.refresh_from_db()
    after = (list(steps.all()), record.imap_port, Revision.objects.count())
    assert after == before


def test_latvian_is_not_a_target_and_others_are_refused(translator, junior_translator, guide, client, editor):
    assert translator.get(f"/admin/translations/{guide.pk}/lv/").status_code == 400
    client.force_login(make_user(get_user_model(), "eve"))
    assert client.get("/admin/translations/").status_code in (302, 403)
    assert client.post(f"/admin/translations/{guide.pk}/en/", {}).status_code in (302, 403)


def edit_latvian(editor_client, guide, new_text, typo=False):
    url = f"/admin/pages/{guide.pk}/edit/"
    data = form_values(editor_client.get(url).content.decode(), "page-edit-form")
    step = first_action(guide)
    index = next(k.split("-")[1] for k, v in data.items() if k.endswith("-id") and v == str(step.pk))
    data[f"steps-{index}-text_lv"] = new_text
    data["action-publish"] = "action-publish"
    if typo:
        data["typo_fix"] = "on"
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.content[:500]


def test_a_latvian_edit_makes_exactly_its_translations_stale(editor_client, translator, shipped_guide_part, client):
    title = shipped_guide_part.pk
    before = dashboard_cells(translator)
    edit_latvian(editor_client, shipped_guide_part, "Palaidiet Microsoft Outlook savā datorā.")
    after = dashboard_cells(translator)
    for (page_title, lang), (missing, stale, current) in after.items():
        b_missing, b_stale, b_current = before[(page_title, lang)]
        if page_title == title:
            assert (missing, stale, current) == (b_missing, b_stale + 1, b_current - 1), lang
        else:
            assert (missing, stale, current) == (b_missing, b_stale, b_current), (page_title, lang)
    soup = screen(translator, shipped_guide_part, "en")
    row = soup.select_one(f'tr[data-key="{step_key(shipped_guide_part, first_action(shipped_guide_part))}"]')
    assert row["data-status"] == "stale"
    assert row.select_one(".source-diff ins").get_text() and row.select_one(".source-diff del").get_text()
    # Readers of the translation are told; Latvian readers are not.
    assert "may be out of date" in client.get(f"/en/{shipped_guide_part.slug}/").content.decode()
    assert b"translation-notice" not in client.get(f"/lv/{shipped_guide_part.slug}/").content
    # Translating it again brings it up to date.
    key = step_key(shipped_guide_part, first_action(shipped_guide_part))
    translator.post(f"/admin/translations/{shipped_guide_part.pk}/en/", {f"t-{key}": "Start Outlook."})
    assert dashboard_cells(translator)[(title, "en")] == before[(title, "en")]


def test_a_typo_fix_leaves_translations_up_to_date(editor_client, translator, shipped_guide_part, client):
    before = dashboard_cells(translator)
    edit_latvian(
        editor_client,
        shipped_guide_part,
        first_action(shipped_guide_part).text_lv.replace("Outlook", "Outlook "),
        typo=True,
    )
    assert dashboard_cells(translator) == before
    assert b"translation-notice" not in client.get(f"/en/{shipped_guide_part.slug}/").content


def test_missing_translation_is_counted_and_noticed(translator, guide, client):
    title = guide.pk
    before = dashboard_cells(translator)
    step = first_action(guide)
    step.text_lt = ""
    step.save()
    after = dashboard_cells(translator)
    assert after[(title, "lt")][0] == before[(title, "lt")][0] + 1
    page = client.get(f"/lt/{guide.slug}/").content.decode()
    assert "translation-notice" in page
    assert step.text_en in page  # falls back to English


@pytest.mark.parametrize(
    "lang, word", [("lv", "Tulkojumi"), ("ru", "Переводы"), ("lt", "Vertimai"), ("en", "Translations")]
)
def test_admin_speaks_the_users_language(translator, django_user_model, lang, word):
    user = django_user_model.objects.get(username="tina")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = lang
    profile.save()
    response = translator.get("/admin/translations/")
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.html["lang"].startswith(lang)
    assert word in soup.get_text()


def test_a_member_of_the_translators_role_publishes_english(django_user_model, guide, client):
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user("rita", "rita@example.com", "pw")
    user.groups.add(Group.objects.get(name="Translators"))
    translator = Client()
    translator.force_login(user)
    step = first_action(guide)
    response = translator.post(f"/admin/translations/{guide.pk}/en/", {f"t-{step_key(guide, step)}": "Run Outlook."})
    assert response.status_code == 302
    assert "Run Outlook." in client.get(f"/en/{guide.slug}/").content.decode()
    # ... and the same person cannot open the page editor.
    assert translator.get(f"/admin/pages/{guide.pk}/edit/").status_code == 302


# Translators publish only their own words, and only of what is live


def editor_in_group(django_user_model):
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user("edgars", "edgars@example.com", "pw")
    user.groups.add(Group.objects.get(name="Editors"))
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    client = Client()
    client.force_login(user)
    return user, client


def editor_saves_a_draft(editor, guide, title, step_text):
    url = f"/admin/pages/{guide.pk}/edit/"
    data = form_values(editor.get(url).content.decode(), "page-edit-form")
    step = first_action(guide)
    index = next(k.split("-")[1] for k, v in data.items() if k.endswith("-id") and v == str(step.pk))
    data["title_lv"] = title
    data[f"steps-{index}-text_lv"] = step_text
    response = editor.post(url, {**data, "action-save-draft": "action-save-draft"})
    assert response.status_code == 302, response.content[:500]
    return data


def live_revision_state(guide):
    page = GuidePage.objects.get(pk=guide.pk)
    steps = list(GuideStep.objects.filter(page=page).order_by("sort_order").values_list("text_lv", "text_en"))
    return page.live, page.title_lv, steps, Revision.objects.filter(object_id=str(guide.pk)).count()


def test_a_translator_publishes_only_their_words_while_an_editor_draft_waits(
    translator, django_user_model, shipped_guide_part, client
):
    _user, editor = editor_in_group(django_user_model)
    live_title = shipped_guide_part.title_lv
    editor_saves_a_draft(editor, shipped_guide_part, "Redaktora melnraksta virsraksts", "Redaktora melnraksta solis.")
    step = first_action(shipped_guide_part)

    response = translator.post(
        f"/admin/translations/{shipped_guide_part.pk}/en/", {f"t-{step_key(shipped_guide_part, step)}": "Open Outlook."}
    )

    assert response.status_code == 302
    latvian = client.get(f"/lv/{shipped_guide_part.slug_lv}/").content.decode()
    assert live_title in latvian and "Redaktora melnraksta" not in latvian
    assert "Open Outlook." in client.get(f"/en/{shipped_guide_part.slug_en}/").content.decode()
    page = GuidePage.objects.get(pk=shipped_guide_part.pk)
    assert page.has_unpublished_changes and page.title_lv == live_title
    # The editor's draft is still the latest revision, and now carries the translator's words.
    draft = page.get_latest_revision_as_object()
    assert draft.title_lv == "Redaktora melnraksta virsraksts"
    draft_step = next(s for s in draft.steps.all() if s.pk == step.pk)
    assert (draft_step.text_lv, draft_step.text_en) == ("Redaktora melnraksta solis.", "Open Outlook.")
    form = form_values(editor.get(f"/admin/pages/{shipped_guide_part.pk}/edit/").content.decode(), "page-edit-form")
    assert form["title_lv"] == "Redaktora melnraksta virsraksts"
    assert "Open Outlook." not in form.values()  # the page editor carries a step's Latvian only

    # Publishing the draft later keeps the translation.
    response = editor.post(f"/admin/pages/{shipped_guide_part.pk}/edit/", {**form, "action-publish": "action-publish"})
    assert response.status_code == 302
    assert "Redaktora melnraksta virsraksts" in client.get(f"/lv/{shipped_guide_part.slug_lv}/").content.decode()
    assert "Open Outlook." in client.get(f"/en/{shipped_guide_part.slug_en}/").content.decode()


def unpublished(guide, user):
    GuidePage.objects.get(pk=guide.pk).unpublish(user=user)


def locked(guide, user):
    GuidePage.objects.filter(pk=guide.pk).update(locked=True, locked_by=user)


def in_review(guide, user):
    page = GuidePage.objects.get(pk=guide.pk)
    page.save_revision(user=user)
    page.get_workflow().start(page, user)


@pytest.mark.parametrize("hold", [unpublished, locked, in_review], ids=["unpublished", "locked", "in-review"])
def test_a_page_an_editor_holds_back_is_refused_and_nothing_is_saved(
    translator, django_user_model, guide, client, hold
):
    user, _editor = editor_in_group(django_user_model)
    hold(guide, user)
    before = live_revision_state(guide)
    public_before = client.get(f"/en/{guide.slug_en}/").status_code
    url = f"/admin/translations/{guide.pk}/en/"
    assert BeautifulSoup(translator.get(url).content, "html.parser").select_one(".translate-refusal")

    key = step_key(guide, first_action(guide))
    response = translator.post(url, {f"t-{key}": "Held back words."})

    assert response.status_code == 409
    soup = BeautifulSoup(response.content, "html.parser")
    assert "Nothing was saved" in soup.get_text()
    assert soup.find(attrs={"name": f"t-{key}"}).get("value") == "Held back words."  # the words are kept
    assert live_revision_state(guide) == before
    assert client.get(f"/en/{guide.slug_en}/").status_code == public_before
    assert "Held back words." not in client.get(f"/en/{guide.slug_en}/").content.decode()


def test_a_junior_translator_cannot_submit_over_an_editor_draft(
    junior_translator, django_user_model, shipped_guide_part
):
    _user, editor = editor_in_group(django_user_model)
    editor_saves_a_draft(editor, shipped_guide_part, "Melnraksts", "Melnraksta solis.")
    before = live_revision_state(shipped_guide_part)
    key = step_key(shipped_guide_part, first_action(shipped_guide_part))
    response = junior_translator.post(f"/admin/translations/{shipped_guide_part.pk}/ru/", {f"t-{key}": "Слова."})
    assert response.status_code == 409
    assert live_revision_state(shipped_guide_part) == before
    assert not GuidePage.objects.get(pk=shipped_guide_part.pk).workflow_in_progress


BAD_INPUTS = {
    "too-long": "Ļoti garš teksts " * 20,
    "literal-port": "Port 993 here.",
    "unknown-token": "Use {imap.nothing}.",
    "null-character": "Null\x00character.",
}


def one_text_per_field(texts):
    """The first text of every (model, field): the checks depend on the field, not on the step."""
    seen, chosen = set(), []
    for text in texts:
        if (type(text.obj), text.field) not in seen:
            seen.add((type(text.obj), text.field))
            chosen.append(text)
    return chosen


@pytest.mark.slow
def test_the_workspace_refuses_exactly_what_the_page_editor_refuses(translator, editor_client):
    """For every translated field of every page type and step type, each bad input is refused by both
    screens or by neither; a refusal is a form error, never a 500, and saves nothing."""
    from django.contrib.contenttypes.models import ContentType

    from guides.models import ArticlePage, HelpIndexPage, SettingsReferencePage
    from guides.translations.views import live_content

    pages = [
        HelpIndexPage.objects.get(),
        SettingsReferencePage.objects.get(),
        min(ArticlePage.objects.all(), key=lambda a: a.steps.count()),
        factories.guide_like("outlook-pop3", 3),  # the shipped guides' words and kinds; fewer of them, for speed
    ]
    compared = set()
    for page in pages:
        _obj, _steps, texts = live_content(page)
        edit_url = f"/admin/pages/{page.pk}/edit/"
        data = form_values(editor_client.get(edit_url).content.decode(), "page-edit-form")
        for text, (kind, bad) in itertools.product(one_text_per_field(texts), BAD_INPUTS.items()):
            revisions = Revision.objects.filter(object_id=str(page.pk)).count()
            response = translator.post(f"/admin/translations/{page.pk}/en/", {f"t-{text.key}": bad})
            assert response.status_code in (200, 302), (text.key, kind, response.status_code)
            workspace_refused = response.status_code == 200
            if workspace_refused:
                row = BeautifulSoup(response.content, "html.parser").select_one(f'tr[data-key="{text.key}"]')
                assert row.select(".error-message"), (text.key, kind)
                assert Revision.objects.filter(object_id=str(page.pk)).count() == revisions

            if text.obj.pk == page.pk:  # the page's texts in every language; its questions in Latvian only
                name = f"{text.field}_en" if f"{text.field}_en" in data else f"{text.field}_lv"
            else:  # the page editor carries a step's source language only: the same rules apply to it
                index = next(k.split("-")[1] for k, v in data.items() if k.endswith("-id") and v == str(text.obj.pk))
                name = f"steps-{index}-{text.field}_lv"
            original, data[name] = data[name], bad
            response = editor_client.post(edit_url, {**data, "action-publish": "action-publish"})
            data[name] = original  # the next post puts an accepted value back
            assert response.status_code in (200, 302), (name, kind, response.status_code)
            editor_refused = response.status_code == 200
            assert workspace_refused == editor_refused, (page, name, kind, workspace_refused, editor_refused)
            compared.add((ContentType.objects.get_for_model(text.obj).model, text.field, kind))
    # Every page type and step type of the help center, each with its own fields.
    assert {kind for _model, _field, kind in compared} == set(BAD_INPUTS)
    assert {model for model, _field, _kind in compared} >= {
        "helpindexpage",
        "settingsreferencepage",
        "articlepage",
        "guidepage",
        "articleblock",
        "guidestep",
    }


def test_labels_without_a_wording_of_their_own_are_marked_to_confirm(translator, guide, client):
    """Outlook 2010 in Lithuanian: its labels are the English version's (the guide's note says so), so the
    workspace asks for each one; a label typed there leaves the list and shows on the page."""
    soup = screen(translator, guide, "lt")
    flagged = soup.select("tr[data-to-confirm]")
    labelled = guide.steps.exclude(target_lv="").exclude(target_lv__isnull=True)
    unworded = [step for step in labelled if not step.target_lt]
    assert len(flagged) == len(unworded) > 10
    assert "program labels are shown in English" in soup.select_one(".translate-labels").get_text()
    more = labelled.filter(target_en="More Settings").first()
    key = step_key(guide, more, "target")
    assert soup.select_one(f'tr[data-key="{key}"]').has_attr("data-to-confirm")
    response = translator.post(f"/admin/translations/{guide.pk}/lt/", {f"t-{key}": "Daugiau parametrų"})
    assert response.status_code == 302
    soup = screen(translator, guide, "lt")
    assert not soup.select_one(f'tr[data-key="{key}"]').has_attr("data-to-confirm")
    assert len(soup.select("tr[data-to-confirm]")) == len(flagged) - 1
    assert "Daugiau parametrų" in client.get(f"/lt/{guide.slug}/").content.decode()


def test_guides_whose_labels_are_known_ask_for_none(translator, db):
    thunderbird = GuidePage.objects.get(slug="thunderbird-imap")
    for lang in ("ru", "lt", "en"):
        assert not screen(translator, thunderbird, lang).select("tr[data-to-confirm]"), lang


# --- the dashboard at any size: stored counts, a screen at a time ------------------------------------


def reference_counts():
    """Every help center page's counts, walked now (what the stored counts must equal)."""
    from guides.translations import counts as stored

    found = {}
    for page in stored.help_center_pages().specific():
        steps = list(page.steps.all()) if hasattr(page, "steps") else None
        texts = tracking.page_texts(page, steps)
        states = tracking.states_for(texts)
        for lang in tracking.TARGETS:
            c = tracking.counts(texts, lang, states)
            found[(page.pk, lang)] = (c[tracking.MISSING], c[tracking.STALE], c[tracking.CURRENT])
    return found


def dashboard_queries(client, url="/admin/translations/"):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_dashboard_counts_once_and_again_only_what_changed(translator, shipped_guide_part, editor_client):
    from guides.models import TranslationCount

    assert dashboard_cells(translator) == reference_counts()
    assert TranslationCount.objects.count() == len(reference_counts())
    before = dict(TranslationCount.objects.values_list("pk", "page_id"))

    edit_latvian(editor_client, shipped_guide_part, "Atveriet Outlook, kā redaktors to pārrakstīja.")
    step = first_action(shipped_guide_part)
    assert (
        translator.post(
            f"/admin/translations/{shipped_guide_part.pk}/ru/", {f"t-{step_key(shipped_guide_part, step)}": "Откройте."}
        ).status_code
        == 302
    )

    cells = dashboard_cells(translator)
    assert cells == reference_counts()
    assert cells[(shipped_guide_part.pk, "en")][1] >= 1  # the edited step's English is out of date now
    kept = dict(TranslationCount.objects.values_list("pk", "page_id"))
    assert {pk for pk, page in before.items() if page != shipped_guide_part.pk} <= set(kept)  # others kept


def test_the_dashboard_shows_a_screen_at_a_time_and_sums_every_page(translator, monkeypatch, db):
    from guides.translations import views

    monkeypatch.setattr(views, "PAGES_PER_SCREEN", 10)
    everything = reference_counts()
    pages = len({page for page, _lang in everything})
    seen = {}
    for number in range(1, -(-pages // 10) + 1):
        soup = BeautifulSoup(translator.get(f"/admin/translations/?p={number}").content, "html.parser")
        rows = soup.select("table.translations-dashboard tbody tr")
        assert len(rows) == min(10, pages - 10 * (number - 1))
        for row in rows:
            for td in row.select("td[data-lang]"):
                seen[(int(row["data-page"]), td["data-lang"])] = tuple(
                    int(td[f"data-{k}"]) for k in ("missing", "stale", "current")
                )
        totals = {td["data-lang"]: td.get_text(" ", strip=True) for td in soup.select("tfoot td[data-lang]")}
        for lang in tracking.TARGETS:
            missing, stale, current = (sum(v[i] for (_p, la), v in everything.items() if la == lang) for i in range(3))
            assert totals[lang].startswith(f"{missing} missing · {stale} out of date · {current} up to date")
    assert seen == everything
    assert 'rel="next"' not in translator.get(f"/admin/translations/?p={number}").content.decode()


def test_the_dashboard_can_show_only_pages_with_something_to_translate(translator, db):
    everything = reference_counts()
    waiting = {page for (page, _lang), (missing, stale, _current) in everything.items() if missing or stale}
    shown = {page for page, _lang in dashboard_cells_of(translator, "/admin/translations/?todo=1")}
    assert shown == waiting and shown != {page for page, _lang in everything}


def dashboard_cells_of(client, url):
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    return {(int(row["data-page"]), td["data-lang"]) for row in soup.select("tbody tr") for td in row.select("td")}


def test_a_screen_of_the_dashboard_costs_the_same_queries_with_more_pages(translator, db):
    dashboard_queries(translator)  # counts every page once
    few = dashboard_queries(translator)
    for number in range(40):
        factories.guide(f"dashboard-{number}", steps=factories.steps_like("outlook-2010-imap", 2))
    dashboard_queries(translator)  # counts the new ones
    assert dashboard_queries(translator) == few


def test_a_translator_adds_outlooks_russian_wording_with_its_source_and_it_replaces_the_note(translator, db):
    """Issue 33, item 6: an Outlook message has no Latvian wording yet; the Russian workspace still lists it
    (from its English wording) with a field for its source; the wording is refused without its source, and once
    saved with it the Russian page shows the wording instead of "not recorded yet"."""
    from django.contrib.contenttypes.models import ContentType

    from guides.models import ProblemPage, ProblemStep

    problem = ProblemPage.objects.get(slug="login-rejected")
    step = problem.steps.get(program="outlook", code="0x800CCC92")
    assert not step.target_lv and not step.target_ru and step.target_en
    ct = ContentType.objects.get_for_model(ProblemStep).id
    wording, source = f"t-{ct}-{step.pk}-target", f"t-{ct}-{step.pk}-wording_source"
    soup = screen(translator, problem, "ru")
    row = soup.find("tr", attrs={"data-key": wording[2:]})
    assert row and row.find("p", class_="source", lang="en").get_text() == step.target_en
    assert soup.find(attrs={"name": source}) is not None
    assert "не записана" in Client().get("/ru/login-rejected/").content.decode()  # the note, before

    url = f"/admin/translations/{problem.pk}/ru/"
    refused = translator.post(url, {wording: "Вход на сервер … не выполнен."})
    assert refused.status_code == 200 and "quoted from" in refused.content.decode()
    assert not ProblemStep.objects.get(pk=step.pk).target_ru
    saved = translator.post(url, {wording: "Вход на сервер … не выполнен.", source: "Outlook 2016 ru, окно ошибки"})
    assert saved.status_code == 302
    assert ProblemStep.objects.get(pk=step.pk).wording_source_ru == "Outlook 2016 ru, окно ошибки"
    page = Client().get("/ru/login-rejected/").content.decode()
    assert "Вход на сервер … не выполнен." in page
    outlook = BeautifulSoup(page, "html.parser").find(id="program-outlook").find_next("ul")
    assert "не записана" not in outlook.get_text()
