"""Outlook Autodiscover, plain old XML: request schema 2006, response schema 2006a.

Errors are answered with HTTP 200 and an <Error> document. [MS-OXDSCLI] 3.2.5 says a server that
encounters an error SHOULD send an Autodiscover response with an Error element, and Microsoft's
"Handling Autodiscover error messages" tells clients that a non-200 status means the URL is not an
Autodiscover endpoint at all, to be skipped for the next candidate: with a 4xx, Outlook never reads the
error and goes on probing other URLs. Only a request that is not an Autodiscover POST (another
method) gets an HTTP error. Messages are English, the language of the protocol's own examples.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from xml.etree import ElementTree as ET

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from ...values import SSL, MailValues

REQUEST_NS = "http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006"
RESPONSE_NS = "http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006"
OUTLOOK_NS = "http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a"
MAX_REQUEST_BYTES = 16 * 1024


class AutodiscoverError(Exception):
    """A request we answer with an Autodiscover <Error> document (600: invalid request, 601: schema not
    supported, 500: address not found; 603, the server's own error: over the render budget)."""

    def __init__(self, code: int, message: str):
        super().__init__(message)
        self.code, self.message = code, message


TOO_LARGE = "Invalid Request: the request is too large."


def parse_request(body: bytes) -> str:
    """The e-mail address asked for. DTDs and entities are refused, never expanded."""
    if len(body) > MAX_REQUEST_BYTES:
        raise AutodiscoverError(600, TOO_LARGE)
    try:
        root = SafeET.fromstring(body, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    # LookupError: an encoding Python does not know (<?xml encoding="x-nonexistent"?>); UnicodeError: bytes
    # that are not in the declared one; ValueError: e.g. a codec that is not a text encoding (rot13, hex).
    except (DefusedXmlException, ET.ParseError, ValueError, LookupError, UnicodeError, TypeError):
        raise AutodiscoverError(600, "Invalid Request: the body is not acceptable XML.") from None
    if root.tag != f"{{{REQUEST_NS}}}Autodiscover":
        raise AutodiscoverError(600, "Invalid Request: not an Autodiscover request.")
    schema = root.findtext(f"{{{REQUEST_NS}}}Request/{{{REQUEST_NS}}}AcceptableResponseSchema", "").strip()
    if schema and schema != OUTLOOK_NS:
        raise AutodiscoverError(601, "Requested schema version not supported.")
    address = root.findtext(f"{{{REQUEST_NS}}}Request/{{{REQUEST_NS}}}EMailAddress", "")
    if not address.strip():
        raise AutodiscoverError(600, "Invalid Request: EMailAddress is missing.")
    return address


def _protocol(account, kind, server, login):
    protocol = ET.SubElement(account, "Protocol")
    ET.SubElement(protocol, "Type").text = kind
    ET.SubElement(protocol, "Server").text = server.host
    ET.SubElement(protocol, "Port").text = str(server.port)
    ET.SubElement(protocol, "DomainRequired").text = "off"
    ET.SubElement(protocol, "LoginName").text = login
    ET.SubElement(protocol, "SPA").text = "off"
    ET.SubElement(protocol, "SSL").text = "on"
    # Implicit TLS is "SSL"; STARTTLS is "TLS" (never TLS on an implicit-TLS port such as 993 or 465).
    ET.SubElement(protocol, "Encryption").text = "SSL" if server.security == SSL else "TLS"
    ET.SubElement(protocol, "AuthRequired").text = "on"
    if kind == "SMTP":
        ET.SubElement(protocol, "UsePOPAuth").text = "on"
        ET.SubElement(protocol, "SMTPLast").text = "off"
    return protocol


def settings_response(values: MailValues) -> bytes:
    root = ET.Element("Autodiscover", xmlns=RESPONSE_NS)
    response = ET.SubElement(root, "Response", xmlns=OUTLOOK_NS)
    user = ET.SubElement(response, "User")
    # The address Outlook asked about; never as DisplayName, which Outlook would take for the sender's name
    # (we do not know the reader's name: Outlook asks for it).
    ET.SubElement(user, "AutoDiscoverSMTPAddress").text = values.address
    account = ET.SubElement(response, "Account")
    ET.SubElement(account, "AccountType").text = "email"
    ET.SubElement(account, "Action").text = "settings"
    login = values.username.text
    _protocol(account, "IMAP", values.imap, login)
    _protocol(account, "POP3", values.pop3, login)
    for smtp in values.servers_of("smtp"):  # in preference order
        _protocol(account, "SMTP", smtp, login)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def error_response(error: AutodiscoverError) -> bytes:
    root = ET.Element("Autodiscover", xmlns=RESPONSE_NS)
    response = ET.SubElement(root, "Response")
    now = datetime.now(UTC)
    node = ET.SubElement(response, "Error", Time=now.strftime("%H:%M:%S.%f"), Id=str(uuid.uuid4().int % 10**10))
    ET.SubElement(node, "ErrorCode").text = str(error.code)
    ET.SubElement(node, "Message").text = error.message
    ET.SubElement(node, "DebugData")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
