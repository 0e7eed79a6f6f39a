"""Shipped pages save and publish in the page editor, posted exactly as the browser posts it.

The longest guides once answered 400 TooManyFieldsSent: the editor posted ~17 fields per step in four
languages, over Django's default of 1,000. It now carries a step's source language only (~9 fields a
step; translators use the translation workspace). These tests read each page's real edit form (every
field, as a browser would send it) and post it back as an Editor, unchanged and with one change: the
single pages, the biggest shipped page of every kind (the longest guide among them), and a guide of 150
steps; a superuser publishes the longest.
"""

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import translation
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Page, Revision
from wagtail.users.models import UserProfile

from guides.content import CONTENT_DIR, page_sources, read
from guides.models import GuidePage, GuideStep
from tests import factories
from tests.forms import error_texts, form_values
from tests.helpers import visible_text

INDEX = read(CONTENT_DIR / "index.toml")
SINGLE_PAGES = ("index", "reference", "troubleshooting")


def biggest_of_each_kind(sources) -> list[str]:
    """Of each kind of page the one with the most steps or entries: pages of a kind share one editor form,
    so the biggest stands for the others (the field limit grows with the steps). Whether each page's own
    words pass the form's text rules is the drift check's (check_content runs the same rules)."""
    slugs = []
    for kind in dict.fromkeys(source.kind for source in sources):
        of_kind = [source for source in sources if source.kind == kind]
        slugs.append(max(of_kind, key=lambda source: len(source.data.get("steps", []))).slug)
    return slugs


SHIPPED_SLUGS = [INDEX[part]["slug"] for part in SINGLE_PAGES] + biggest_of_each_kind(page_sources())
SENTENCE = "Pārbaudes teikums no redaktora."


def signed_in_as(user):
    browser = Client()
    browser.force_login(user)
    return browser


def signed_in(django_user_model, role):
    if role == "superuser":
        user = django_user_model.objects.create_superuser("form-super", "form-super@example.com", "pw-form-1")
    else:
        user = django_user_model.objects.create_user("form-editor", "form-editor@example.com", "pw-form-1")
        user.groups.add(Group.objects.get(name="Editors"))
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    return signed_in_as(user)


@pytest.fixture
def editor(db, django_user_model):
    return signed_in(django_user_model, "editor")


@pytest.fixture
def superuser(db, django_user_model):
    return signed_in(django_user_model, "superuser")


def edit_form(browser, page):
    response = browser.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    return form_values(response.content.decode(), "page-edit-form")


def change_one_text(data, sentence=SENTENCE):
    """Append `sentence` to the Latvian text of the last step with one, else to the page's intro/summary."""
    step_keys = [k for k, v in data.items() if k.startswith("steps-") and k.endswith("-text_lv") and v.strip()]
    for key in step_keys[-1:] or [k for k in ("intro_lv", "summary_lv") if k in data][:1]:
        data[key] = f"{data[key]} {sentence}".strip()
        return key
    raise AssertionError("no Latvian text to change in the form")


def public_text(page, lang="lv"):
    with translation.override(lang):
        url = page.get_url()
    response = Client().get(url)
    assert response.status_code == 200, url
    return visible_text(response.content.decode())


def step_rows(page):
    return list(
        GuideStep.objects.filter(page_id=page.pk)
        .order_by("sort_order")
        .values_list("kind", "value_ref", "text_en", "text_ru", "text_lt", "target_en")
    )


def post(browser, page, data, action):
    response = browser.post(f"/admin/pages/{page.pk}/edit/", {**data, action: action})
    assert response.status_code == 302, (response.status_code, error_texts(response.content.decode()))


def revisions(page):
    return Revision.objects.filter(object_id=str(page.pk)).count()


def save_and_publish(browser, page, data, sentence):
    """Post the form as the browser sends it, with one change, published (a draft of the unchanged form is
    the longest guide's test below)."""
    change_one_text(data, sentence)
    post(browser, page, data, "action-publish")
    page = Page.objects.get(pk=page.pk).specific
    assert page.live and not page.has_unpublished_changes
    assert sentence in public_text(page)


@pytest.mark.slow
@pytest.mark.parametrize("slug", SHIPPED_SLUGS)
def test_every_shipped_page_saves_and_publishes_as_an_editor(editor, slug):
    """Editors are the least-privileged role with the page editor; the superuser's form has the same fields
    (asserted on the longest guide below, which a superuser also publishes)."""
    page = Page.objects.get(slug_lv=slug).specific
    steps_before = step_rows(page)

    save_and_publish(editor, page, edit_form(editor, page), SENTENCE)

    assert SENTENCE not in public_text(page, "en")
    assert step_rows(page) == steps_before  # structure and translations came back as they were


def step_fields(data) -> dict[str, int]:
    """How many posted fields of the steps' forms end in each name (steps-3-text_lv counts as text_lv)."""
    names = [key.split("-", 2)[2] for key in data if key.startswith("steps-") and key.split("-")[1].isdigit()]
    return {name: names.count(name) for name in set(names)}


def test_the_longest_guide_posts_its_steps_in_the_source_language_for_both_roles(editor, superuser):
    """The same fields for both roles (the reason the editor's form stands for both above); a step's
    words in Latvian only, so the biggest form stays far under the field limit; published as it is."""
    longest = max(GuidePage.objects.all(), key=lambda g: g.steps.count())
    steps = longest.steps.count()
    assert steps >= 59
    fields = edit_form(editor, longest)
    assert fields.keys() == edit_form(superuser, longest).keys()
    per_step = step_fields(fields)
    assert {per_step[name] for name in ("text_lv", "target_lv", "image_alt_lv", "kind", "value_ref")} == {steps}
    assert not [name for name in per_step if name.endswith(("_en", "_ru", "_lt"))]
    assert settings.DATA_UPLOAD_MAX_NUMBER_FIELDS >= settings.HELPCENTER_MAX_STEPS * (len(per_step) + 1)
    before = revisions(longest)
    post(editor, longest, fields, "action-save-draft")  # unchanged, as an editor saves a draft
    assert revisions(longest) == before + 1
    change_one_text(fields, SENTENCE)
    post(superuser, longest, fields, "action-publish")
    assert SENTENCE in public_text(longest)


@pytest.mark.slow
def test_a_guide_of_150_steps_saves_and_publishes(editor):
    """Published with one change (saving a draft unchanged is each shipped page's test above)."""
    guide = factories.guide_like("outlook-pop3", 150)
    data = edit_form(editor, guide)
    assert len(data) > 1000  # past Django's default field limit

    change_one_text(data, SENTENCE)
    post(editor, guide, data, "action-publish")

    guide = GuidePage.objects.get(pk=guide.pk)
    assert guide.live and not guide.has_unpublished_changes and guide.steps.count() == 150
    assert SENTENCE in public_text(guide)


def test_more_steps_than_the_limit_is_a_form_error_not_a_400(django_user_model):
    """Past HELPCENTER_MAX_STEPS the editor's form refuses the page with a message (and its "Add" button
    stops at the limit), before the field limit could answer 400. Checked on the editor's own form class:
    re-rendering a page of 201 steps in a test would take minutes."""
    limit = settings.HELPCENTER_MAX_STEPS
    user = django_user_model.objects.create_superuser("limit", "limit@example.com", "pw-form-1")
    article = Page.objects.get(slug_lv="limits").specific
    data = form_values(signed_in_as(user).get(f"/admin/pages/{article.pk}/edit/").content.decode(), "page-edit-form")
    # More steps, the way the editor's "Add" button makes them: new forms with an empty id.
    for extra in range(int(data["steps-TOTAL_FORMS"]), limit + 1):
        for key, value in list(data.items()):
            if key.startswith("steps-0-"):
                data[key.replace("steps-0-", f"steps-{extra}-")] = value
        data[f"steps-{extra}-id"] = ""
        data[f"steps-{extra}-ORDER"] = str(extra + 1)
    data["steps-TOTAL_FORMS"] = str(limit + 1)
    assert len(data) < settings.DATA_UPLOAD_MAX_NUMBER_FIELDS  # so the form, not the field limit, answers

    form_class = article.get_edit_handler().get_form_class()
    form = form_class(data, instance=article, for_user=user, parent_page=article.get_parent())

    assert not form.is_valid()
    assert str(limit) in " ".join(form.formsets["steps"].non_form_errors())


def test_reverting_to_a_revision_whose_step_a_later_publish_deleted(editor):
    guide = factories.guide_like("outlook-2010-imap", 6)  # the shipped words and kinds; size does not matter
    url = f"/admin/pages/{guide.pk}/edit/"
    steps_before = step_rows(guide)
    data = edit_form(editor, guide)
    assert editor.post(url, {**data, "action-publish": "action-publish"}).status_code == 302
    kept = GuidePage.objects.get(pk=guide.pk).live_revision

    # A later publish deletes one step.
    data = edit_form(editor, guide)
    index = change_one_text(data).split("-")[1]
    gone_text = GuideStep.objects.get(pk=data[f"steps-{index}-id"]).text_lv
    data[f"steps-{index}-DELETE"] = "on"
    assert editor.post(url, {**data, "action-publish": "action-publish"}).status_code == 302
    assert gone_text not in public_text(guide)

    # Reverting to the earlier revision brings the step back, in its place and in every language.
    revert_url = f"/admin/pages/{guide.pk}/revisions/{kept.pk}/revert/"
    response = editor.get(revert_url)
    assert response.status_code == 200
    data = form_values(response.content.decode(), "page-edit-form")
    response = editor.post(revert_url, {**data, "action-publish": "action-publish"})

    assert response.status_code == 302, error_texts(response.content.decode())
    assert gone_text in public_text(guide)
    assert step_rows(guide) == steps_before


def test_a_steps_fields_show_its_picture_and_its_errors_in_their_own_places(editor):
    """A step's fields are written by one template (StepFieldsPanel, StepImageChooser): the chosen picture
    in its chooser, and each error in the field it belongs to, linked to it for screen readers."""
    picture = Image.objects.create(title="Konta logs", file=get_test_image_file())
    guide = factories.guide(
        "ar-attelu",
        steps=[
            factories.step("picture", image=picture, image_alt="Konta logs", text="Logs"),
            factories.step("action", text="Atveriet iestatījumus."),
        ],
    )
    html = editor.get(f"/admin/pages/{guide.pk}/edit/").content.decode()
    soup = BeautifulSoup(html, "html.parser")
    chosen, empty = soup.select_one("#id_steps-0-image-chooser"), soup.select_one("#id_steps-1-image-chooser")
    assert "blank" not in chosen["class"] and "blank" in empty["class"]
    assert chosen.select_one("[data-chooser-title]").get_text(strip=True) == "Konta logs"
    assert chosen.select_one("[data-chooser-edit-link]")["href"] == f"/admin/images/{picture.pk}/"
    assert soup.select_one("#id_steps-0-image")["value"] == str(picture.pk)
    assert soup.select_one("#id_steps-1-image").get("value") is None
    assert soup.select_one('label[for="id_steps-0-kind"]').get_text(strip=True) == "Kind*"
    assert not soup.select("#inline_child_steps-0 [data-component=add-comment-button]")  # Wagtail removes them

    data = form_values(html, "page-edit-form")
    post(editor, guide, data, "action-publish")  # unchanged: the picture stays
    assert GuideStep.objects.get(page=guide, sort_order=0).image == picture

    data["steps-0-image_alt_lv"] = ""
    response = editor.post(f"/admin/pages/{guide.pk}/edit/", {**data, "action-publish": "action-publish"})
    assert response.status_code == 200
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    alt = soup.select_one("#id_steps-0-image_alt_lv")
    errors = soup.select_one("#id_steps-0-image_alt_lv-errors")
    assert "Describe the picture" in errors.get_text()
    assert alt["aria-invalid"] == "true" and errors["id"] in alt["aria-describedby"].split()
    assert "w-field--error" in alt.find_parent(attrs={"data-field": True})["class"]
    assert not soup.select_one("#id_steps-1-text_lv-errors").get_text(strip=True)
    assert GuideStep.objects.get(page=guide, sort_order=0).image_alt_lv == "Konta logs"
