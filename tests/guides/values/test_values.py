"""The one rendering path: (record, reader's address or domain, language) -> values."""

import pytest
from bs4 import BeautifulSoup
from django.utils import translation

from guides.models import ServerSettings
from guides.rendering import render_text
from guides.values import REFERENCES, SERVER_ENTRIES, MailValues, Reference, ServerEntry, UnservedDomain, text_problems


@pytest.mark.parametrize("domain", ["inbox.lv", "inbox.lt", "inbox.eu", "inbox.la"])
def test_each_served_domain_gets_its_own_hosts(record, domain):
    values = MailValues(record, address=f"Anna.B@{domain.upper()}")
    assert [s.host for s in values.servers] == [f"mail.{domain}"] * 3
    assert values.value("username").text == f"Anna.B@{domain}"
    assert values.value("reader.local_part").text == "Anna.B"
    assert values.value("access.url").text == f"https://email.{domain}/prefs?group=enable_pop3"


def test_without_an_address_the_primary_domain_and_placeholders_are_used(record):
    values = MailValues(record)
    assert values.imap.host == "mail.inbox.lv"
    username = values.value("username")
    assert username.placeholder
    with translation.override("en"):
        assert str(MailValues(record).value("username")) == "your full e-mail address"


def test_username_follows_the_record(record):
    record.username_form = "local_part"
    assert MailValues(record, address="anna@inbox.lt").value("username").text == "anna"


def test_an_unserved_domain_is_refused(record):
    with pytest.raises(UnservedDomain):
        MailValues(record, address="anna@gmail.com")
    with pytest.raises(ValueError):
        MailValues(record, address="no-at-sign")


def test_every_reference_renders(record):
    values = MailValues(record, address="anna@inbox.lt")
    for key in REFERENCES:
        assert str(values.value(key)), key


def test_token_rendering_escapes_prose_and_keeps_unknown_tokens_visible(record):
    html = str(render_text(MailValues(record), "<i>{imap.port}</i> {nope} {smtp.ssl_port}"))
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("i") is None
    assert [c.get_text() for c in soup.select("code.value")] == ["993", "465"]
    assert "{nope}" in soup.get_text()


@pytest.mark.parametrize(
    "text, bad",
    [
        ("port 993", True),
        ("port 2993 or 9930", False),
        ("Outlook 2010 and 2013", False),
        ("server Mail.Inbox.EU", True),
        ("visit email.inbox.lv", False),
        ("{imap.port}", False),
        ("{imap.port }", False),
        ("{ports}", True),
        ("port 25.", True),
        ("the reply 550 5.7.1, 452-4.5.3 or just 4.7.0", False),  # SMTP reply codes, not the record's numbers
        ("5 in 5.7.1", True),
        ("465 or 587", True),  # ports: never reply codes
    ],
)
def test_literal_and_token_detection(record, text, bad):
    assert bool(text_problems(text, record)) is bad


def test_settings_reference_page_shows_the_rules_from_the_record(client, record):
    record.free_messages_per_hour = 40
    record.inactive_months = 7
    record.save()
    text = BeautifulSoup(client.get("/en/settings/").content, "html.parser").get_text(" ")
    assert "at most 40 messages an hour" in text
    assert "not used for 7 months" in text
    assert "inbox.la" in text


def test_page_tokens_link_to_the_page_in_the_readers_language(client, guide):
    step = guide.steps.filter(kind="action").order_by("sort_order").first()
    step.text_lv = "Skatiet {page:settings}."
    step.text_en = "See {page:settings}."
    step.save()
    for lang, title in (("lv", "Serveru iestatījumi"), ("en", "Server settings")):
        soup = BeautifulSoup(client.get(f"/{lang}/{guide.slug}/").content, "html.parser")
        link = soup.select_one(".steps a[href]")
        assert (link["href"], link.get_text()) == (f"/{lang}/settings/", title)


def test_page_token_to_a_missing_page_is_refused(record):
    assert text_problems("See {page:settings}.", record, pages={"settings"}) == []
    with translation.override("en"):
        assert "links to no page" in " ".join(text_problems("See {page:nope}.", record, pages={"settings"}))


@pytest.fixture
def imap_alternative(monkeypatch):
    """A second IMAP port, as a new record field would add it: one reference and one server entry."""
    monkeypatch.setitem(
        REFERENCES, "imap.alt_port", Reference("imap.alt_port", "IMAP alternative port", "port", "imap_alt_port")
    )
    monkeypatch.setattr(ServerSettings, "imap_alt_port", 1143, raising=False)
    entry = ServerEntry("imap", "imap.host", "imap.alt_port", "imap.security")
    SERVER_ENTRIES.append(entry)
    yield
    SERVER_ENTRIES.remove(entry)


def table_rows(client):
    soup = BeautifulSoup(client.get("/en/settings/").content, "html.parser")
    return [[cell.get_text() for cell in row.select("th, td")] for row in soup.select(".settings-table tbody tr")]


def test_the_settings_table_has_a_row_for_each_server_entry(client, record, imap_alternative):
    rows = table_rows(client)
    assert len(rows) == 6
    assert rows[:2] == [
        ["Incoming mail (IMAP)", "mail.inbox.lv", "993", "SSL/TLS"],
        ["Incoming mail (IMAP), also", "mail.inbox.lv", "1143", "SSL/TLS"],
    ]
    assert [row[2] for row in rows[2:]] == ["995", "587", "465", "25"]
