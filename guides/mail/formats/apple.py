"""Apple configuration profile with one com.apple.mail.managed payload (no password inside)."""

from __future__ import annotations

import hashlib
import plistlib
import re
import uuid

from ..values import MailValues

ACCOUNT_TYPES = {"imap": "EmailTypeIMAP", "pop3": "EmailTypePOP"}


def profile_identifier(prefix: str, address: str) -> str:
    """Stable for one address, so installing again replaces the old profile instead of adding one."""
    digest = hashlib.sha256(address.lower().encode()).hexdigest()[:20]
    return f"{prefix}.{digest}"


def filename(address: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", address.replace("@", "-at-")).strip("-.")[:80] + ".mobileconfig"


def profile(values: MailValues, protocol: str, identifier_prefix: str, texts: dict[str, str]) -> bytes:
    incoming = values.imap if protocol == "imap" else values.pop3
    smtp = values.smtp
    username = values.username.text
    identifier = profile_identifier(identifier_prefix, values.address)
    mail = {
        "PayloadType": "com.apple.mail.managed",
        "PayloadVersion": 1,
        "PayloadIdentifier": f"{identifier}.mail",
        "PayloadUUID": str(uuid.uuid4()).upper(),
        "PayloadDisplayName": texts["account"],
        "EmailAccountDescription": texts["account"],
        "EmailAccountType": ACCOUNT_TYPES[protocol],
        "EmailAddress": values.address,
        "IncomingMailServerAuthentication": "EmailAuthPassword",
        "IncomingMailServerHostName": incoming.host,
        "IncomingMailServerPortNumber": incoming.port,
        "IncomingMailServerUseSSL": True,
        "IncomingMailServerUsername": username,
        "OutgoingMailServerAuthentication": "EmailAuthPassword",
        "OutgoingMailServerHostName": smtp.host,
        "OutgoingMailServerPortNumber": smtp.port,
        "OutgoingMailServerUseSSL": True,
        "OutgoingMailServerUsername": username,
        "OutgoingPasswordSameAsIncomingPassword": True,
        "PreventMove": False,
        "SMIMEEnabled": False,
    }
    document = {
        "PayloadType": "Configuration",
        "PayloadVersion": 1,
        "PayloadIdentifier": identifier,
        "PayloadUUID": str(uuid.uuid4()).upper(),
        "PayloadDisplayName": texts["profile"],
        "PayloadDescription": texts["description"],
        "PayloadOrganization": values.provider_name,
        "PayloadRemovalDisallowed": False,
        "PayloadContent": [mail],
    }
    return plistlib.dumps(document, fmt=plistlib.FMT_XML)
