"""Thunderbird autoconfig: valid against the schema and against Thunderbird's own reader rules."""

from pathlib import Path

import pytest
from lxml import etree

from tests.helpers import LANGUAGES, publish_settings

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
    outgoing = [(s.findtext("port"), s.findtext("socketType")) for s in provider.findall("outgoingServer")]
    assert outgoing == [("587", "STARTTLS"), ("465", "SSL"), ("25", "STARTTLS")]  # in the order to try them


@pytest.mark.parametrize("domain", ["inbox.lv", "inbox.lt", "inbox.eu", "inbox.la"])
def test_each_served_domain_gets_its_own_hosts(client, db, domain):
    doc = parse_valid(client.get(URLS[0], {"emailaddress": f"Anna@{domain}"}))
    assert_thunderbird_would_accept(doc)
    for server in doc.iter("incomingServer", "outgoingServer"):
        assert server.findtext("hostname") == f"mail.{domain}"
        assert server.findtext("username") == f"Anna@{domain}"


# The public ISPDB entry for these domains (github.com/thunderbird/autoconfig, ispdb/inbox.lv.xml, last
# changed 2022-11-19): what Thunderbird configures today when it finds nothing at the provider. Every server
# it lists must still be offered here, so pointing autoconfig.<domain> at us takes no fallback away.
ISPDB_DOMAINS = ["inbox.lv", "inbox.eu", "inbox.lt", "inbox.la"]
ISPDB_SERVERS = {
    ("incomingServer", "imap", "mail.%EMAILDOMAIN%", "993", "SSL", "password-cleartext", "%EMAILADDRESS%"),
    ("incomingServer", "pop3", "mail.%EMAILDOMAIN%", "995", "SSL", "password-cleartext", "%EMAILADDRESS%"),
    ("outgoingServer", "smtp", "mail.%EMAILDOMAIN%", "465", "SSL", "password-cleartext", "%EMAILADDRESS%"),
}


def servers_of(doc):
    fields = ("hostname", "port", "socketType", "authentication", "username")
    return {
        (server.tag, server.get("type"), *(server.findtext(name) for name in fields))
        for server in doc.iter("incomingServer", "outgoingServer")
    }


@pytest.mark.parametrize("domain", ISPDB_DOMAINS)
def test_every_server_the_ispdb_lists_is_offered(client, db, domain):
    def for_reader(server):
        return tuple(v.replace("%EMAILDOMAIN%", domain).replace("%EMAILADDRESS%", f"anna@{domain}") for v in server)

    generic = parse_valid(client.get(URLS[0]))
    assert domain in [d.text for d in generic.iter("domain")]
    assert ISPDB_SERVERS <= servers_of(generic)
    personal = parse_valid(client.get(URLS[0], {"emailaddress": f"anna@{domain}"}))
    assert {for_reader(server) for server in ISPDB_SERVERS} <= servers_of(personal)


def test_a_published_port_change_reaches_every_outgoing_server(client, admin_client, record):
    publish_settings(admin_client, record, smtp_ssl_port=2465, smtp_alt_port=2525)
    doc = parse_valid(client.get(URLS[0]))
    outgoing = [(s.findtext("port"), s.findtext("socketType")) for s in doc.iter("outgoingServer")]
    assert outgoing == [("587", "STARTTLS"), ("2465", "SSL"), ("2525", "STARTTLS")]


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


@pytest.mark.parametrize("language", ["ru", "lt", "en"])
def test_links_are_in_the_language_the_client_asks_for(client, db, language):
    doc = parse_valid(client.get(URLS[0], HTTP_ACCEPT_LANGUAGE=f"{language},en;q=0.5"))
    url = doc.find("emailProvider/documentation").get("url")
    assert url == f"http://testserver/{language}/thunderbird-imap/"
    assert client.get(url).status_code == 200
    assert doc.find("emailProvider/enable").get("visiturl") == f"http://testserver/{language}/enable-access/"
    other = parse_valid(client.get(URLS[0], HTTP_ACCEPT_LANGUAGE="de"))  # not ours: the primary language
    assert other.find("emailProvider/documentation").get("url") == "http://testserver/lv/thunderbird-imap/"


def test_links_only_to_pages_readers_may_open(client, db):
    from wagtail.models import Page, PageViewRestriction

    guide = Page.objects.get(slug="thunderbird-imap")
    guide.unpublish()
    doc = parse_valid(client.get(URLS[0]))
    assert doc.find("emailProvider/documentation").get("url") == "http://testserver/lv/"  # the help index
    access = Page.objects.get(slug="enable-access")
    PageViewRestriction.objects.create(page=access, restriction_type="password", password="x")
    index = Page.objects.get(slug="thunderbird-imap").get_parent()
    PageViewRestriction.objects.create(page=index, restriction_type="login")
    doc = parse_valid(client.get(URLS[0]))
    assert doc.find("emailProvider/enable") is None and doc.find("emailProvider/documentation") is None
    assert doc.find("emailProvider/outgoingServer") is not None  # the settings are still given


def test_an_unserved_idn_domain_is_named_as_the_reader_wrote_it(client, db):
    response = client.get(URLS[0], {"emailaddress": "anna@pāt.lv"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert "“pāt.lv”" in response.content.decode()


def test_a_served_idn_domain_gets_its_ascii_hosts(client, record):
    record.domains = "inbox.lv\nxn--pt-dla.lv"  # pāt.lv
    record.save()
    doc = parse_valid(client.get(URLS[0], {"emailaddress": "anna@PĀT.lv"}))
    assert {s.findtext("hostname") for s in doc.iter("incomingServer", "outgoingServer")} == {"mail.xn--pt-dla.lv"}


def test_letters_outside_ascii_before_the_at_are_explained(client, db):
    response = client.get(URLS[0], {"emailaddress": "anņa@inbox.lv"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "before @" in response.content.decode()


@pytest.mark.parametrize("query", ["anna@inbox.lv%0A", "anna@inbox.lv%20", "%20anna@inbox.lv", "anna@inbox.lv%0D%0A"])
def test_white_space_around_the_address_is_refused_not_trimmed(client, db, query):
    for url in (URLS[0], "/mobileconfig/"):
        response = client.get(f"{url}?emailaddress={query}", HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 400 and b"around it" in response.content, (url, query)


# Thunderbird for Android reads only the first <incomingServer> and the first <outgoingServer> of the file
# (thunderbird/thunderbird-android at a59bd679, feature/autodiscovery: RealAutoDiscoveryRegistry takes
# incomingServerSettings.first() and outgoingServerSettings.first()): they must be the record's own IMAP and
# main SMTP server, whatever the record says, so the order of the file is the order of recommendation.
@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"imap_port": 2993, "smtp_port": 2587},
        {"smtp_port": 465, "smtp_security": "ssl", "smtp_ssl_port": 2465, "smtp_alt_port": 2525},
    ],
    ids=["shipped", "moved-ports", "ssl-first"],
)
def test_thunderbird_for_android_finds_the_recommended_servers_first(client, admin_client, record, changes):
    if changes:
        assert publish_settings(admin_client, record, **changes).status_code == 302
        record.refresh_from_db()
    provider = parse_valid(client.get(URLS[0], {"emailaddress": "anna@inbox.lt"})).find("emailProvider")

    def first(tag):
        server = provider.find(tag)
        return server.get("type"), server.findtext("hostname"), server.findtext("port"), server.findtext("socketType")

    def recommended(protocol):
        host, port, security = (getattr(record, f"{protocol}_{field}") for field in ("host", "port", "security"))
        return protocol, host.replace("{domain}", "inbox.lt"), str(port), security.upper()

    assert first("incomingServer") == recommended("imap")
    assert first("outgoingServer") == recommended("smtp")
