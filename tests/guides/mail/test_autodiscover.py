"""Outlook Autodiscover (POX): settings for served addresses, error documents for everything else."""

import pytest
from lxml import etree

REQUEST = """<?xml version="1.0" encoding="utf-8"?>
<Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006">
  <Request>
    <EMailAddress>{address}</EMailAddress>
    <AcceptableResponseSchema>{schema}</AcceptableResponseSchema>
  </Request>
</Autodiscover>"""
OUTLOOK = "http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a"
RESPONSE = "http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006"
NS = {"a": RESPONSE, "o": OUTLOOK}


def post(client, body, path="/autodiscover/autodiscover.xml", **headers):
    if isinstance(body, str):
        body = body.encode()
    return client.post(path, data=body, content_type="text/xml", **headers)


def request_for(address, schema=OUTLOOK):
    return REQUEST.format(address=address, schema=schema)


def protocols(response):
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"].startswith("application/xml")
    doc = etree.fromstring(response.content)
    assert doc.tag == f"{{{RESPONSE}}}Autodiscover"
    account = doc.find("o:Response/o:Account", NS)
    assert account.findtext("o:AccountType", namespaces=NS) == "email"
    assert account.findtext("o:Action", namespaces=NS) == "settings"
    found = {}
    for protocol in account.findall("o:Protocol", NS):
        found.setdefault(protocol.findtext("o:Type", namespaces=NS), []).append(protocol)
    return found


def field(protocol, name):
    return protocol.findtext(f"o:{name}", namespaces=NS)


def error_code(response):
    doc = etree.fromstring(response.content)  # must be well-formed
    assert doc.tag == f"{{{RESPONSE}}}Autodiscover"
    return doc.findtext("a:Response/a:Error/a:ErrorCode", namespaces=NS)


@pytest.mark.parametrize(
    "path", ["/autodiscover/autodiscover.xml", "/Autodiscover/Autodiscover.xml", "/AUTODISCOVER/AUTODISCOVER.XML"]
)
def test_settings_for_a_served_address_on_any_path_case(client, db, path):
    found = protocols(post(client, request_for("anna@inbox.lt"), path))
    expected = {
        "IMAP": [("993", "SSL")],
        "POP3": [("995", "SSL")],
        "SMTP": [("587", "TLS"), ("465", "SSL"), ("25", "TLS")],  # STARTTLS port first, then SSL, then the other
    }
    assert {kind: [(field(p, "Port"), field(p, "Encryption")) for p in found[kind]] for kind in found} == expected
    for protocol in sum(found.values(), []):
        assert field(protocol, "Server") == "mail.inbox.lt"
        assert field(protocol, "SSL") == "on"
        assert field(protocol, "SPA") == "off"
        assert field(protocol, "AuthRequired") == "on"
        assert field(protocol, "LoginName") == "anna@inbox.lt"


def test_never_tls_on_an_implicit_tls_port(client, record):
    record.smtp_port, record.smtp_security = 465, "ssl"
    record.smtp_ssl_port = 2465
    record.save()
    found = protocols(post(client, request_for("anna@inbox.lv")))
    smtp = [(field(p, "Port"), field(p, "Encryption")) for p in found["SMTP"]]
    assert smtp == [("465", "SSL"), ("2465", "SSL"), ("25", "SSL")]
    assert [(field(p, "Port"), field(p, "Encryption")) for p in found["IMAP"]] == [("993", "SSL")]


XXE = """<?xml version="1.0"?>
<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006">
<Request><EMailAddress>&xxe;</EMailAddress></Request></Autodiscover>"""
LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
    + ']><Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006">'
    "<Request><EMailAddress>&lol9;@inbox.lv</EMailAddress></Request></Autodiscover>"
)


@pytest.mark.parametrize(
    "body, code",
    [
        ("<Autodiscover><Request>", "600"),
        ("not xml at all", "600"),
        ("", "600"),
        (XXE, "600"),
        (LAUGHS, "600"),
        (request_for(""), "600"),
        (request_for("no-at-sign"), "600"),
        (request_for("anna@gmail.com"), "500"),
        (request_for("anna@inbox.lv", schema="http://example.com/other"), "601"),
        ("<Other xmlns='urn:x'/>", "600"),
        (request_for("anna@inbox.lv").replace("<Request>", "<Request>" + "<X>y</X>" * 5000), "600"),
        ('<?xml version="1.0" encoding="x-nonexistent"?><a/>', "600"),
        ('<?xml version="1.0" encoding="rot13"?><a/>', "600"),
        ('<?xml version="1.0" encoding="base64"?><a/>', "600"),
        ('<?xml version="1.0" encoding="hex"?><a/>', "600"),
        ('<?xml version="1.0" encoding="zlib"?><a/>', "600"),
        ("x" * (3 * 1024 * 1024), "600"),  # over Django's 2.5 MB body limit
    ],
    ids=[
        "truncated",
        "text",
        "empty",
        "xxe",
        "billion-laughs",
        "no-address",
        "bad-address",
        "unserved",
        "other-schema",
        "other-root",
        "oversized",
        "unknown-encoding",
        "rot13",
        "base64",
        "hex",
        "zlib",
        "huge",
    ],
)
def test_bad_requests_get_a_well_formed_error_document_with_http_200(client, db, body, code):
    """HTTP 200: Outlook reads an Autodiscover error only in a 200 response (formats/autodiscover.py)."""
    response = post(client, body)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    assert error_code(response) == code
    assert b"root:" not in response.content and b"lollol" not in response.content


def test_get_is_refused_without_a_server_error(client, db):
    assert client.get("/autodiscover/autodiscover.xml").status_code == 405


def test_an_invalid_address_is_explained_in_english_whatever_language_is_asked_for(client, db):
    response = post(client, request_for("no-at-sign"), HTTP_ACCEPT_LANGUAGE="lv")
    message = etree.fromstring(response.content).findtext(".//{*}Message")
    assert message.startswith("Invalid Request: ") and "@" in message
    assert message.isascii()


def test_an_idn_address_is_read_in_its_ascii_form(client, record):
    record.domains = "inbox.lv\nxn--pt-dla.lv"  # pāt.lv
    record.save()
    found = protocols(post(client, request_for("anna@PĀT.lv")))
    assert {field(p, "Server") for p in sum(found.values(), [])} == {"mail.xn--pt-dla.lv"}
    assert {field(p, "LoginName") for p in sum(found.values(), [])} == {"anna@xn--pt-dla.lv"}


def test_the_address_is_never_offered_as_the_readers_name(client, db):
    """Outlook fills the sender's name from DisplayName: an address there became the name on sent mail."""
    doc = etree.fromstring(post(client, request_for("anna@inbox.lv")).content)
    user = doc.find("o:Response/o:User", NS)
    assert user.find("o:DisplayName", NS) is None
    assert user.findtext("o:AutoDiscoverSMTPAddress", namespaces=NS) == "anna@inbox.lv"


@pytest.mark.parametrize("address", ["anna@inbox.lv ", " anna@inbox.lv", "anna@inbox.lv\n", "anna@inbox.lv\t"])
def test_an_address_with_white_space_around_it_gets_the_invalid_request_error(client, db, address):
    assert error_code(post(client, request_for(address))) == "600"
