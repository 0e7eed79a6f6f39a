"""Links that last (guides/links/): stable keys at /go/<key> and the old help site's addresses in the wild,
each a 302 to the right page in the reader's language. The two contracts below are frozen: they list every
shipped key and every old address the research names, with where each lands; changing a target fails them."""

import io

import pytest
from bs4 import BeautifulSoup
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from wagtail.models import Page

from guides.content import link_problems, read_links, section_ids
from guides.models import StableLink
from helpcenter.page_cache import policy, store
from helpcenter.page_cache.replay import entry_of
from tests.helpcenter.test_page_cache_defences import call_front, wsgi_environ
from tests.helpers import logged_in, user_in

LANGUAGES = ["lv", "en", "ru", "lt"]

# key -> where it lands, {lang} standing for each language ------------------------------------------------
KEYS = {
    # the notice sent when access is switched off, one key per reason it names (README "Links that last")
    "access-off": "/{lang}/access-switched-off/",
    "access-off-sending-limit": "/{lang}/sending-limits/",
    "access-off-spam": "/{lang}/account-abused/",
    "access-off-inactive": "/{lang}/limits/#section-4",
    "access-off-pop3-unused": "/{lang}/limits/#section-4",
    "access-off-too-many-connections": "/{lang}/checks-too-often/",
    "enable-access": "/{lang}/enable-access/",
    "settings": "/{lang}/settings/",
    "help": "/{lang}/",
    "troubleshooting": "/{lang}/troubleshooting/",
    # topics
    "access": "/{lang}/access/",
    "computers": "/{lang}/computers/",
    "phones": "/{lang}/phones/",
    "rules": "/{lang}/rules/",
    # guides
    "iphone-ipad-mail": "/{lang}/iphone-ipad-mail/",
    "outlook-2010-imap": "/{lang}/outlook-2010-imap/",
    "outlook-2013-imap": "/{lang}/outlook-2013-imap/",
    "outlook-2016-365-imap": "/{lang}/outlook-2016-365-imap/",
    "android-gmail-samsung": "/{lang}/android-gmail-samsung/",
    "thunderbird-android": "/{lang}/thunderbird-android/",
    "mac-mail": "/{lang}/mac-mail/",
    "outlook-pop3": "/{lang}/outlook-pop3/",
    "thunderbird-imap": "/{lang}/thunderbird-imap/",
    "windows-live-mail-imap": "/{lang}/windows-live-mail-imap/",
    # articles
    "access-switched-off": "/{lang}/access-switched-off/",
    "limits": "/{lang}/limits/",
    "mail-programs": "/{lang}/mail-programs/",
    "mailbox-password": "/{lang}/mailbox-password/",
    "windows-mail-stopped": "/{lang}/windows-mail-stopped/",
    "ports-encryption": "/{lang}/ports-encryption/",
    # problems
    "cannot-connect": "/{lang}/cannot-connect/",
    "connection-dropped": "/{lang}/connection-dropped/",
    "login-rejected": "/{lang}/login-rejected/",
    "mail-on-one-device-only": "/{lang}/mail-on-one-device-only/",
    "messages-missing-from-web": "/{lang}/messages-missing-from-web/",
    "password-stopped-working": "/{lang}/password-stopped-working/",
    "secure-connection-failed": "/{lang}/secure-connection-failed/",
    "sending-blocked": "/{lang}/sending-blocked/",
    "sending-refused": "/{lang}/sending-refused/",
    "thunderbird-finds-no-settings": "/{lang}/thunderbird-finds-no-settings/",
    # causes
    "access-is-off": "/{lang}/access-is-off/",
    "account-abused": "/{lang}/account-abused/",
    "checks-too-often": "/{lang}/checks-too-often/",
    "leave-on-server": "/{lang}/leave-on-server/",
    "not-full-address": "/{lang}/not-full-address/",
    "not-generated-password": "/{lang}/not-generated-password/",
    "pop3-two-devices": "/{lang}/pop3-two-devices/",
    "sending-limits": "/{lang}/sending-limits/",
    "settings-not-found": "/{lang}/settings-not-found/",
    "smtp-auth-off": "/{lang}/smtp-auth-off/",
    "wrong-server-settings": "/{lang}/wrong-server-settings/",
}

# the old site's address -> where it lands; `?language=` (or `&language=`) is added for each language ----
OLD_SITE = {
    # the public Thunderbird ISPDB entry for inbox.lv
    "/?keyword=email_clients_settings": "/{lang}/settings/",
    "/?keyword=email_clients_access": "/{lang}/enable-access/",
    # "Pop3/imap access periodically shut down"
    "/category/10200/question/10755": "/{lang}/access-switched-off/",
    "/index.php/category/10200/question/10755": "/{lang}/access-switched-off/",
    # the password for mail programs
    "/category/10200/question/10473": "/{lang}/enable-access/",
    # the terms of service, which the help center does not hold
    "/index.php/category/10023/question/10133": "/{lang}/",
    "/category/10200": "/{lang}/",
    "/feedback/questions?category=278": "/{lang}/",
    "/index.php/tag/imap": "/{lang}/access/",
    "/tag/imap": "/{lang}/access/",
    # numbers the map does not know: the help index; a question unknown in a known category: the category's
    "/category/10200/question/99999": "/{lang}/",
    "/category/1/question/2": "/{lang}/",
    "/index.php/category/77": "/{lang}/",
    "/category/not-a-number/question/x": "/{lang}/",
    "/feedback/questions?category=999": "/{lang}/",
    "/feedback/questions": "/{lang}/",
    # a keyword or tag the map does not know: search for its words
    "/?keyword=files_disclaimer": "/{lang}/search/?q=files+disclaimer",
    "/tag/outlook": "/{lang}/search/?q=outlook",
}


def landing(response) -> str:
    assert response.status_code == 302, (response.status_code, response.content[:200])
    return response["Location"]


def with_language(url: str, parameter: str, lang: str) -> str:
    return f"{url}{'&' if '?' in url else '?'}{parameter}={lang}"


@pytest.fixture
def reader():
    return Client()


# the frozen contracts -------------------------------------------------------------------------------------
def test_the_shipped_keys_are_the_contract(db):
    assert sorted(StableLink.objects.values_list("key", flat=True)) == sorted(KEYS)
    assert sorted(link["key"] for link in read_links()) == sorted(KEYS)


@pytest.mark.parametrize("key", sorted(KEYS))
def test_every_key_lands_on_its_page_in_each_language(reader, db, key):
    for lang in LANGUAGES:
        assert landing(reader.get(f"/go/{key}?lang={lang}")) == KEYS[key].format(lang=lang), lang


@pytest.mark.parametrize("url", sorted(OLD_SITE))
def test_every_old_address_lands_on_its_page_in_each_language(reader, db, url):
    for lang in LANGUAGES:
        assert landing(reader.get(with_language(url, "language", lang))) == OLD_SITE[url].format(lang=lang), lang
    # without ?language=: the browser's language, else Latvian
    assert landing(reader.get(url, HTTP_ACCEPT_LANGUAGE="ru")) == OLD_SITE[url].format(lang="ru")
    assert landing(reader.get(url)) == OLD_SITE[url].format(lang="lv")


def test_the_places_keys_name_are_on_their_pages(reader, db):
    """An anchor is an id of the page as it renders: the reasons' section says what it is about."""
    page = BeautifulSoup(reader.get("/en/limits/").content, "html.parser")
    assert page.find(id="section-4").get_text(strip=True) == "When POP3 access is closed"
    for key, target in KEYS.items():
        if "#" in target:
            path, anchor = target.format(lang="ru").split("#")
            assert BeautifulSoup(reader.get(path).content, "html.parser").find(id=anchor), key


def test_every_landing_page_is_there(reader, db):
    for target in {*KEYS.values(), *OLD_SITE.values()}:
        for lang in LANGUAGES:
            assert reader.get(target.format(lang=lang).split("#")[0]).status_code == 200, (target, lang)


# the reader's language ------------------------------------------------------------------------------------
def test_the_language_is_the_links_own_then_the_cookie_then_the_browsers_then_latvian(db, settings):
    cookie = settings.LANGUAGE_COOKIE_NAME
    reader = Client(HTTP_ACCEPT_LANGUAGE="en")
    assert landing(reader.get("/go/settings")) == "/en/settings/"
    reader.cookies[cookie] = "ru"
    assert landing(reader.get("/go/settings")) == "/ru/settings/"
    assert landing(reader.get("/go/settings?lang=lt")) == "/lt/settings/"
    assert landing(reader.get("/go/settings?lang=de")) == "/ru/settings/"  # not a language of the site
    assert landing(reader.get("/category/10200?language=LT")) == "/lt/"
    assert landing(Client().get("/go/settings")) == "/lv/settings/"
    assert landing(Client(HTTP_ACCEPT_LANGUAGE="de, ru;q=0.5").get("/go/settings")) == "/ru/settings/"


def test_a_trailing_slash_is_forgiven(reader, db):
    assert landing(reader.get("/go/settings/?lang=en")) == "/en/settings/"


# keys nobody made, bad keys, pages that went away ------------------------------------------------------------
def test_an_unknown_key_lands_on_search_for_its_words(reader, db):
    url = landing(reader.get("/go/too-many-connections-today?lang=en"))
    assert url == "/en/search/?q=too+many+connections+today"
    assert reader.get(url).status_code == 200


@pytest.mark.parametrize(
    "path",
    ["/go/Settings", "/go/a_b", "/go/" + "a" * 65, "/go/%C4%81", "/go/-settings", "/go/a--b", "/go/a/b", "/go/"],
)
def test_a_bad_key_gets_a_clear_400(reader, db, path):
    response = reader.get(path, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    assert "lower-case letters a–z, digits and hyphens, at most 64 characters" in response.content.decode()


def test_the_400_speaks_the_readers_language(reader, db):
    assert "Šī nav palīdzības centra saite" in reader.get("/go/Iestatījumi").content.decode()
    assert "Это не ссылка справочного центра" in reader.get("/go/A", HTTP_ACCEPT_LANGUAGE="ru").content.decode()


def test_only_reading_is_allowed(reader, db):
    assert reader.post("/go/settings").status_code == 405
    assert reader.head("/go/settings").status_code == 302


def test_a_known_key_whose_page_is_not_live_lands_on_the_help_index(reader, db):
    page = Page.objects.get(slug="sending-limits")
    page.specific.unpublish()
    assert landing(reader.get("/go/access-off-sending-limit?lang=ru")) == "/ru/"
    page.delete()
    assert StableLink.objects.get(key="access-off-sending-limit").page is None
    assert landing(reader.get("/go/access-off-sending-limit?lang=en")) == "/en/"


def test_a_redirect_is_one_query_is_never_stored_and_says_so(reader, db):
    reader.get("/go/settings?lang=en")  # the site's root paths in a language, read once as for every page
    with CaptureQueriesContext(connection) as queries:
        response = reader.get("/go/settings?lang=en")
    assert len(queries.captured_queries) == 1
    assert response["Cache-Control"] == "no-store"
    assert {"accept-language", "cookie"} <= {v.strip().lower() for v in response["Vary"].split(",")}
    again = reader.get("/go/settings?lang=en")
    assert again.get("X-Page-Cache") != "hit"
    assert landing(reader.get("/go/settings?lang=ru")) == "/ru/settings/"


def test_many_distinct_keys_and_old_addresses_store_nothing(reader, db):
    reader.get("/go/settings")
    pages, copies = len(caches["pages"]._cache), len(store.WORKER_COPIES.entries)
    for number in range(100):
        assert reader.get(f"/go/no-such-key-{number}?lang=en").status_code == 302
        assert reader.get(f"/?keyword=word_{number}").status_code == 302
        assert reader.get(f"/category/{number}/question/{number}?language=ru").status_code == 302
    assert (len(caches["pages"]._cache), len(store.WORKER_COPIES.entries)) == (pages, copies)


# the root and its old keyword, with the page cache on ------------------------------------------------------
def test_the_root_without_a_keyword_still_sends_the_reader_to_their_language(reader, db):
    assert landing(reader.get("/")) == "/lv/"
    assert landing(reader.get("/", HTTP_ACCEPT_LANGUAGE="en")) == "/en/"
    assert landing(reader.get("/?utm_source=x", HTTP_ACCEPT_LANGUAGE="ru")) == "/ru/?utm_source=x"
    assert landing(reader.get("/?keyword=", HTTP_ACCEPT_LANGUAGE="ru")) == "/ru/?keyword="


def test_a_page_stored_for_the_root_never_answers_an_old_keyword(reader, db):
    """The page cache leaves unknown parameters out of its key: whatever it holds for `/`, a `?keyword=`
    request gets its own redirect, from the WSGI front and the middleware alike."""
    stored = reader.get("/lv/")
    root = policy.lookup(wsgi_environ("/"), "/", "GET")
    assert root is not None and root.key is not None
    store.write(root, entry_of(stored, store.current_generation()))
    assert call_front(wsgi_environ("/"))[2] == stored.content  # what `/` now gets from the store
    status, headers, _body = call_front(wsgi_environ("/", QUERY_STRING="keyword=email_clients_settings&language=en"))
    assert status.startswith("302") and headers["Location"] == "/en/settings/"
    response = reader.get("/?keyword=email_clients_access&language=ru")
    assert landing(response) == "/ru/enable-access/"


# kept by editors --------------------------------------------------------------------------------------------
def test_a_key_is_never_renamed(db):
    link = StableLink.objects.get(key="settings")
    link.key = "server-settings"
    with pytest.raises(ValidationError):
        link.full_clean()
    with pytest.raises(ValidationError):
        link.save()
    assert StableLink.objects.filter(key="settings").exists()


def test_a_key_leads_only_to_a_page_of_the_help_center(db):
    link = StableLink(key="nowhere", page=Page.get_first_root_node())
    with translation.override("en"), pytest.raises(ValidationError, match="is not a page of the help center"):
        link.full_clean()


ADD_URL = "/admin/snippets/guides/stablelink/add/"


def edit_url(link):
    return reverse("wagtailsnippets_guides_stablelink:edit", args=[link.pk])


def test_an_editor_adds_a_key_and_points_another_at_a_new_page_but_cannot_rename_or_delete_one(
    reader, db, django_user_model
):
    editor = logged_in(user_in(django_user_model, "Editors", "links-editor"))
    assert editor.get(reverse("wagtailsnippets_guides_stablelink:list")).status_code == 200
    guide = Page.objects.get(slug="thunderbird-imap")
    refused = editor.post(ADD_URL, {"key": "Thunderbird_Setup", "page": guide.pk, "anchor": "", "purpose": ""})
    assert refused.status_code == 200 and not StableLink.objects.filter(key__iexact="thunderbird_setup").exists()
    saved = editor.post(ADD_URL, {"key": "thunderbird-setup", "page": guide.pk, "anchor": "", "purpose": "webmail"})
    assert saved.status_code == 302
    assert landing(reader.get("/go/thunderbird-setup?lang=lt")) == "/lt/thunderbird-imap/"

    link = StableLink.objects.get(key="access-off-too-many-connections")
    target = Page.objects.get(slug="access-switched-off")
    data = {"key": "renamed", "page": target.pk, "anchor": "section-1", "purpose": link.purpose}
    assert editor.post(edit_url(link), data).status_code == 302
    link.refresh_from_db()
    assert (link.key, link.page_id, link.anchor) == ("access-off-too-many-connections", target.pk, "section-1")
    assert landing(reader.get("/go/access-off-too-many-connections?lang=en")) == "/en/access-switched-off/#section-1"

    delete = reverse("wagtailsnippets_guides_stablelink:delete", args=[link.pk])
    assert editor.post(delete).status_code == 302
    assert StableLink.objects.filter(pk=link.pk).exists()


def test_a_site_administrator_may_delete_a_key(db, django_user_model):
    administrator = logged_in(user_in(django_user_model, "Site administrators", "links-site-admin"))
    link = StableLink.objects.get(key="outlook-pop3")
    assert administrator.post(reverse("wagtailsnippets_guides_stablelink:delete", args=[link.pk])).status_code == 302
    assert not StableLink.objects.filter(pk=link.pk).exists()


@pytest.mark.parametrize("group", ["Translators", "Settings administrators"])
def test_translators_and_settings_administrators_may_not_touch_keys(db, django_user_model, group):
    browser = logged_in(user_in(django_user_model, group, "links-other"))
    link = StableLink.objects.get(key="settings")
    before = list(StableLink.objects.values_list("key", "page_id", "anchor"))
    guide = Page.objects.get(slug="thunderbird-imap")
    for response in (
        browser.get(reverse("wagtailsnippets_guides_stablelink:list")),
        browser.post(ADD_URL, {"key": "mine", "page": guide.pk, "anchor": "", "purpose": ""}),
        browser.post(edit_url(link), {"key": "settings", "page": guide.pk, "anchor": "", "purpose": ""}),
    ):
        assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    assert list(StableLink.objects.values_list("key", "page_id", "anchor")) == before


# shipped in content/ ---------------------------------------------------------------------------------------
def test_a_content_release_keeps_what_editors_changed_and_adds_only_missing_keys(db):
    link = StableLink.objects.get(key="settings")
    link.page = Page.objects.get(slug="ports-encryption")
    link.save()
    StableLink.objects.filter(key="limits").delete()
    call_command("load_content", stdout=io.StringIO())
    assert StableLink.objects.get(key="settings").page.slug == "ports-encryption"
    assert StableLink.objects.get(key="limits").page.slug == "limits"


def test_check_content_names_a_link_without_a_live_page_and_an_old_address_without_its_link(db):
    call_command("check_content", stdout=io.StringIO())  # the shipped site: nothing to say
    Page.objects.get(slug="limits").specific.unpublish()
    StableLink.objects.filter(key="enable-access").delete()
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("check_content", stdout=out)
    said = out.getvalue()
    assert "/go/access-off-inactive: leads to no live page (readers land on the help index)" in said
    assert "/go/limits: leads to no live page" in said
    assert "old-site.toml [keywords] email_clients_access: no stable link has the key “enable-access”" in said


def test_the_files_are_checked(monkeypatch):
    assert link_problems(read_links(), {link["page"] for link in read_links()}) == []
    pages = {"limits", "settings"}
    links = [
        {"key": "settings", "page": "settings"},
        {"key": "settings", "page": "limits"},
        {"key": "Limits", "page": "limits"},
        {"key": "rules", "page": "nowhere", "anchor": "#top", "colour": "red"},
        {"key": "limits-heading", "page": "limits", "anchor": "section-3"},
    ]
    steps = [{"kind": "paragraph"}, {"kind": "heading"}, {"kind": "list"}, {"kind": "heading"}]
    assert section_ids(steps) == {"section-2", "section-3"}
    assert section_ids(steps[1:]) == {"section-1", "section-2"}
    monkeypatch.setattr("guides.content.old_site_map", lambda: {"keywords": {"email_clients_access": "gone"}})
    problems = "\n".join(link_problems(links, pages, {"limits": {"section-1", "section-2"}}))
    assert "key “settings” is listed twice" in problems
    assert "key “Limits” is not lower-case" in problems
    assert "no page of content/ has the slug “nowhere”" in problems
    assert "anchor “#top” is not an id" in problems
    assert "unknown field(s) ['colour']" in problems
    assert "the page “limits” has no heading with the id “section-3”" in problems
    assert "old-site.toml [keywords] email_clients_access: no link of links.toml has the key “gone”" in problems


def test_readers_behind_one_address_all_follow_a_notices_link(db, settings, one_minute):
    """A mass notice's link, followed by many readers behind one shared address (a carrier's, an office's):
    the redirect renders nothing, so the render budget neither counts nor refuses it."""
    settings.PAGE_CACHE_RENDERS_PER_MINUTE = 2
    shared = Client(REMOTE_ADDR="198.51.100.80")
    codes = [
        shared.get(path).status_code for path in ["/go/access-off-spam"] * 10 + ["/?keyword=email_clients_access"] * 5
    ]
    assert codes == [302] * 15
    searches = [shared.get(f"/en/search/?q=nothing{n}").status_code for n in range(3)]
    assert searches == [200, 200, 429]  # what renders still counts, from the first render on
