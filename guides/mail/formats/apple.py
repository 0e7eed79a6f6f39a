"""Apple configuration profile with one com.apple.mail.managed payload (no password inside)."""

from __future__ import annotations

import hashlib
import plistlib
import re
import uuid

from ...values import MailValues

ACCOUNT_TYPES = {"imap": "EmailTypeIMAP", "pop3": "EmailTypePOP"}
MAX_NAME_LENGTH = 100
# Namespace of this help center's payload UUIDs (uuid5): fixed, so the same profile gets the same UUIDs.
UUID_NAMESPACE = uuid.UUID("b82f03f3-960e-4a51-a157-e891434c5faf")


def profile_identifier(prefix: str, address: str) -> str:
    """Stable for one address, so installing again replaces the old profile instead of adding one."""
    digest = hashlib.sha256(address.lower().encode()).hexdigest()[:20]
    return f"{prefix}.{digest}"


def payload_uuid(identifier: str, protocol: str) -> str:
    """The same for every download of one address's profile with one protocol: iOS updates an installed
    payload in place only when its identifier and UUID both match, instead of replacing the account
    (and, with POP3, the mail kept on the phone). Another protocol is another account, so another UUID."""
    return str(uuid.uuid5(UUID_NAMESPACE, f"{identifier}|{protocol}")).upper()


def filename(address: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", address.replace("@", "-at-")).strip("-.")[:80] + ".mobileconfig"


def profile(values: MailValues, protocol: str, identifier_prefix: str, texts: dict[str, str], name: str = "") -> bytes:
    """The profile; `name`, when given, is the sender name iOS shows to the people the reader writes to."""
    incoming = values.imap if protocol == "imap" else values.pop3
    smtp = values.smtp
    username = values.username.text
    identifier = profile_identifier(identifier_prefix, values.address)
    mail = {
        "PayloadType": "com.apple.mail.managed",
        "PayloadVersion": 1,
        "PayloadIdentifier": f"{identifier}.mail",
        "PayloadUUID": payload_uuid(f"{identifier}.mail", protocol),
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
        **({"EmailAccountName": name} if name else {}),
        "PreventMove": False,
        "SMIMEEnabled": False,
    }
    document = {
        "PayloadType": "Configuration",
        "PayloadVersion": 1,
        "PayloadIdentifier": identifier,
        "PayloadUUID": payload_uuid(identifier, protocol),
        "PayloadDisplayName": texts["profile"],
        "PayloadDescription": texts["description"],
        "PayloadOrganization": values.provider_name,
        "PayloadRemovalDisallowed": False,
        "PayloadContent": [mail],
    }
    return plistlib.dumps(document, fmt=plistlib.FMT_XML)
