"""The way out at the end of every problem, cause, the troubleshooting hub and the settings page: the web
mailbox from the record, and the provider's support once the record names it (issue 33, item 4)."""

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import translation

from guides.models import CausePage, ProblemPage, ServerSettings, SettingsReferencePage, TroubleshootingPage
from tests import factories

LANGUAGES = ["lv", "en", "ru", "lt"]


def way_out(url):
    response = Client().get(url)
    assert response.status_code == 200, url
    section = BeautifulSoup(response.content.decode(), "html.parser").find(id="still-not-working")
    assert section is not None, url
    return section


def shipped_urls(lang):
    pages = [*ProblemPage.objects.live(), *CausePage.objects.live()]
    pages += [TroubleshootingPage.objects.live().get(), SettingsReferencePage.objects.live().get()]
    with translation.override(lang):
        return [page.get_url() for page in pages]


@pytest.mark.parametrize(
    ("field", "value", "valid"),
    [
        ("webmail_url", "https://email.{domain}/", True),
        ("webmail_url", "ftp://email.{domain}/", False),
        ("webmail_url", "", False),
        ("support_url", "", True),  # not yet confirmed by the mail team
        ("support_url", "https://{domain}/support", True),
        ("support_url", "mailto:help@{domain}", True),
        ("support_url", "mailto:no address", False),
        ("support_url", "http://{domain}/support", False),
    ],
)
def test_the_records_web_mailbox_and_support_contact_are_checked(db, field, value, valid):
    record = ServerSettings.objects.get()
    setattr(record, field, value)
    if valid:
        record.full_clean()
    else:
        with pytest.raises(ValidationError) as error:
            record.full_clean()
        assert field in error.value.message_dict


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_problem_cause_the_hub_and_the_settings_page_end_in_the_web_mailbox(db, lang):
    domain = ServerSettings.objects.get().default_domain(lang)  # inbox.lt on Lithuanian pages
    for url in shipped_urls(lang):
        section = way_out(url)
        link = section.find(attrs={"data-ref": "webmail.url"})
        assert link is not None and link["href"] == f"https://email.{domain}/", url
        assert not section.select("a.support"), url  # the shipped record names none yet
        # what to tell whoever helps, even without a support contact: a checklist, and for the script a
        # ready-to-copy text with its two places and the programs' names (hidden without the script)
        assert len(section.select("ul.bullets ul.bullets > li")) == 3, url
        tell = section.find("textarea", id="tell")
        assert tell.find_parent("p").has_attr("hidden") and section.find("label", attrs={"for": "tell"}), url
        assert "{p}" in tell.get_text() and "{m}" in tell.get_text() and tell["data-outlook"] == "Microsoft Outlook"


def test_a_support_contact_in_the_record_reaches_every_way_out_at_once(db):
    factories.record(support_url="mailto:help@{domain}")
    for lang in LANGUAGES:
        domain = ServerSettings.objects.get().default_domain(lang)
        for url in shipped_urls(lang):
            link = way_out(url).select_one("a.support")
            assert link is not None and link["href"] == f"mailto:help@{domain}", url
            assert link.get_text() == f"help@{domain}"


def test_the_last_causes_still_not_working_has_somewhere_to_go(db):
    for lang in LANGUAGES:
        with translation.override(lang):
            url = ProblemPage.objects.live().get(slug="login-rejected").get_url()
        assert way_out(url).find_parent("main") is not None


def test_the_settings_page_says_only_pop3_access_closes_when_unused(db):
    factories.record(inactive_months=3)
    for lang, words in {
        "en": "POP3 access closes when POP3 is not used for 3 months",
        "lv": "ja POP3 ilgi netiek lietots (ilgums: 3 mēneši)",
    }.items():
        response = Client().get(f"/{lang}/settings/")
        text = " ".join(BeautifulSoup(response.content.decode(), "html.parser").get_text(" ").split())
        assert words in text, lang
        assert "Access for mail programs closes" not in text, lang


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_hub_starts_with_the_web_mailbox_where_access_and_its_reason_show(db, lang):
    with translation.override(lang):
        url = TroubleshootingPage.objects.live().get().get_url()
    soup = BeautifulSoup(Client().get(url).content.decode(), "html.parser")
    step_zero = soup.select_one("main .step-zero")
    link = step_zero.find(attrs={"data-ref": "access.url"})
    domain = ServerSettings.objects.get().default_domain(lang)
    assert link["href"] == f"https://email.{domain}/prefs?group=enable_pop3"
    assert step_zero.find_next("nav", class_="toc") is not None  # before any program's messages
