"""Thunderbird autoconfig: valid against the schema and against Thunderbird's own reader rules."""

from pathlib import Path

import pytest
from lxml import etree

from tests.helpers import LANGUAGES

SCHEMA = etree.RelaxNG(etree.parse(str(Path(__file__).parent / "schemas" / "autoconfig.rng")))
URLS = ["/.well-known/autoconfig/mail/config-v1.1.xml", "/mail/config-v1.1.xml"]
AUTH_KNOWN = {
    "password-cleartext",
    "plain",
    "password-encrypted",
    "secure",
    "GSSAPI",
    "NTLM",
    "TLS-client-cert",
    "OAuth2",
    "none",
    "client-IP-address",
    "smtp-after-pop",
}


def parse_valid(response):
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith(("application/xml", "text/xml"))
    doc = etree.fromstring(response.content)
    SCHEMA.assertValid(doc)
    return doc


def assert_thunderbird_would_accept(doc):
    """The checks Thunderbird's readFromXML applies on top of the schema."""
    provider = doc.find("emailProvider")
    incoming = provider.findall("incomingServer")
    outgoing = provider.findall("outgoingServer")
    assert incoming and outgoing
    for server in incoming + outgoing:
        assert server.get("type") in ({"imap", "pop3"} if server.tag == "incomingServer" else {"smtp"})
        assert server.findtext("hostname")
        assert 1 <= int(server.findtext("port")) <= 65535
        assert server.findtext("socketType") in {"SSL", "STARTTLS", "plain"}
        assert server.findtext("authentication") in AUTH_KNOWN
        assert server.findtext("username")


@pytest.mark.parametrize("url", URLS)
def test_generic_config_uses_thunderbirds_placeholders(client, db, url):
    doc = parse_valid(client.get(url))
    assert_thunderbird_would_accept(doc)
    provider = doc.find("emailProvider")
    assert [d.text for d in provider.findall("domain")] == ["inbox.lv", "inbox.lt", "inbox.eu", "inbox.la"]
    imap = provider.find("incomingServer[@type='imap']")
    assert imap.findtext("hostname") == "mail.%EMAILDOMAIN%"
    assert (imap.findtext("port"), imap.findtext("socketType")) == ("993", "SSL")
    assert imap.findtext("username") == "%EMAILADDRESS%"
    pop3 = provider.find("incomingServer[@type='pop3']")
    assert pop3.findtext("pop3/leaveMessagesOnServer") == "true"
    smtp = provider.find("outgoingServer[@type='smtp']")
    assert (smtp.findtext("port"), smtp.findtext("socketType")) == ("587", "STARTTLS")


@pytest.mark.parametrize("domain", ["inbox.lv", "inbox.lt", "inbox.eu", "inbox.la"])
def test_each_served_domain_gets_its_own_hosts(client, db, domain):
    doc = parse_valid(client.get(URLS[0], {"emailaddress": f"Anna@{domain}"}))
    assert_thunderbird_would_accept(doc)
    for server in doc.iter("incomingServer", "outgoingServer"):
        assert server.findtext("hostname") == f"mail.{domain}"
        assert server.findtext("username") == f"Anna@{domain}"


def test_documentation_and_enable_point_at_our_pages_in_every_language(client, db):
    doc = parse_valid(client.get(URLS[1]))
    documentation = doc.find("emailProvider/documentation")
    assert documentation.get("url") == "http://testserver/lv/thunderbird-imap/"
    descriptions = {d.get("lang"): d.text for d in documentation.findall("descr")}
    assert set(descriptions) == set(LANGUAGES) and len(set(descriptions.values())) == 4
    assert client.get(documentation.get("url")).status_code == 200
    enable = doc.find("emailProvider/enable")
    assert enable.get("visiturl") == "http://testserver/lv/enable-access/"
    instructions = {i.get("lang"): i.text for i in enable.findall("instruction")}
    assert set(instructions) == set(LANGUAGES) and len(set(instructions.values())) == 4


@pytest.mark.parametrize(
    "address, status",
    [
        ("anna@gmail.com", 404),
        ("no-at-sign", 400),
        ("a@b@inbox.lv", 400),
        ("", 400),
        ("anna@", 400),
        ("anna\n@inbox.lv", 400),  # a newline inside the address, which a `$` anchor let through
        ("anna@inbox.lv\nx", 400),
    ],
)
def test_bad_addresses_get_a_clear_error(client, db, address, status):
    response = client.get(URLS[0], {"emailaddress": address})
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/plain")
    assert len(response.content.decode().strip()) > 10


@pytest.mark.parametrize("query", ["emailaddress=anna+news@inbox.lv", "emailaddress=anna%2Bnews%40inbox.lv"])
def test_a_plus_in_the_address_survives_unencoded(client, db, query):
    response = client.get(f"{URLS[0]}?{query}")
    assert response.status_code == 200
    doc = etree.fromstring(response.content)
    assert {u.text for u in doc.iter("username")} == {"anna+news@inbox.lv"}
