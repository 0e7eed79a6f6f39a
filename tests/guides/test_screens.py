"""Program windows drawn from the steps: each window's controls are the numbered steps after it, its values
come from the record (and follow a published change), its labels are in the page's language, and it is
hidden from assistive technology because the steps are its text."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.staticfiles import finders

from guides.models import GuidePage
from tests.forms import error_texts, form_values
from tests.helpers import LANGUAGES, publish_settings

GUIDES = ["outlook-2010-imap", "outlook-2013-imap", "outlook-pop3", "thunderbird-imap", "iphone-ipad-mail"]
GUIDES.append("windows-live-mail-imap")


def soup_of(client, language, slug):
    response = client.get(f"/{language}/{slug}/")
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def windows(soup):
    return soup.select("main .window")


def numbered_steps(section):
    """{number: step li} of a section's numbered runs (an <ol start=…> continues the numbering)."""
    found = {}
    for ol in section.select("ol.steps"):
        for offset, li in enumerate(ol.find_all("li", recursive=False)):
            found[int(ol.get("start", 1)) + offset] = li
    return found


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("slug", GUIDES)
def test_each_window_is_drawn_from_the_numbered_steps_after_it(client, db, slug, language):
    soup = soup_of(client, language, slug)
    drawn = windows(soup)
    assert drawn, "every shipped guide shows its main windows"
    for window in drawn:
        assert window["aria-hidden"] == "true"
        assert not window.select("a, button, input, select, textarea, [tabindex]")  # nothing to focus
        assert window.select_one(".w-title").get_text(strip=True)
        steps = numbered_steps(window.find_parent("section"))
        for row in window.select(".w-row"):
            step = steps[int(row.select_one(".w-n").get_text())]
            label = row.select_one(".w-label, .w-button")
            if label:  # the row names the control as the step's label does, in the page's language
                assert label.get_text(strip=True) == step.select_one(".ui-label").get_text(strip=True).lstrip("☑☐ ")
            for value in row.select("[data-ref]"):
                chip = step.select_one(f'.step-value [data-ref="{value["data-ref"]}"]')
                assert chip is not None and chip.get_text() == value.get_text()


@pytest.mark.parametrize("slug", ["outlook-2010-imap", "outlook-2013-imap"])
def test_outlooks_windows_are_the_ones_readers_need(client, db, slug):
    soup = soup_of(client, "en", slug)
    titles = [(w.select_one(".w-title").get_text(strip=True), w.select_one(".w-tab")) for w in windows(soup)]
    tabs = {tab.get_text(strip=True) for _title, tab in titles if tab}
    assert {"Outgoing Server", "Advanced"} <= tabs
    assert any(title.startswith("Add") and tab is None for title, tab in titles)  # the account's server form
    ru = {
        w.select_one(".w-tab").get_text(strip=True) for w in windows(soup_of(client, "ru", slug)) if w.select(".w-tab")
    }
    assert "Сервер исходящей почты" in ru  # Outlook's own Russian tab name


def test_a_published_change_redraws_every_window(client, editor_client, record):
    def drawn(language, ref):
        soup = soup_of(client, language, "outlook-2010-imap")
        return {v.get_text() for w in windows(soup) for v in w.select(f'[data-ref="{ref}"]')}

    assert all(drawn(lang, "imap.port") == {"993"} and drawn(lang, "smtp.security") == {"TLS"} for lang in LANGUAGES)
    changes = {
        "imap_port": 1993,
        "smtp_security": "ssl",
        "smtp_port": 465,
        "smtp_ssl_port": 2465,
        "smtp_alt_port": 2525,
    }
    assert publish_settings(editor_client, record, **changes).status_code == 302
    for lang in LANGUAGES:
        assert drawn(lang, "imap.port") == {"1993"} and drawn(lang, "smtp.security") == {"SSL"}, lang
        assert drawn(lang, "smtp.port") == {"465"}


def test_a_window_without_a_title_is_refused_in_the_editor(editor_client, shipped_guide_part):
    url = f"/admin/pages/{shipped_guide_part.pk}/edit/"
    data = form_values(editor_client.get(url).content.decode(), "page-edit-form")
    index = next(k.split("-")[1] for k, v in data.items() if k.endswith("-kind") and v == "screen")
    for lang in LANGUAGES:
        data[f"steps-{index}-text_{lang}"] = ""
    data["action-publish"] = "action-publish"
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "A program window needs its title, as the program shows it." in error_texts(response.content.decode())


def test_the_longest_guide_stays_within_50_kb_of_html_css_and_javascript(client, db):
    sizes = {
        (g.slug, lang): len(client.get(f"/{lang}/{g.slug}/").content)
        for g in GuidePage.objects.live()
        for lang in LANGUAGES
    }
    longest = max(sizes, key=sizes.get)
    assets = sum(len(open(finders.find(name), "rb").read()) for name in ("css/helpcenter.css", "js/helpcenter.js"))
    assert sizes[longest] + assets <= 50 * 1024, (longest, sizes[longest], assets)


def test_a_screenshot_older_than_a_change_of_its_sections_values_is_flagged(editor_client, guide, record):
    """A real picture in the section of the Advanced tab (which shows the IMAP port): no warning while the
    values are those it was taken with; a warning naming the value once the port changes."""
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    from guides.models import GuideStep

    image = Image.objects.create(title="advanced-tab.png", file=get_test_image_file())
    note = GuideStep.objects.filter(page=guide, kind="note", text_en__contains="{smtp.ssl_port}").get()
    note.kind, note.image, note.image_alt_lv = "picture", image, "Cilne Advanced"
    note.save()
    url = f"/admin/pages/{guide.pk}/edit/"

    def warnings():
        html = editor_client.get(url).content.decode()
        return [m for m in BeautifulSoup(html, "html.parser").select(".messages li") if "advanced-tab.png" in m.text]

    assert warnings() == []
    assert publish_settings(editor_client, record, imap_port=1993).status_code == 302
    (warning,) = warnings()
    assert "IMAP port" in warning.text and "SMTP port" not in warning.text
