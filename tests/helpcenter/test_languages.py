"""Language routing: prefixes, the redirect from /, the switcher and hreflang links."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.staticfiles import finders

from tests.helpers import LANGUAGES


@pytest.mark.parametrize(
    "accept, expected",
    [
        ("en-US,en;q=0.9", "/en/"),
        ("ru", "/ru/"),
        ("lt-LT", "/lt/"),
        ("lv", "/lv/"),
        ("de-DE,fr;q=0.5", "/lv/"),
        (None, "/lv/"),
    ],
)
def test_root_redirects_by_accept_language(client, db, accept, expected):
    headers = {"HTTP_ACCEPT_LANGUAGE": accept} if accept else {}
    response = client.get("/", **headers)
    assert response.status_code == 302
    assert response["Location"] == expected


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_language_serves_the_index_in_that_language(client, db, lang):
    response = client.get(f"/{lang}/")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.html["lang"] == lang


def test_latvian_and_english_guide_texts_differ(client, guide):
    lv = BeautifulSoup(client.get(f"/lv/{guide.slug}/").content, "html.parser")
    en = BeautifulSoup(client.get(f"/en/{guide.slug}/").content, "html.parser")
    assert lv.h1.get_text() == "Microsoft Outlook 2010: IMAP iestatīšana"
    assert en.h1.get_text() == "Microsoft Outlook 2010: setting up IMAP"
    assert "Atveriet pasta programmu Microsoft Outlook." in lv.get_text()
    assert "Open Microsoft Outlook." in en.get_text()
    # Interface strings are translated too.
    assert en.select_one(".skip-link").get_text() != lv.select_one(".skip-link").get_text()


def test_missing_translation_falls_back_to_english_then_latvian(client, guide):
    guide.title_ru = ""
    guide.save()
    step = guide.steps.filter(kind="action").order_by("sort_order").first()
    step.text_ru, step.text_en = "", ""
    step.save()
    ru = BeautifulSoup(client.get(f"/ru/{guide.slug}/").content, "html.parser")
    assert ru.h1.get_text() == guide.title_en
    assert step.text_lv in ru.get_text()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_switcher_keeps_the_reader_on_the_same_page(client, guide, lang):
    soup = BeautifulSoup(client.get(f"/{lang}/{guide.slug}/").content, "html.parser")
    links = {a["hreflang"]: a for a in soup.select("nav.languages a")}
    assert set(links) == set(LANGUAGES)
    assert links[lang].get("aria-current") == "true"
    for other, link in links.items():
        assert link["href"] == f"/{other}/{guide.slug}/"
        followed = client.get(link["href"])
        assert followed.status_code == 200
        assert BeautifulSoup(followed.content, "html.parser").html["lang"] == other
    alternates = {link["hreflang"]: link["href"] for link in soup.select('link[rel="alternate"]')}
    assert alternates == {
        **{other: f"http://testserver/{other}/{guide.slug}/" for other in LANGUAGES},
        "x-default": f"http://testserver/lv/{guide.slug}/",
    }


def test_unknown_page_is_404_in_the_language(client, db):
    assert client.get("/en/no-such-guide/").status_code == 404


def test_each_language_is_named_as_it_names_itself_in_the_switcher(client, db):
    soup = BeautifulSoup(client.get("/ru/").content, "html.parser")
    names = {a["hreflang"]: a.get_text(strip=True) for a in soup.select("nav.languages a")}
    assert names == {"lv": "Latviešu", "en": "English", "ru": "Русский", "lt": "Lietuvių"}
    assert all(a["lang"] == a["hreflang"] for a in soup.select("nav.languages a"))  # read in its own language


def test_every_page_names_its_icon_and_the_icon_is_served(client, db):
    soup = BeautifulSoup(client.get("/lv/").content, "html.parser")
    icon = soup.select_one('link[rel="icon"]')
    assert icon["href"].endswith(".svg")
    assert finders.find("img/favicon.svg")
