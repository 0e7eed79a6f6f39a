"""What a reader does in the browser: personalise, copy, switch language, stay accessible."""

import pytest

from tests.browser.conftest import accessibility_problems, axe_violations

LANGUAGES = ["lv", "en", "ru", "lt"]
GUIDE = "outlook-2010-imap"


def chips(page, ref):
    return page.locator(f'.steps [data-ref="{ref}"]').all_inner_texts()


def test_personalisation_fills_the_steps_and_is_kept_in_the_browser(page):
    page.goto(f"/en/{GUIDE}/")
    assert set(chips(page, "imap.host")) == {"mail.inbox.lv"}
    page.fill("#reader-address", "anna@inbox.lt")
    assert set(chips(page, "imap.host")) == {"mail.inbox.lt"}
    assert set(chips(page, "smtp.host")) == {"mail.inbox.lt"}
    assert set(chips(page, "username")) == {"anna@inbox.lt"}
    assert "your own settings" in page.locator(".personalise-message").inner_text()
    page.reload()
    assert page.input_value("#reader-address") == "anna@inbox.lt"
    assert set(chips(page, "imap.host")) == {"mail.inbox.lt"}
    # Another page of the site shows the reader's values too (the settings table follows the chips).
    page.goto("/en/settings/")
    assert page.locator("[data-ref]").count() >= 0
    page.goto(f"/en/{GUIDE}/")
    page.fill("#reader-address", "anna@gmail.com")
    assert set(chips(page, "imap.host")) == {"mail.inbox.lv"}
    assert "do not provide mail" in page.locator(".personalise-message").inner_text()
    page.click("[data-forget]")
    assert page.evaluate("localStorage.getItem('helpcenter.address')") is None


def test_without_javascript_the_generic_values_show(browser, site_url):
    context = browser.new_context(base_url=site_url, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"/en/{GUIDE}/")
    assert set(chips(page, "imap.host")) == {"mail.inbox.lv"}
    assert not page.locator("#personalise").is_visible()
    assert page.locator("button.copy").count() == 0
    context.close()


def test_a_copy_button_puts_the_value_on_the_clipboard(page):
    page.goto(f"/en/{GUIDE}/")
    chip = page.locator('.steps code[data-ref="imap.host"]').first
    chip.locator("xpath=following-sibling::button[1]").click()
    assert page.evaluate("navigator.clipboard.readText()") == "mail.inbox.lv"


def test_copy_buttons_follow_what_a_reader_types_never_numbers_in_a_sentence(page):
    page.goto("/en/sending-refused/")
    rules = page.locator('code.value[data-ref^="rules."]')
    assert rules.count() >= 2
    assert page.locator('code.value[data-ref^="rules."] + button.copy').count() == 0
    page.goto(f"/en/{GUIDE}/")
    assert page.locator('.steps code[data-ref="imap.host"] + button.copy').count() >= 1
    # A port is typed into a program: a button where a step or the table gives it, none in a sentence.
    page.goto("/en/iphone-ipad-mail/")
    prose = page.locator(".bullets")
    assert prose.locator('code.value[data-ref$="port"]').count() >= 2
    assert prose.locator('code.value[data-ref$="port"] + button.copy').count() == 0
    assert prose.locator('code.value[data-ref$=".host"] + button.copy').count() >= 1
    assert page.locator('.step-value code[data-ref$="port"] + button.copy').count() >= 1


def test_switching_language_keeps_the_page(page):
    page.goto(f"/lv/{GUIDE}/")
    for lang in ["ru", "lt", "en", "lv"]:
        with page.expect_navigation(wait_until="domcontentloaded"):
            page.click(f'nav.languages a[hreflang="{lang}"]')
        assert page.url.endswith(f"/{lang}/{GUIDE}/")
        assert page.locator("html").get_attribute("lang") == lang


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_accessibility_violations(page, lang):
    # Also usable from narrow screens: nothing wider than the viewport but the settings table's own scroller.
    paths = ("", "computers/", f"{GUIDE}/", "settings/", "search/?q=imap")
    for path in (f"/{lang}/{path}" for path in paths):
        assert not accessibility_problems(page, path)


def test_search_finds_a_query_typed_without_diacritics(page):
    page.goto("/lv/")
    page.fill("#header-search", "parole generet")
    # count() does not wait: wait for the results page itself, not only for its address.
    with page.expect_navigation(wait_until="domcontentloaded"):
        page.press("#header-search", "Enter")
    assert "/lv/search/" in page.url
    results = page.locator("main ol li")
    assert results.count() > 0
    marked = " ".join(page.locator("main mark").all_inner_texts()).lower()
    assert "ģenerē" in marked or "paro" in marked
    assert not axe_violations(page)


def test_a_latvian_reader_misspells_a_program_and_finds_its_guide_first(page):
    page.goto("/lv/")
    page.fill("#header-search", "thundrbird")  # a spelling no page has ("tanderbird" is a reader question's)
    with page.expect_navigation(wait_until="domcontentloaded"):
        page.press("#header-search", "Enter")
    assert "Rāda rezultātus vārdiem „thunderbird”" in page.locator(".search-corrected").inner_text()
    assert not axe_violations(page)
    first = page.locator("ol.search-results li h2 a").first
    with page.expect_navigation(wait_until="domcontentloaded"):
        first.click()
    assert page.url.endswith("/lv/thunderbird-imap/")
    page.go_back(wait_until="domcontentloaded")
    # The words as typed: nothing found, and what helps instead (programs, troubleshooting).
    with page.expect_navigation(wait_until="domcontentloaded"):
        page.click(".search-corrected a")
    assert "exact=1" in page.url
    assert page.locator(".search-empty").is_visible()
    assert page.locator("ul.tiles a[href='/lv/thunderbird-imap/']").is_visible()
    assert not accessibility_problems(page, page.url)


def test_voting_works_and_counts_once(page):
    page.goto(f"/en/{GUIDE}/")
    page.fill("#feedback-reason", "Clear steps.")
    with page.expect_navigation(wait_until="domcontentloaded"):
        page.click('#feedback button[value="yes"]')
    assert "feedback=thanks" in page.url
    assert page.locator("#feedback [role=status]").is_visible()
    page.goto(f"/en/{GUIDE}/")
    with page.expect_navigation(wait_until="domcontentloaded"):
        page.click('#feedback button[value="no"]')
    assert "feedback=already" in page.url or "already" in page.locator("#feedback").inner_text().lower()


def test_after_no_the_reader_says_what_was_wrong(page):
    page.goto(f"/lv/{ALL_GUIDES[-1]}/")
    with page.expect_navigation(wait_until="domcontentloaded"):
        page.click('#feedback button[value="no"]')
    assert "feedback=why" in page.url
    assert not axe_violations(page)
    page.check('#feedback input[name="why"][value="pictures"]')
    page.fill("#feedback-why-reason", "Nav attēla ar cilni.")
    with page.expect_navigation(wait_until="domcontentloaded"):
        page.click("#feedback form.feedback-why button[type=submit]")
    assert "feedback=thanks" in page.url
    assert page.locator("#feedback [role=status]").is_visible()


def test_the_settings_table_has_copy_buttons_and_follows_the_reader(page):
    page.goto("/en/")
    table = page.locator(".settings-table")
    assert table.locator("button.copy").count() >= 9
    page.goto(f"/en/{GUIDE}/")
    page.fill("#reader-address", "anna@inbox.eu")
    hosts = set(page.locator('.settings-table [data-ref$=".host"]').all_inner_texts())
    assert hosts == {"mail.inbox.eu"}


def test_the_settings_page_fits_a_phone_and_follows_the_readers_domain(page):
    """At 390 x 844 in every language: nothing wider than the screen, no column cut off, no host name broken
    across lines; the caption and the hosts follow a typed inbox.lt address and go back when it is forgotten."""
    page.set_viewport_size({"width": 390, "height": 844})
    caption = '.settings-table caption [data-ref="reader.domain"]'
    for lang in LANGUAGES:
        page.goto(f"/{lang}/settings/")
        shown = page.locator(caption).inner_text()
        assert page.evaluate("document.scrollingElement.scrollWidth <= innerWidth"), lang
        assert page.evaluate("(t => t.scrollWidth <= t.clientWidth)(document.querySelector('.table-scroll'))"), lang
        hosts = page.locator('.settings-table [data-ref$=".host"]')
        assert hosts.count() >= 3
        assert hosts.evaluate_all("chips => chips.every(chip => chip.getClientRects().length === 1)"), lang
        page.fill("#reader-address", "anna@inbox.lt")
        assert page.locator(caption).inner_text() == "inbox.lt", lang
        assert set(hosts.all_inner_texts()) == {"mail.inbox.lt"}, lang
        assert page.evaluate("document.scrollingElement.scrollWidth <= innerWidth"), lang
        page.click("[data-forget]")
        assert page.locator(caption).inner_text() == shown, lang


ALL_GUIDES = [
    "outlook-2010-imap",
    "outlook-2013-imap",
    "outlook-pop3",
    "thunderbird-imap",
    "iphone-ipad-mail",
    "windows-live-mail-imap",
    "android-gmail-samsung",
    "thunderbird-android",
    "mac-mail",
]


def test_the_program_windows_show_the_readers_own_values(page):
    def drawn(ref):
        return set(page.locator(f'.window [data-ref="{ref}"]').all_inner_texts())

    page.goto(f"/en/{GUIDE}/")
    assert drawn("imap.host") == {"mail.inbox.lv"}
    page.fill("#reader-address", "anna@inbox.lt")
    assert drawn("imap.host") == {"mail.inbox.lt"} and drawn("smtp.host") == {"mail.inbox.lt"}
    assert drawn("username") == {"anna@inbox.lt"}
    assert page.locator(".window button").count() == 0  # no copy buttons inside the pictures


def test_every_guides_windows_pass_axe_and_fit_the_screen(page):
    """The windows are drawn from each guide's own steps in each language; the rest of a guide's page is
    the same template as the guide whose whole page axe checks in every language above."""
    for slug in ALL_GUIDES:
        for lang in LANGUAGES:
            path = f"/{lang}/{slug}/"
            problems = accessibility_problems(page, path, within=".window")
            assert page.locator(".window").count() > 0, path
            assert not problems


def test_the_program_windows_print(page):
    page.goto(f"/en/{GUIDE}/")
    page.emulate_media(media="print")
    windows = page.locator(".window")
    assert windows.count() >= 3
    assert all(windows.nth(i).is_visible() for i in range(windows.count()))
    assert page.locator(".window .w-value").first.is_visible()


# What each reader pastes: Outlook's Send/Receive line with their own address in it, and words of their own.
PASTED_LINES = {
    "lv": "outlook kļūda: Task 'anna@inbox.lv - Receiving' reported error (0x800CCC0F) : 'The connection to the "
    "server was interrupted.'",
    "en": "outlook says Task 'anna@inbox.lv - Receiving' reported error (0x800CCC0F) : 'The connection to the server "
    "was interrupted.' what to do",
    "ru": "ошибка в outlook Task 'anna@inbox.lv - Receiving' reported error (0x800CCC0F) : 'The connection to the "
    "server was interrupted.'",
    "lt": "outlook klaida Task 'anna@inbox.lt - Receiving' reported error (0x800CCC0F) : 'The connection to the "
    "server was interrupted.' ką daryti",
}


@pytest.mark.parametrize("width, height", [(1280, 900), (390, 844)], ids=["desktop", "phone"])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_reader_pastes_a_whole_error_line_with_words_around_it_and_reaches_its_problem_first(
    page, lang, width, height
):
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"/{lang}/")
    page.fill("#header-search", PASTED_LINES[lang])
    with page.expect_navigation(wait_until="domcontentloaded"):
        page.press("#header-search", "Enter")
    assert page.input_value("#search-page-q") == PASTED_LINES[lang]  # echoed as typed
    first = page.locator("ol.search-results li h2 a").first
    box = first.bounding_box()
    assert box["y"] + box["height"] <= height, "the first result is below the first screen"
    with page.expect_navigation(wait_until="domcontentloaded"):
        first.click()
    assert page.url.endswith(f"/{lang}/connection-dropped/#program-outlook-1")  # at the message pasted
    assert page.locator("#program-outlook-1").is_visible()


def test_a_latvian_negation_survives_the_correction_of_another_word(page):
    page.goto("/lv/")
    page.fill("#header-search", "outlok nevar nosūtīt")
    with page.expect_navigation(wait_until="domcontentloaded"):
        page.press("#header-search", "Enter")
    corrected = page.locator(".search-corrected strong").inner_text()
    assert corrected == "outlook nevar nosūtīt"
    # one click searches exactly what was typed
    with page.expect_navigation(wait_until="domcontentloaded"):
        page.click(".search-corrected a")
    assert "exact=1" in page.url and page.input_value("#search-page-q") == "outlok nevar nosūtīt"


def test_the_android_thunderbird_and_mac_guides_fit_a_phone_and_pass_axe(page):
    """Issue 36's guides, whole pages in every language: axe at a phone's and a desktop's width, and at
    390 × 844 nothing wider than the screen."""
    for slug in ("android-gmail-samsung", "thunderbird-android", "mac-mail"):
        for lang in LANGUAGES:
            path = f"/{lang}/{slug}/"
            assert not accessibility_problems(page, path), path
            page.set_viewport_size({"width": 390, "height": 844})
            assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0, path
