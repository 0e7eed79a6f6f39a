"""The settings page and the domain a language shows first (issue 33, item 8); the footer and the problem's
stage (item 9). The record's rule by full_clean, the values by MailValues, the pages over HTTP on the shipped
content in all four languages."""

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from guides.models import GuidePage, ProblemPage, ServerSettings
from guides.models.troubleshooting import Stage
from guides.values import MailValues
from tests import factories

LANGUAGES = ["lv", "en", "ru", "lt"]


def soup_of(url):
    response = Client().get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content.decode(), "html.parser")


@pytest.mark.parametrize(
    ("language_domains", "valid"),
    [
        ("", True),
        ("lt inbox.lt", True),
        ("lt inbox.lt\nru inbox.eu\n", True),
        ("LT Inbox.LT", True),
        ("lt gmail.com", False),  # not a served domain
        ("xx inbox.lt", False),  # not a language of the site
        ("lt", False),
        ("lt inbox.lt inbox.eu", False),
        ("lt inbox.lt\nlt inbox.eu", False),  # a language twice
    ],
)
def test_each_languages_first_domain_is_one_of_the_records_served_domains(db, language_domains, valid):
    record = ServerSettings.objects.get()
    record.language_domains = language_domains
    if valid:
        record.full_clean()
    else:
        with pytest.raises(ValidationError) as error:
            record.full_clean()
        assert list(error.value.message_dict) == ["language_domains"]


def test_a_language_without_a_domain_of_its_own_shows_the_primary_one(record):
    record.language_domains = "lt inbox.lt"
    assert [record.default_domain(lang) for lang in LANGUAGES] == ["inbox.lv", "inbox.lv", "inbox.lv", "inbox.lt"]
    assert MailValues(record, language="lt").imap.host == "mail.inbox.lt"
    assert MailValues(record).imap.host == "mail.inbox.lv"  # no language: the mail formats, search
    # The reader's own address wins over the language's domain.
    assert MailValues(record, address="anna@inbox.eu", language="lt").imap.host == "mail.inbox.eu"
    record.domains = "inbox.lv\ninbox.eu"  # a domain the record no longer serves is not shown
    assert record.default_domain("lt") == "inbox.lv"


def shown_domains(soup):
    caption = soup.select_one(".settings-table caption [data-ref='reader.domain']").get_text()
    hosts = {chip.get_text() for chip in soup.select(".settings-table [data-ref$='.host']")}
    access = {a["href"] for a in soup.select("main [data-ref='access.url']")}
    return caption, hosts, access


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_settings_page_shows_the_languages_first_domain_and_what_to_do_first(db, lang):
    """The shipped record: Lithuanian pages show inbox.lt (the provider's Lithuanian portal), the others
    inbox.lv. The page says to switch access on first (the access URL and the page on it), links to the
    guides and ends in the troubleshooting hub."""
    domain = "inbox.lt" if lang == "lt" else "inbox.lv"
    soup = soup_of(f"/{lang}/settings/")
    assert shown_domains(soup) == (domain, {f"mail.{domain}"}, {f"https://email.{domain}/prefs?group=enable_pop3"})
    first = soup.select_one("main #access-first")  # before the table
    assert first.find_next("table", class_="settings-table") is not None
    assert first.find(attrs={"data-ref": "access.url"}) is not None
    assert first.find("a", href=f"/{lang}/enable-access/") is not None
    guides = {a["href"] for a in soup.select("#guides-heading ~ ul a")}
    with translation.override(lang):
        featured = {page.get_url() for page in GuidePage.objects.live().filter(featured=True)}
    assert featured and guides == featured
    assert soup.select_one(f"#still-not-working a[href='/{lang}/troubleshooting/']") is not None


def test_a_changed_language_domain_reaches_the_pages_of_that_language_only(db):
    factories.record(language_domains="ru inbox.eu")
    assert shown_domains(soup_of("/ru/settings/"))[0] == "inbox.eu"
    assert {c.get_text() for c in soup_of("/ru/outlook-2010-imap/").select(".steps [data-ref='imap.host']")} == {
        "mail.inbox.eu"
    }
    for lang in ("lv", "en", "lt"):
        assert shown_domains(soup_of(f"/{lang}/settings/"))[0] == "inbox.lv", lang


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_footer_and_the_problems_stage_speak_to_readers(db, lang):
    with translation.override(lang):
        url = ProblemPage.objects.live().get(slug="login-rejected").get_url()
        footer = gettext("The server settings on these pages are always the current ones.")
        stage = gettext("When it happens: %(stage)s") % {"stage": str(Stage.LOGIN.label).lower()}
    assert lang == "en" or footer != "The server settings on these pages are always the current ones."
    soup = soup_of(url)
    assert soup.select_one(".site-footer").get_text(strip=True) == footer
    assert stage in [p.get_text(strip=True) for p in soup.select("main p.meta")]
