"""Thunderbird autoconfig (clientConfig 1.1, the IETF mailmaint autoconfig draft)."""

from __future__ import annotations

from dataclasses import dataclass
from xml.etree import ElementTree as ET

from ..values import DOMAIN_PLACEHOLDER, SSL, MailValues

SOCKET_TYPES = {SSL: "SSL", "starttls": "STARTTLS"}
AUTHENTICATION = {"password": "password-cleartext"}


@dataclass(frozen=True)
class Link:
    url: str
    descriptions: dict[str, str]  # language -> text


def _server(parent, tag, kind, host, port, security, username, auth):
    server = ET.SubElement(parent, tag, type=kind)
    ET.SubElement(server, "hostname").text = host
    ET.SubElement(server, "port").text = str(port)
    ET.SubElement(server, "socketType").text = SOCKET_TYPES[security]
    ET.SubElement(server, "authentication").text = auth
    ET.SubElement(server, "username").text = username
    return server


def client_config(values: MailValues, documentation: Link | None, enable: Link | None, generic: bool) -> bytes:
    """The document for one reader (or, when `generic`, with Thunderbird's %EMAIL…% placeholders)."""
    record = values.record
    if generic:

        def host(pattern):
            return pattern.replace(DOMAIN_PLACEHOLDER, "%EMAILDOMAIN%")

        username = "%EMAILLOCALPART%" if record.username_form == "local_part" else "%EMAILADDRESS%"
    else:
        host = values.host
        username = values.username.text
    auth = AUTHENTICATION[record.authentication]

    root = ET.Element("clientConfig", version="1.1")
    provider = ET.SubElement(root, "emailProvider", id=record.domain_list[0])
    for domain in record.domain_list:
        ET.SubElement(provider, "domain").text = domain
    ET.SubElement(provider, "displayName").text = record.name
    ET.SubElement(provider, "displayShortName").text = record.name
    _server(
        provider,
        "incomingServer",
        "imap",
        host(record.imap_host),
        record.imap_port,
        record.imap_security,
        username,
        auth,
    )
    pop3 = _server(
        provider,
        "incomingServer",
        "pop3",
        host(record.pop3_host),
        record.pop3_port,
        record.pop3_security,
        username,
        auth,
    )
    pop3_options = ET.SubElement(pop3, "pop3")
    ET.SubElement(pop3_options, "leaveMessagesOnServer").text = "true"
    ET.SubElement(pop3_options, "downloadOnBiff").text = "true"
    ET.SubElement(pop3_options, "checkInterval", minutes=str(record.min_poll_minutes))
    _server(
        provider,
        "outgoingServer",
        "smtp",
        host(record.smtp_host),
        record.smtp_port,
        record.smtp_security,
        username,
        auth,
    )
    if enable:
        enable_element = ET.SubElement(provider, "enable", visiturl=enable.url)
        for lang, text in enable.descriptions.items():
            ET.SubElement(enable_element, "instruction", lang=lang).text = text
    if documentation:
        doc = ET.SubElement(provider, "documentation", url=documentation.url)
        for lang, text in documentation.descriptions.items():
            ET.SubElement(doc, "descr", lang=lang).text = text
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
