"""The guide, the settings table, autoconfig, Autodiscover and the profile agree — before and after a change."""

import plistlib

from bs4 import BeautifulSoup
from lxml import etree

from guides.models import ServerSettings
from tests.guides.mail.test_autodiscover import NS, post, request_for
from tests.helpers import publish_settings

DOMAINS = ["inbox.lv", "inbox.lt", "inbox.eu", "inbox.la"]
SECURITY = {"SSL/TLS": "ssl", "STARTTLS": "starttls", "SSL": "ssl", "TLS": "starttls"}


def from_autoconfig(client, address):
    doc = etree.fromstring(client.get("/mail/config-v1.1.xml", {"emailaddress": address}).content)
    found = {}
    for server in doc.iter("incomingServer", "outgoingServer"):
        found.setdefault(server.get("type"), []).append(
            (server.findtext("hostname"), int(server.findtext("port")), SECURITY[server.findtext("socketType")])
        )
    return found


def from_autodiscover(client, address):
    doc = etree.fromstring(post(client, request_for(address)).content)
    found = {}
    for protocol in doc.iterfind(".//o:Protocol", NS):
        found.setdefault(protocol.findtext("o:Type", namespaces=NS).lower(), []).append(
            (
                protocol.findtext("o:Server", namespaces=NS),
                int(protocol.findtext("o:Port", namespaces=NS)),
                SECURITY[protocol.findtext("o:Encryption", namespaces=NS)],
            )
        )
    return found


def from_profile(client, address):
    found = {}
    for protocol in ("imap", "pop3"):
        (mail,) = plistlib.loads(client.get("/mobileconfig/", {"emailaddress": address, "protocol": protocol}).content)[
            "PayloadContent"
        ]
        assert mail["IncomingMailServerUseSSL"] and mail["OutgoingMailServerUseSSL"]
        found[protocol] = (mail["IncomingMailServerHostName"], mail["IncomingMailServerPortNumber"])
        found["smtp"] = (mail["OutgoingMailServerHostName"], mail["OutgoingMailServerPortNumber"])
    return found


def from_table(client, url):
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    rows = soup.select(".settings-table tbody tr")
    found = {}
    for kind, row in zip(("imap", "pop3", "smtp", "smtp", "smtp"), rows, strict=True):
        host, port, security = (td.get_text(strip=True) for td in row.find_all("td"))
        found.setdefault(kind, []).append((host, int(port), SECURITY[security]))
    return found


def from_guide_steps(client, url):
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    chips = {chip["data-ref"]: chip.get_text() for chip in soup.select(".steps [data-ref]")}
    return chips


def assert_all_agree(client, expected_port, expected_smtp_host_pattern):
    for domain in DOMAINS:
        address = f"anna@{domain}"
        autoconfig = from_autoconfig(client, address)
        autodiscover = from_autodiscover(client, address)
        profile = from_profile(client, address)
        assert autoconfig == autodiscover, domain
        for kind in ("imap", "pop3", "smtp"):
            assert profile[kind] == autoconfig[kind][0][:2], (domain, kind)  # the first of each kind
        assert len(autoconfig["smtp"]) == 3  # every SMTP port of the record, in the order to try them
        assert autoconfig["imap"][0][1] == expected_port
        assert {host for host, _port, _security in autoconfig["smtp"]} == {
            expected_smtp_host_pattern.format(domain=domain)
        }
        # Pages show readers we know nothing about their language's first domain (the shipped record:
        # inbox.lt in Lithuanian, the primary domain in the others).
        record = ServerSettings.objects.get()
        for lang in (lang for lang in ("lv", "en", "ru", "lt") if record.default_domain(lang) == domain):
            assert from_table(client, f"/{lang}/settings/") == autoconfig, lang
            chips = from_guide_steps(client, f"/{lang}/outlook-2010-imap/")
            imap, smtp = autoconfig["imap"][0], autoconfig["smtp"][0]
            assert (chips["imap.host"], int(chips["imap.port"]), SECURITY[chips["imap.security"]]) == imap
            assert (chips["smtp.host"], int(chips["smtp.port"]), SECURITY[chips["smtp.security"]]) == smtp


def test_all_five_agree_for_every_domain_before_and_after_a_published_change(client, editor_client, record):
    assert_all_agree(client, 993, "mail.{domain}")
    response = publish_settings(editor_client, record, imap_port=1993, smtp_host="smtp.{domain}", smtp_port=2525)
    assert response.status_code == 302
    assert_all_agree(client, 1993, "smtp.{domain}")
