"""Apple profiles signed with a configured certificate (guides/mail/signing.py): iPhones and Macs then show
them as verified. The test makes its own certificate authority and signing certificate."""

import datetime
import plistlib
import subprocess

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from guides.mail import signing


def certificate(subject, issuer_key, key, issuer=None, ca=False):
    now = datetime.datetime.now(datetime.UTC)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)])
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(issuer or name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .sign(issuer_key, hashes.SHA256())
    )


@pytest.fixture
def signing_files(tmp_path, settings):
    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca = certificate("Test profile CA", ca_key, ca_key, ca=True)
    signer = certificate("help.inbox.lv profiles", ca_key, key, issuer=ca.subject)
    pem = serialization.Encoding.PEM
    (tmp_path / "ca.pem").write_bytes(ca.public_bytes(pem))
    (tmp_path / "cert.pem").write_bytes(signer.public_bytes(pem) + ca.public_bytes(pem))  # the chain after it
    (tmp_path / "key.pem").write_bytes(
        key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    settings.APPLE_PROFILE_SIGNING_CERT = str(tmp_path / "cert.pem")
    settings.APPLE_PROFILE_SIGNING_KEY = str(tmp_path / "key.pem")
    return tmp_path


def test_a_profile_is_signed_by_the_configured_certificate_and_holds_the_profile(client, db, signing_files, settings):
    response = client.get("/mobileconfig/", {"emailaddress": "anna@inbox.lv"})
    assert response.status_code == 200 and response["Content-Type"] == "application/x-apple-aspen-config"
    (signing_files / "profile.der").write_bytes(response.content)
    verified = subprocess.run(
        ["openssl", "cms", "-verify", "-inform", "DER", "-in", str(signing_files / "profile.der"), "-binary"]
        + ["-CAfile", str(signing_files / "ca.pem"), "-purpose", "any"],
        capture_output=True,
        check=True,
    )
    profile = plistlib.loads(verified.stdout)
    assert profile["PayloadContent"][0]["EmailAddress"] == "anna@inbox.lv"
    settings.APPLE_PROFILE_SIGNING_CERT = settings.APPLE_PROFILE_SIGNING_KEY = ""
    unsigned = client.get("/mobileconfig/", {"emailaddress": "anna@inbox.lv"}).content
    assert unsigned == verified.stdout  # the same profile, signed or not


def test_a_signing_configuration_that_cannot_be_read_fails_the_system_check(db, signing_files, settings):
    call_command("check")
    (signing_files / "key.pem").write_text("not a key")
    with pytest.raises(SystemCheckError, match="cannot be read"):
        call_command("check")
    settings.APPLE_PROFILE_SIGNING_KEY = ""
    with pytest.raises(SystemCheckError, match="set both or neither"):
        call_command("check")
    assert signing.signed(b"x") == b"x"  # a certificate without its key: sent unsigned (and the check says why)
