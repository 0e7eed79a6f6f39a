"""The Apple profile's signature: with a certificate configured (APPLE_PROFILE_SIGNING_CERT and
APPLE_PROFILE_SIGNING_KEY, PEM files; a chain in the certificate file after it), every profile is sent as
CMS SignedData with the profile inside (DER), which iPhones and Macs show as "Verified" when they trust the
certificate's issuer. Without one, profiles are sent unsigned, as before ("Not Verified").

The files are read once per process and again when they change (a renewed certificate). A configuration
that cannot be read is a system check error (`manage.py check --deploy`), not a failing download."""

from __future__ import annotations

import os
from functools import lru_cache

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.serialization import pkcs7
from django.conf import settings
from django.core import checks


class SigningUnavailable(Exception):
    pass


def configured() -> bool:
    return bool(settings.APPLE_PROFILE_SIGNING_CERT and settings.APPLE_PROFILE_SIGNING_KEY)


@lru_cache(maxsize=2)
def _signer(cert_path: str, key_path: str, _stamp: tuple):
    try:
        certificates = x509.load_pem_x509_certificates(open(cert_path, "rb").read())
        key = serialization.load_pem_private_key(open(key_path, "rb").read(), password=None)
    except (OSError, ValueError, TypeError) as error:
        raise SigningUnavailable(f"the profile signing certificate or key cannot be read: {error}") from error
    return certificates[0], key, certificates[1:]


def signer():
    cert_path, key_path = settings.APPLE_PROFILE_SIGNING_CERT, settings.APPLE_PROFILE_SIGNING_KEY
    try:
        stamp = (os.stat(cert_path).st_mtime_ns, os.stat(key_path).st_mtime_ns)
    except OSError as error:
        raise SigningUnavailable(f"the profile signing certificate or key cannot be read: {error}") from error
    return _signer(cert_path, key_path, stamp)


def signed(profile: bytes) -> bytes:
    """`profile` as SignedData (DER, the profile embedded), or as it is without a certificate configured."""
    if not configured():
        return profile
    certificate, key, chain = signer()
    builder = pkcs7.PKCS7SignatureBuilder().set_data(profile).add_signer(certificate, key, hashes.SHA256())
    for intermediate in chain:
        builder = builder.add_certificate(intermediate)
    return builder.sign(serialization.Encoding.DER, [pkcs7.PKCS7Options.Binary])


def check_signing(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    if not (settings.APPLE_PROFILE_SIGNING_CERT or settings.APPLE_PROFILE_SIGNING_KEY):
        return []
    if not configured():
        return [
            checks.Error(
                "APPLE_PROFILE_SIGNING_CERT and APPLE_PROFILE_SIGNING_KEY go together: set both or neither.",
                id="guides.E101",
            )
        ]
    try:
        signed(b"<plist/>")
    except (SigningUnavailable, ValueError, TypeError) as error:
        return [checks.Error(str(error), id="guides.E102")]
    return []
