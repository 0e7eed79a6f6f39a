"""Changing the mailbox password and "I can no longer sign in" have their own steps, bound to the record, and
every text that says "change your mailbox password" links them (issue 33, item 4)."""

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.utils import translation

from guides.models import (
    ArticlePage,
    CausePage,
    ProblemPage,
    ServerSettings,
    SettingsReferencePage,
    TroubleshootingPage,
)

LANGUAGES = ["lv", "en", "ru", "lt"]


def soup_of(page, lang):
    with translation.override(lang):
        url = page.get_url()
    response = Client().get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content.decode(), "html.parser")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_password_page_walks_through_both_with_the_records_addresses(db, lang):
    page = ArticlePage.objects.live().get(slug="mailbox-password")
    main = soup_of(page, lang).select_one("main")
    assert len(main.select("h2")) >= 2  # changing it; when signing in no longer works
    webmail = {a["href"] for a in main.find_all(attrs={"data-ref": "webmail.url"})}
    access = {a["href"] for a in main.find_all(attrs={"data-ref": "access.url"})}
    domain = ServerSettings.objects.get().default_domain(lang)  # lt: inbox.lt (content/settings.toml)
    assert webmail == {f"https://email.{domain}/"}
    assert access == {f"https://email.{domain}/prefs?group=enable_pop3"}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_where_the_content_says_change_your_password_it_links_the_steps(db, lang):
    password = ArticlePage.objects.live().get(slug="mailbox-password")
    with translation.override(lang):
        target = password.get_url()
    pages = [
        CausePage.objects.live().get(slug="access-is-off"),
        CausePage.objects.live().get(slug="account-abused"),
        ArticlePage.objects.live().get(slug="access-switched-off"),
        ArticlePage.objects.live().get(slug="enable-access"),
    ]
    for page in pages:
        links = {a["href"] for a in soup_of(page, lang).select("main a[href]")}
        assert target in links, page.slug


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_way_out_links_the_password_steps(db, lang):
    password = ArticlePage.objects.live().get(slug="mailbox-password")
    with translation.override(lang):
        target, title = password.get_url(), password.title
    pages = [
        TroubleshootingPage.objects.live().get(),
        SettingsReferencePage.objects.live().get(),
        ProblemPage.objects.live().get(slug="login-rejected"),
        CausePage.objects.live().get(slug="access-is-off"),
    ]
    for page in pages:
        link = soup_of(page, lang).select_one(f'#still-not-working a[href="{target}"]')
        assert link is not None and link.get_text(strip=True) == title, page.slug
