"""Hostile addresses at every mail-program endpoint: a well-formed document or a clear 4xx, never a 500."""

import plistlib
from urllib.parse import quote

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

HOSTILE = [
    "a<b@inbox.lv",
    "a&b@inbox.lv",
    'a"b@inbox.lv',
    "]]>@inbox.lv",
    "a]]>b@inbox.lv",
    "jānis@inbox.lv",
    "anna@inbox.lv" + "x" * 10_000,
    "x" * 10_000,
    "no-at-sign",
    "a@b@inbox.lv",
    "@inbox.lv",
    "anna@",
    "anna@inbox.lv\x00",
    "anna@inbox.lv\n<x>",
    "<script>@inbox.lv",
    "anna@ïnbox.lv",
    "\ud800@inbox.lv",
]
AUTODISCOVER = (
    '<?xml version="1.0" encoding="utf-8"?>'
    '<Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006">'
    "<Request><EMailAddress>{}</EMailAddress></Request></Autodiscover>"
)


def xml_escape(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def check_all_endpoints(client, address):
    encoded = quote(address.encode("utf-8", "surrogatepass"), safe="")
    for url in ("/mail/config-v1.1.xml", "/.well-known/autoconfig/mail/config-v1.1.xml"):
        response = client.get(f"{url}?emailaddress={encoded}")
        assert response.status_code in (200, 400, 404), (url, address[:50], response.status_code)
        if response.status_code == 200:
            etree.fromstring(response.content)
    response = client.get(f"/mobileconfig/?emailaddress={encoded}")
    assert response.status_code in (200, 400), (address[:50], response.status_code)
    if response.status_code == 200:
        plistlib.loads(response.content)
    response = client.get(f"/mobileconfig/qr/?emailaddress={encoded}")
    assert response.status_code in (200, 400)
    body = AUTODISCOVER.format(xml_escape(address)).encode("utf-8", "surrogatepass")
    response = client.post("/autodiscover/autodiscover.xml", data=body, content_type="text/xml")
    assert response.status_code in (200, 400, 404, 413), (address[:50], response.status_code)
    etree.fromstring(response.content)  # settings or an error document, always well-formed


@pytest.mark.parametrize("address", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_addresses(client, db, address):
    check_all_endpoints(client, address)


def test_special_characters_that_are_valid_are_escaped_not_refused(client, db):
    response = client.get("/mail/config-v1.1.xml", {"emailaddress": "a&b'c@inbox.lv"})
    doc = etree.fromstring(response.content)
    assert doc.find(".//username").text == "a&b'c@inbox.lv"
    profile = plistlib.loads(client.get("/mobileconfig/", {"emailaddress": "a&b@inbox.lv"}).content)
    assert profile["PayloadContent"][0]["EmailAddress"] == "a&b@inbox.lv"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    address=st.one_of(
        st.emails(),
        st.text(max_size=80),
        st.builds(lambda local: f"{local}@inbox.lv", st.text(min_size=1, max_size=40)),
    )
)
def test_any_address_gets_a_document_or_a_clear_4xx(db, address):
    check_all_endpoints(Client(), address)
