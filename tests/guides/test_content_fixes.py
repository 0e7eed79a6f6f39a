"""What a careful reader of the programs found in the shipped guides (issue 13), checked on the pages."""

import re

import pytest
from bs4 import BeautifulSoup

from guides.content import CONTENT_DIR
from tests.helpers import LANGUAGES

pytestmark = pytest.mark.content


def steps_of(client, language, slug):
    soup = BeautifulSoup(client.get(f"/{language}/{slug}/").content, "html.parser")
    return soup.select("li.step"), soup


@pytest.mark.parametrize("language", LANGUAGES)
def test_outlook_2010s_first_pass_ends_with_close_and_finish(client, db, language):
    steps, soup = steps_of(client, language, "outlook-2010-imap")
    labels = [(s.select_one(".ui-label") or s).get_text(" ", strip=True) for s in steps]
    english = [(s.select_one(".ui-label-en") or s.select_one(".ui-label") or s).get_text(strip=True) for s in steps]
    assert not any(label.endswith("Email Account") for label in labels)  # a radio button of the next page
    first_next = next(i for i, s in enumerate(steps) if "Add New Account" in s.get_text() and "Next" in labels[i])
    assert [e.strip("()") for e in english[first_next + 1 : first_next + 3]] == ["Close", "Finish"]
    text = soup.select_one("main").get_text()
    assert "E-mail Account" in text


@pytest.mark.parametrize("language", LANGUAGES)
def test_ios_primary_server_is_a_section_whose_row_is_the_host(client, db, language):
    steps, _soup = steps_of(client, language, "iphone-ipad-mail")
    row = next(s for s in steps if "Primary Server" in s.get_text())
    assert "step-action" in row["class"] and row.select_one('[data-ref="smtp.host"]')
    assert not row.select(".ui-label")


@pytest.mark.parametrize("slug", ["iphone-ipad-mail", "thunderbird-imap"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_only_pop3_access_closes_after_the_months_unused(client, db, slug, language):
    soup = BeautifulSoup(client.get(f"/{language}/{slug}/").content, "html.parser")
    chip = soup.select_one('main [data-ref="rules.inactive_period"]')
    before = "".join(str(node) for node in reversed(list(chip.previous_siblings)))[-90:]
    assert "POP3" in BeautifulSoup(before, "html.parser").get_text(), before


def test_each_web_mailbox_label_has_one_wording_per_language():
    files = "\n".join(p.read_text() for p in CONTENT_DIR.rglob("*.toml"))
    assert "«Разрешить внешний доступ POP3/IMAP и SMTP»" not in files
    assert files.count("«Разрешить внешний доступ по POP3/IMAP и SMTP»") >= 10
    menus = set(re.findall(r"„Pašto [a-z]+, [^“]*SMS pranešimai“", files))
    assert menus == {"„Pašto peradresavimas, pašto programos, SMS pranešimai“"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_outlook_2013_sets_the_root_folder_in_the_first_pass(client, db, language):
    steps, _soup = steps_of(client, language, "outlook-2013-imap")
    english = [(s.select_one(".ui-label-en") or s.select_one(".ui-label") or s).get_text(strip=True) for s in steps]
    english = [label.strip("()") for label in english]
    assert english.count("More Settings") == 1  # no second pass through Account Settings
    assert english.index("Root folder path") < english.index("OK") < english.index("Finish")


@pytest.mark.parametrize("slug", ["mail-programs", "ports-encryption"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_list_of_guides_is_a_link(client, db, slug, language):
    soup = BeautifulSoup(client.get(f"/{language}/{slug}/").content, "html.parser")
    links = [a for a in soup.select("main .steps-section a") if a.get("href") == f"/{language}/"]
    assert links and links[0].get_text(strip=True), slug


@pytest.mark.parametrize("language", ["ru", "lt"])
def test_thunderbirds_prose_uses_its_localized_words(client, db, language):
    soup = BeautifulSoup(client.get(f"/{language}/thunderbird-imap/").content, "html.parser")
    for label in soup.select("main .ui-label, main .ui-label-en"):  # the program's words, not our prose
        label.decompose()
    prose = " ".join(t.get_text(" ") for t in soup.select("main li.step, main .callout"))
    for english in ("Account Actions", "Incoming server", "Outgoing server", "Authentication method", "Protocol"):
        assert english not in prose, english
