"""Readers whose mail stopped working, in the browser: from a pasted code or a program's message to the
problem, the causes in order with the record's values, in every language, at phone and desktop widths."""

import re

import pytest

from tests.browser.conftest import ROOT, accessibility_problems, axe_violations, run_in_site

LANGUAGES = ["lv", "en", "ru", "lt"]
SET_HOURLY_LIMIT = """
from guides.models import ServerSettings
record = ServerSettings.objects.get()
before = record.free_messages_per_hour
record.free_messages_per_hour = INPUT["limit"]
record.full_clean()
record.save_revision().publish()
report(before)
"""


def test_a_russian_reader_pastes_an_outlook_code_and_reaches_its_problem(page):
    page.goto("/ru/")
    page.fill("#header-search", "0x800ccc92")
    with page.expect_navigation(wait_until="domcontentloaded"):
        page.press("#header-search", "Enter")
    first = page.locator("ol.search-results li").first
    assert "search-result-problem" in first.get_attribute("class")
    first.locator("h2 a").click()
    page.wait_for_load_state("domcontentloaded")
    assert page.locator("html").get_attribute("lang") == "ru"
    assert not page.locator("#program-outlook + ul").is_visible()  # the causes first, the messages folded
    page.click("details.messages > summary")
    assert "0x800CCC92" in page.locator("#program-outlook + ul").inner_text()
    assert not axe_violations(page)


def test_a_latvian_reader_picks_thunderbird_then_the_login_message_and_sees_three_causes(page):
    page.goto("/lv/")
    page.click(".troubleshooting-link a")
    page.click('nav.toc a[href="#program-thunderbird"]')
    page.locator('#program-thunderbird ~ ul a[href*="/lv/login-rejected/"]').first.click()
    page.wait_for_load_state("domcontentloaded")
    assert page.url.endswith("/lv/login-rejected/#program-thunderbird")
    causes = page.locator("li.cause > h3").all_inner_texts()
    assert len(causes) == 3
    first = page.locator("li.cause").first
    assert re.search(r"https://email\.inbox\.lv/", first.locator('[data-ref="access.url"]').first.inner_text())
    page.fill("#reader-address", "anna@inbox.lt")  # personalised like the guides
    assert "inbox.lt" in first.locator('[data-ref="access.url"]').first.inner_text()


def test_the_hourly_limit_follows_the_record_on_the_sending_problem(page, site_env):
    before = run_in_site(site_env, SET_HOURLY_LIMIT, limit=37)
    try:
        for lang in LANGUAGES:
            page.goto(f"/{lang}/sending-refused/")
            assert re.search(r"(?<!\d)37(?!\d)", page.locator("main").inner_text()), lang
    finally:
        run_in_site(site_env, SET_HOURLY_LIMIT, limit=before)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_troubleshooting_pages_are_accessible(page, lang):
    for path in (f"/{lang}/troubleshooting/", f"/{lang}/login-rejected/", f"/{lang}/access-is-off/"):
        assert not accessibility_problems(page, path)


SHIPPED_PROBLEMS = sorted(p.stem for p in (ROOT / "content" / "problems").glob("*.toml"))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_on_a_phone_the_first_causes_first_step_is_on_the_first_screen_of_every_problem(page, lang):
    page.set_viewport_size({"width": 390, "height": 844})
    late = {}
    for slug in SHIPPED_PROBLEMS:
        page.goto(f"/{lang}/{slug}/", wait_until="domcontentloaded")
        first_step = page.locator("li.cause").first.locator(".steps-section > :nth-child(2)").first
        box = first_step.bounding_box()
        line = 24  # px: at least its first line shows
        if box is None or box["y"] + line > 844:
            late[slug] = box and round(box["y"])
        # the programs' messages are still on the page, folded below the causes
        messages = page.locator("details.messages")
        if messages.count():
            assert messages.bounding_box()["y"] > page.locator("li.cause").first.bounding_box()["y"], slug
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0, slug
    assert not late, f"the first step starts below the first screen (px from the top): {late}"
