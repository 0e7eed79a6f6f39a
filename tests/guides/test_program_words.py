"""Encryption in the words of each guide's program, from the record: Outlook says SSL and TLS, Thunderbird
SSL/TLS and STARTTLS; a published change of the record's choice changes the word on every page."""

import re

import pytest

from tests.forms import error_texts
from tests.helpers import LANGUAGES, publish_settings


def chips(client, url) -> dict[str, set[str]]:
    html = client.get(url).content.decode()
    found = {}
    for ref, text in re.findall(r'data-ref="([a-z0-9_.]+\.(?:security|ssl_security))">([^<]*)<', html):
        found.setdefault(ref, set()).add(text)
    return found


WORDS = {
    "outlook-2010-imap": {"ssl": "SSL", "starttls": "TLS"},
    "outlook-2013-imap": {"ssl": "SSL", "starttls": "TLS"},
    "outlook-pop3": {"ssl": "SSL", "starttls": "TLS"},
    "thunderbird-imap": {"ssl": "SSL/TLS", "starttls": "STARTTLS"},
    "thunderbird-android": {"ssl": "SSL/TLS", "starttls": "StartTLS"},  # its strings.xml, issue 36
    "settings": {"ssl": "SSL/TLS", "starttls": "STARTTLS"},  # the settings page speaks no program's words
}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("slug", list(WORDS))
def test_each_guide_names_the_records_encryption_in_its_programs_words(client, db, slug, language):
    found = chips(client, f"/{language}/{slug}/")
    words = WORDS[slug]
    assert found["smtp.security"] == {words["starttls"]}, found
    if "imap.security" in found:
        assert found["imap.security"] == {words["ssl"]}
    if "smtp.ssl_security" in found:
        assert found["smtp.ssl_security"] == {words["ssl"]}


def test_a_published_change_of_the_smtp_encryption_changes_the_word_everywhere(client, admin_client, record):
    changes = {"smtp_security": "ssl", "smtp_port": 465, "smtp_ssl_port": 2465, "smtp_alt_port": 2525}
    response = publish_settings(admin_client, record, **changes)
    assert response.status_code == 302, error_texts(response.content.decode())
    for language in LANGUAGES:
        for slug, words in WORDS.items():
            assert chips(client, f"/{language}/{slug}/")["smtp.security"] == {words["ssl"]}, (slug, language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_thunderbird_check_accepts_both_outgoing_options(client, db, language):
    """What Thunderbird may fill in from our autoconfig (either SMTP port) is what the check asks for."""
    html = client.get(f"/{language}/thunderbird-imap/").content.decode()
    warning = next(
        w for w in re.findall(r'<aside class="callout callout-warning".*?</aside>', html) if "imap.port" in w
    )
    for ref in ("smtp.port", "smtp.security", "smtp.ssl_port", "smtp.ssl_security"):
        assert f'data-ref="{ref}"' in warning, ref
