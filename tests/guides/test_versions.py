"""Version blocks: a guide's steps for some program versions only (GuideStep.version), grouped into blocks
the reader chooses from (guides/sections.py, guides/rendering.py; the choice: static/js/helpcenter.js and
tests/browser/test_versions.py). Without the script every version's steps are on the page."""

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError

from guides.models import GuidePage, GuideStep
from guides.sections import build_sections, versions_of
from tests import factories
from tests.forms import error_texts, form_values
from tests.guides.test_roles import assert_refused, editor_browser, page_url, superuser_browser, translator_browser

__all__ = ["editor_browser", "superuser_browser", "translator_browser"]  # fixtures


def versioned_steps():
    step = factories.step
    return [
        step("action", text="Atveriet programmu."),
        step("action", text="Atveriet File › Add Account.", version="2016/2019"),
        step("press", target="Advanced options", text="Nospiediet:", version="2016/2019"),
        step("action", text="Atveriet File › Info.", version="2021/Microsoft 365"),
        step("note", text="Piezīme par 2021.", version="2021/Microsoft 365"),
        step("action", text="Ievadiet adresi."),
    ]


def test_a_step_names_its_version_in_letters_or_digits_and_a_heading_has_none():
    GuideStep(kind="action", text_lv="Atveriet.", version_lv="2016/2019").full_clean(exclude=["page"])
    with pytest.raises(ValidationError) as bad_name:
        GuideStep(kind="action", text_lv="Atveriet.", version_lv=" / ").full_clean(exclude=["page"])
    assert "version_lv" in bad_name.value.message_dict
    with pytest.raises(ValidationError) as heading:
        GuideStep(kind="heading", text_lv="Virsraksts", version_lv="2016").full_clean(exclude=["page"])
    assert "version_lv" in heading.value.message_dict


def test_a_version_is_the_same_in_every_language_and_numbers_go_on_from_the_longest():
    steps = versioned_steps()
    steps[1].version_en = steps[2].version_en = "2016 and 2019"
    (section,) = build_sections(steps)
    first, group, last = section.blocks
    assert [v.key for v in group.versions] == ["2016-2019", "2021-microsoft-365"]
    assert [[i.number for b in v.blocks for i in b.items] for v in group.versions] == [[2, 3], [2]]
    assert group.versions[1].blocks[0].items[0].extras == [steps[4]]  # a note stays with its step
    assert [i.number for i in last.items] == [4]
    assert [v.key for v in versions_of([section])] == ["2016-2019", "2021-microsoft-365"]


def test_without_the_script_every_version_is_on_the_page_and_the_picker_links_to_each(client, db):
    factories.guide("versijas", steps=versioned_steps(), program_kind="outlook")
    soup = BeautifulSoup(client.get("/lv/versijas/").content, "html.parser")
    blocks = soup.select("details.version")
    assert [(b["data-version"], b.has_attr("open")) for b in blocks] == [
        ("2016-2019", True),
        ("2021-microsoft-365", True),
    ]
    assert "Advanced options" in blocks[0].get_text() and "Piezīme par 2021." in blocks[1].get_text()
    links = soup.select("nav.versions a[data-version]")
    assert [a["href"] for a in links][:2] == ["#version-2016-2019", "#version-2021-microsoft-365"]
    assert all(soup.select_one(a["href"]) for a in links)
    assert soup.select_one("nav.versions")["data-program"] == "outlook"


def test_a_guide_without_versions_has_no_picker(client, guide):
    assert b'nav class="box versions"' not in client.get(f"/lv/{guide.slug}/").content


def version_form(browser, page):
    data = form_values(browser.get(page_url(page)).content.decode(), "page-edit-form")
    index = next(k.split("-")[1] for k, v in data.items() if k.endswith("-kind") and v == "action")
    data[f"steps-{index}-version_lv"] = "Microsoft 365"
    data["action-publish"] = "action-publish"
    return data, index


def test_an_editor_puts_a_step_into_a_version_block(editor_browser, shipped_guide_part, client):
    data, _index = version_form(editor_browser, shipped_guide_part)

    response = editor_browser.post(page_url(shipped_guide_part), data)

    assert response.status_code == 302, error_texts(response.content.decode())
    soup = BeautifulSoup(client.get(f"/ru/{shipped_guide_part.slug_ru}/").content, "html.parser")
    assert [b["id"] for b in soup.select("details.version[id]")] == ["version-microsoft-365"]
    assert soup.select_one('nav.versions a[data-version="microsoft-365"]').get_text() == "Microsoft 365"


def test_an_editor_gets_the_heading_rule_in_the_form(editor_browser, shipped_guide_part):
    data = form_values(editor_browser.get(page_url(shipped_guide_part)).content.decode(), "page-edit-form")
    index = next(k.split("-")[1] for k, v in data.items() if k.endswith("-kind") and v == "heading")
    data[f"steps-{index}-version_lv"] = "2016"
    data["action-publish"] = "action-publish"

    response = editor_browser.post(page_url(shipped_guide_part), data)

    assert response.status_code == 200
    assert "A heading is shared by every version: put the version on its steps." in error_texts(
        response.content.decode()
    )


def test_a_translator_cannot_put_a_step_into_a_version(translator_browser, superuser_browser, shipped_guide_part):
    data, _index = version_form(superuser_browser, shipped_guide_part)

    assert_refused(translator_browser, translator_browser.post(page_url(shipped_guide_part), data))

    assert not GuideStep.objects.filter(page=shipped_guide_part, version_lv__gt="").exists()
    assert GuidePage.objects.get(pk=shipped_guide_part.pk).live


def test_a_versions_empty_translation_is_no_gap_and_no_label_to_confirm(db):
    from guides.translations import tracking

    page = GuidePage.objects.get(slug="outlook-2016-365-imap")
    versions = [t for t in tracking.page_texts(page) if t.field == "version" and t.source]
    assert versions and not any(t.value("ru") for t in versions)  # the shipped guide writes them once
    states = tracking.states_for(versions)
    assert {tracking.status(t, "ru", states) for t in versions} == {tracking.CURRENT}
    assert not any(tracking.label_to_confirm(t, "ru", page) for t in versions)
    labels = [t for t in tracking.page_texts(page) if t.field == "target" and t.source]
    assert any(tracking.label_to_confirm(t, "ru", page) for t in labels)  # unlike Outlook's labels
