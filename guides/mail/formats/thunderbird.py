"""Thunderbird autoconfig (clientConfig 1.1, the IETF mailmaint autoconfig draft)."""

from __future__ import annotations

from dataclasses import dataclass
from xml.etree import ElementTree as ET

from ...values import SSL, STARTTLS, MailValues, Server

SOCKET_TYPES = {SSL: "SSL", STARTTLS: "STARTTLS"}
AUTHENTICATION = {"password": "password-cleartext"}


@dataclass(frozen=True)
class Link:
    url: str
    descriptions: dict[str, str]  # language -> text


def _server(parent, tag, server: Server, username, auth):
    element = ET.SubElement(parent, tag, type=server.protocol)
    ET.SubElement(element, "hostname").text = server.host
    ET.SubElement(element, "port").text = str(server.port)
    ET.SubElement(element, "socketType").text = SOCKET_TYPES[server.security]
    ET.SubElement(element, "authentication").text = auth
    ET.SubElement(element, "username").text = username
    return element


def client_config(values: MailValues, documentation: Link | None, enable: Link | None) -> bytes:
    """The document for one reader, or for any reader when `values` holds Thunderbird's own
    placeholders (MailValues.for_mail_program)."""
    username = values.username.text
    auth = AUTHENTICATION[values.authentication]

    root = ET.Element("clientConfig", version="1.1")
    provider = ET.SubElement(root, "emailProvider", id=values.domains[0])
    for domain in values.domains:
        ET.SubElement(provider, "domain").text = domain
    ET.SubElement(provider, "displayName").text = values.provider_name
    ET.SubElement(provider, "displayShortName").text = values.provider_name
    _server(provider, "incomingServer", values.imap, username, auth)
    pop3 = _server(provider, "incomingServer", values.pop3, username, auth)
    pop3_options = ET.SubElement(pop3, "pop3")
    ET.SubElement(pop3_options, "leaveMessagesOnServer").text = "true"
    ET.SubElement(pop3_options, "downloadOnBiff").text = "true"
    ET.SubElement(pop3_options, "checkInterval", minutes=values.value("rules.poll_minutes").text)
    for smtp in values.servers_of("smtp"):  # in preference order; Thunderbird falls back to the next
        _server(provider, "outgoingServer", smtp, username, auth)
    if enable:
        enable_element = ET.SubElement(provider, "enable", visiturl=enable.url)
        for lang, text in enable.descriptions.items():
            ET.SubElement(enable_element, "instruction", lang=lang).text = text
    if documentation:
        doc = ET.SubElement(provider, "documentation", url=documentation.url)
        for lang, text in documentation.descriptions.items():
            ET.SubElement(doc, "descr", lang=lang).text = text
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
