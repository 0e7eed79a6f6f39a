"""Apple configuration profile for one address."""

import plistlib
import uuid

import pytest
import segno


def get_profile(client, **params):
    response = client.get("/mobileconfig/", params)
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/x-apple-aspen-config"
    return response, plistlib.loads(response.content)


def test_imap_profile_for_an_address(client, db):
    response, profile = get_profile(client, emailaddress="anna@inbox.lt")
    assert response["Content-Disposition"] == 'attachment; filename="anna-at-inbox.lt.mobileconfig"'
    assert profile["PayloadType"] == "Configuration"
    (mail,) = profile["PayloadContent"]
    assert mail["PayloadType"] == "com.apple.mail.managed"
    assert mail["EmailAccountType"] == "EmailTypeIMAP"
    assert mail["EmailAddress"] == "anna@inbox.lt"
    assert (mail["IncomingMailServerHostName"], mail["IncomingMailServerPortNumber"]) == ("mail.inbox.lt", 993)
    assert (mail["OutgoingMailServerHostName"], mail["OutgoingMailServerPortNumber"]) == ("mail.inbox.lt", 587)
    assert mail["IncomingMailServerUseSSL"] and mail["OutgoingMailServerUseSSL"]
    assert mail["IncomingMailServerUsername"] == mail["OutgoingMailServerUsername"] == "anna@inbox.lt"
    assert not any("Password" in key and key != "OutgoingPasswordSameAsIncomingPassword" for key in mail)


def test_pop3_on_request(client, db):
    _response, profile = get_profile(client, emailaddress="anna@inbox.lv", protocol="pop3")
    (mail,) = profile["PayloadContent"]
    assert mail["EmailAccountType"] == "EmailTypePOP"
    assert mail["IncomingMailServerPortNumber"] == 995


def test_the_name_given_on_the_form_is_the_accounts_sender_name(client, db):
    _r, named = get_profile(client, emailaddress="anna@inbox.lv", name="  Anna\tBērziņa \x07")
    _r, unnamed = get_profile(client, emailaddress="anna@inbox.lv")
    assert named["PayloadContent"][0]["EmailAccountName"] == "Anna Bērziņa"
    assert "EmailAccountName" not in unnamed["PayloadContent"][0]
    assert uuids(named) == uuids(unnamed)  # naming the account later updates it in place
    response = client.get(
        "/mobileconfig/", {"emailaddress": "anna@inbox.lv", "name": "x" * 101}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400 and "at most 100 characters" in response.content.decode()


def test_the_qr_code_page_keeps_the_name(client, db):
    response = client.get("/mobileconfig/qr/", {"emailaddress": "anna@inbox.lv", "name": "Anna B"})
    assert response.status_code == 200 and "name=Anna+B" in response.content.decode()


def uuids(profile):
    return profile["PayloadUUID"], profile["PayloadContent"][0]["PayloadUUID"]


def test_a_second_download_has_the_same_identifiers_and_uuids_so_ios_updates_in_place(client, db):
    _r, first = get_profile(client, emailaddress="anna@inbox.lv")
    _r, second = get_profile(client, emailaddress="ANNA@inbox.lv")
    _r, other = get_profile(client, emailaddress="berta@inbox.lv")
    _r, pop3 = get_profile(client, emailaddress="anna@inbox.lv", protocol="pop3")
    assert first["PayloadIdentifier"] == second["PayloadIdentifier"] != other["PayloadIdentifier"]
    assert uuids(first) == uuids(second)
    assert len({*uuids(first), *uuids(other), *uuids(pop3)}) == 6  # another address or account type: new
    for value in uuids(first):
        assert str(uuid.UUID(value)).upper() == value


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"emailaddress": ""},
        {"emailaddress": "anna"},
        {"emailaddress": "anna@gmail.com"},
        {"emailaddress": "anna@inbox.lv", "protocol": "exchange"},
    ],
)
def test_missing_malformed_or_unserved_address_is_a_clear_400(client, db, params):
    response = client.get("/mobileconfig/", params)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    assert len(response.content.decode().strip()) > 10


def test_iphone_guide_offers_the_profile_form_that_works_without_javascript(client, db):
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(client.get("/en/iphone-ipad-mail/").content, "html.parser")
    form = soup.select_one("#install-profile form")
    assert form["method"] == "get" and form["action"] == "/mobileconfig/"
    assert form.select_one("input[name=emailaddress][type=email]")["id"] == form.select_one("label")["for"]
    qr_button = form.select_one("button[formaction]")
    assert qr_button["formaction"] == "/mobileconfig/qr/"
    # Submitting the form as a browser would: both buttons lead to a working answer.
    assert client.get(form["action"], {"emailaddress": "anna@inbox.eu", "protocol": "imap"}).status_code == 200
    qr_page = client.get(qr_button["formaction"], {"emailaddress": "anna@inbox.eu", "protocol": "pop3"})
    assert qr_page.status_code == 200
    qr = BeautifulSoup(qr_page.content, "html.parser")
    assert qr.select_one("figure.qr svg path")
    link = qr.select_one("main a[href*='mobileconfig']")["href"]
    assert link == "http://testserver/mobileconfig/?emailaddress=anna%40inbox.eu&protocol=pop3"
    # The code encodes exactly that link (the same drawing as a fresh encoding of it).
    fresh = BeautifulSoup(segno.make(link, error="m").svg_inline(scale=5), "html.parser")
    assert qr.select_one("figure.qr svg path")["d"] == fresh.select_one("path")["d"]
    # Other guides do not offer it.
    assert b"install-profile" not in client.get("/en/outlook-2010-imap/").content


def test_a_plus_in_the_address_survives_unencoded(client, db):
    response = client.get("/mobileconfig/?emailaddress=anna+news@inbox.lv&protocol=imap")
    assert response.status_code == 200
    (mail,) = plistlib.loads(response.content)["PayloadContent"]
    assert mail["EmailAddress"] == mail["IncomingMailServerUsername"] == "anna+news@inbox.lv"
