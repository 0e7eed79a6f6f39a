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
    assert page.url.endswith("#program-outlook-1")  # the result links the message the code names: it is open
    assert "0x800CCC92" in page.locator("#program-outlook-1").inner_text()
    assert page.locator("details.messages").get_attribute("open") is not None
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


FIRST_PROGRAM = "details.messages section.by-program > h3:first-child"


def test_on_a_phone_the_readers_program_comes_first_and_what_to_tell_support_is_filled_in(page, browser, site_url):
    """From a search for a code to its message, with and without JavaScript; a program remembered from the
    guide last opened or chosen in the messages box comes first; "what to tell support" is filled in."""
    from playwright.sync_api import expect

    page.set_viewport_size({"width": 390, "height": 844})
    plain = browser.new_context(base_url=site_url, viewport={"width": 390, "height": 844}, java_script_enabled=False)
    no_script = plain.new_page()
    try:
        for lang in LANGUAGES:
            for reader in (page, no_script):
                reader.goto(f"/{lang}/search/?q=0x800CCC0E")
                with reader.expect_navigation(wait_until="load"):
                    reader.locator("ol.search-results li h2 a").first.click()
                assert reader.url.endswith(f"/{lang}/cannot-connect/#program-outlook-1"), (lang, reader.url)
                message = reader.locator("#program-outlook-1")
                assert message.is_visible() and message.bounding_box()["y"] < 844, lang  # on the screen it lands on
            assert page.locator(FIRST_PROGRAM).get_attribute("id") == "program-outlook"
            tell = page.locator("#tell")
            assert "0x800CCC0E" in tell.input_value() and "Microsoft Outlook" in tell.input_value(), lang
            assert not no_script.locator("#tell").is_visible()  # without the script: the checklist
            assert no_script.locator(".way-out ul ul li").count() == 3

            page.goto(f"/{lang}/thunderbird-imap/")  # the guide last opened names the reader's program
            page.goto(f"/{lang}/login-rejected/")
            assert page.locator("details.messages").get_attribute("open") is not None, lang
            assert page.locator(FIRST_PROGRAM).get_attribute("id") == "program-thunderbird", lang
            assert "Mozilla Thunderbird" in page.locator("#tell").input_value()
            page.click('.program-picker a[href="#program-apple_mail"]')  # chosen in the messages box
            # the script moves the block on the fragment's change: wait for it, as a reader's eyes would
            expect(page.locator(FIRST_PROGRAM)).to_have_attribute("id", "program-apple_mail")
            assert page.evaluate("localStorage.getItem('helpcenter.program')") == "apple_mail"
            page.goto(f"/{lang}/sending-refused/")
            assert page.locator(FIRST_PROGRAM).get_attribute("id") == "program-apple_mail", lang
            assert (
                no_script.goto(f"/{lang}/login-rejected/")
                and no_script.locator(FIRST_PROGRAM).get_attribute("id") == "program-outlook"
            )  # the page itself is the same for everyone
    finally:
        plain.close()
