"""“Was this helpful?”: the readers' vote (feedback.views.vote), its form, and the admin report."""

import re

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.db import connection
from django.template import RequestContext, Template
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from wagtail.models import Page
from wagtail.users.models import UserProfile

from feedback import report
from feedback import views as feedback
from feedback.models import Feedback
from guides.models import ArticlePage, GuidePage, HelpIndexPage

REPORT_URL = "/admin/feedback/"
FORM = "{% load feedback %}{% feedback_box page %}"


def browser_id(cookie_value):
    """The browser id inside the signed `hc_voter` cookie (as request.get_signed_cookie reads it)."""
    request = RequestFactory().get("/", HTTP_COOKIE=f"{feedback.COOKIE_NAME}={cookie_value}")
    return request.get_signed_cookie(feedback.COOKIE_NAME, salt=feedback.COOKIE_SALT)


def vote_url(page, lang="en"):
    with translation.override(lang):
        return reverse("feedback", args=[page.pk])


def page_url(page, lang="en"):
    with translation.override(lang):
        return page.get_url()


def render_form(page, lang="en", query=""):
    """The box as the site's frame renders it: (html, request)."""
    request = RequestFactory().get(f"/{lang}/somewhere/{query}")
    with translation.override(lang):
        html = Template(FORM).render(RequestContext(request, {"page": page}))
    return html, request


@pytest.fixture
def article(db):
    return ArticlePage.objects.live().order_by("path").first()


@pytest.fixture
def other_guides(guide):
    return list(GuidePage.objects.live().exclude(pk=guide.pk).order_by("path"))


# --- the vote ------------------------------------------------------------------------------


def test_a_yes_vote_is_stored_with_its_page_and_language_and_says_thanks(client, guide):
    response = client.post(vote_url(guide, "ru"), {"helpful": "yes", "reason": "  Clear steps.  "})
    assert response.status_code == 303
    assert response["Location"] == page_url(guide, "ru") + "?feedback=thanks#feedback"
    vote = Feedback.objects.get()
    assert (vote.page_id, vote.language, vote.helpful, vote.reason) == (guide.pk, "ru", True, "Clear steps.")
    assert re.fullmatch(r"[0-9a-f]{64}", vote.voter)
    cookie = response.cookies[feedback.COOKIE_NAME]
    assert cookie["httponly"] and cookie["samesite"] == "Lax" and int(cookie["max-age"]) == 365 * 24 * 3600
    assert vote.voter == feedback.voter_hash(guide.pk, browser_id(cookie.value))  # the id is never stored
    assert browser_id(cookie.value) not in vote.voter
    # the page the browser is sent to answers
    assert client.get(response["Location"].split("?")[0]).status_code == 200


def test_a_no_vote_on_an_article_in_latvian(client, article):
    response = client.post(vote_url(article, "lv"), {"helpful": "no"})
    assert response.status_code == 303
    assert response["Location"].startswith(page_url(article, "lv"))
    vote = Feedback.objects.get()
    assert (vote.page_id, vote.language, vote.helpful, vote.reason) == (article.pk, "lv", False, "")


def test_the_same_browser_voting_again_stores_nothing_new(client, guide):
    client.post(vote_url(guide), {"helpful": "yes"})
    response = client.post(vote_url(guide), {"helpful": "no", "reason": "changed my mind"})
    assert response.status_code == 303
    assert response["Location"] == page_url(guide) + "?feedback=already#feedback"
    vote = Feedback.objects.get()
    assert vote.helpful is True and vote.reason == ""
    html, _request = render_form(guide, query="?feedback=already")
    assert "You have already told us, thank you" in html


def test_the_same_browser_can_vote_on_another_page(client, guide, article):
    client.post(vote_url(guide), {"helpful": "yes"})
    client.post(vote_url(article), {"helpful": "no"})
    assert Feedback.objects.count() == 2
    assert len(set(Feedback.objects.values_list("voter", flat=True))) == 2  # not linkable across pages


def test_a_different_browser_can_vote(client, guide):
    client.post(vote_url(guide), {"helpful": "yes"})
    other = Client()
    response = other.post(vote_url(guide), {"helpful": "no"})
    assert response["Location"].endswith("?feedback=why#feedback")
    assert sorted(Feedback.objects.values_list("helpful", flat=True)) == [False, True]


@pytest.mark.parametrize("forged", ["<script>", "a" * 32, "a" * 32 + ":forged-signature"])
def test_a_forged_or_malformed_cookie_gets_a_fresh_id(client, guide, forged):
    client.cookies[feedback.COOKIE_NAME] = forged
    response = client.post(vote_url(guide), {"helpful": "yes"})
    assert response.status_code == 303
    assert re.fullmatch(r"[A-Za-z0-9_-]{32}", browser_id(response.cookies[feedback.COOKIE_NAME].value))


def test_nothing_personal_is_stored():
    fields = {f.name for f in Feedback._meta.get_fields()}
    # The page id, title and path are copied from the page, so its votes still name it once it is deleted.
    assert fields == {
        "id",
        "page",
        "original_page_id",
        "page_title",
        "page_url_path",
        "language",
        "helpful",
        "reason",
        "why_not",
        "created_at",
        "voter",
    }


def test_the_reason_is_trimmed_to_500_characters(client, guide):
    client.post(vote_url(guide), {"helpful": "no", "reason": "\n  " + "ā" * 600 + "\x00 "})
    assert Feedback.objects.get().reason == "ā" * 500


@pytest.mark.parametrize("data", [{}, {"helpful": ""}, {"helpful": "maybe"}, {"helpful": "1"}, {"reason": "x"}])
def test_a_bad_answer_is_refused_with_a_clear_message(client, guide, data):
    response = client.post(vote_url(guide), data)
    assert response.status_code == 400
    assert "Please answer “Yes” or “No”" in response.content.decode()
    assert not BeautifulSoup(response.content.decode(), "html.parser").select("form.feedback-form")  # no second box
    assert not Feedback.objects.exists()


def test_only_live_guides_and_articles_take_votes(client, guide):
    index = HelpIndexPage.objects.first()
    assert client.post(vote_url(index), {"helpful": "yes"}).status_code == 404
    missing = Page.objects.order_by("-pk").first().pk + 1000
    assert client.post(f"/en/feedback/{missing}/", {"helpful": "yes"}).status_code == 404
    guide.unpublish()
    response = client.post(vote_url(guide), {"helpful": "yes"})
    assert response.status_code == 404
    assert "published guide or article" in response.content.decode()
    assert not Feedback.objects.exists()


def test_get_is_not_allowed(client, guide):
    assert client.get(vote_url(guide)).status_code == 405
    assert not Feedback.objects.exists()


# --- votes from other sites (cross-site request forgery) ------------------------------------


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ORIGIN": "https://evil.example"},
        {"HTTP_ORIGIN": "null"},  # a sandboxed frame or a privacy-stripped origin
        {"HTTP_ORIGIN": "http://testserver.evil.example"},
        {"HTTP_REFERER": "https://evil.example/vote.html"},
        {"HTTP_REFERER": "http://testserver.evil.example/"},
        {"HTTP_SEC_FETCH_SITE": "cross-site", "HTTP_ORIGIN": "http://testserver"},
        {"HTTP_SEC_FETCH_SITE": "same-site"},
    ],
)
def test_a_vote_posted_from_another_site_is_refused(guide, headers):
    browser = Client(enforce_csrf_checks=True, **headers)
    response = browser.post(vote_url(guide), {"helpful": "yes"})
    assert response.status_code == 403
    assert "can only be sent from the pages of this help center" in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    assert not Feedback.objects.exists()


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ORIGIN": "http://testserver", "HTTP_SEC_FETCH_SITE": "same-origin"},
        {"HTTP_ORIGIN": "http://testserver"},
        {"HTTP_REFERER": "http://testserver/en/some-guide/"},
    ],
)
def test_a_vote_posted_from_the_rendered_form_of_this_site_is_accepted(guide, headers):
    html, _request = render_form(guide)
    form = BeautifulSoup(html, "html.parser").find("form")
    browser = Client(enforce_csrf_checks=True, **headers)
    response = browser.post(form["action"], {"helpful": "yes"})
    assert response.status_code == 303
    assert response["Cache-Control"] == "no-store"
    assert Feedback.objects.filter(page=guide, language="en", helpful=True).count() == 1


def test_every_reader_gets_the_same_bytes_of_a_guide(guide):
    """Nothing per reader in the page (no CSRF token, no cookie): one stored copy serves everyone."""
    first, second = Client(), Client(HTTP_COOKIE="hc_voter=" + "a" * 32)
    url = page_url(guide, "en")
    one, two = first.get(url), second.get(url)
    assert one.status_code == two.status_code == 200
    assert one.content == two.content
    assert not one.cookies and "csrfmiddlewaretoken" not in one.content.decode()


# --- the form ------------------------------------------------------------------------------


def test_the_form_works_without_javascript(guide):
    html, _request = render_form(guide)
    soup = BeautifulSoup(html, "html.parser")
    section = soup.find("section", id="feedback")
    heading = soup.find(id=section["aria-labelledby"])
    assert heading.get_text(strip=True) == "Was this helpful?"
    form = section.find("form")
    assert form["method"] == "post" and form["action"] == f"/en/feedback/{guide.pk}/"
    assert not form.find("input", attrs={"name": "csrfmiddlewaretoken"})  # the same page for every reader
    buttons = {b["value"]: b.get_text(strip=True) for b in form.find_all("button", attrs={"name": "helpful"})}
    assert buttons == {"yes": "Yes", "no": "No"}
    assert all(b["type"] == "submit" for b in form.find_all("button"))
    textarea = form.find("textarea", attrs={"name": "reason"})
    assert textarea["maxlength"] == "500"
    assert form.find("label", attrs={"for": textarea["id"]})
    assert not form.find("script")


def test_the_box_is_under_the_pages_readers_vote_on_and_no_others(client, guide):
    """One page of each type in the help center: the box once where votes are taken, else not at all."""
    pages = {}
    for page in guide.get_parent().get_descendants(inclusive=True).live().specific().order_by("path"):
        pages.setdefault(type(page), page)
    assert {ArticlePage, GuidePage, HelpIndexPage} <= set(pages)
    for page_type, page in pages.items():
        html = client.get(page_url(page)).content.decode()
        boxes = BeautifulSoup(html, "html.parser").select("section#feedback form")
        assert len(boxes) == (1 if page_type in feedback.VOTED_ON else 0), page_type


def test_no_box_outside_a_page(guide):
    assert not render_form(None)[0].strip()
    assert not render_form(guide.get_parent().specific)[0].strip()


def test_the_form_action_keeps_the_readers_language(guide):
    html, _request = render_form(guide, "lt")
    assert f'action="/lt/feedback/{guide.pk}/"' in html


def test_after_voting_the_form_becomes_a_thank_you(guide):
    html, _request = render_form(guide, query="?feedback=thanks")
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("section", id="feedback")
    assert not soup.find("form")
    assert "Thank you for your feedback" in soup.get_text()


def test_the_thank_you_is_in_the_readers_language(guide):
    with translation.override("lv"):
        latvian = translation.gettext("Thank you for your feedback! It helps us improve this page.")
    html, _request = render_form(guide, "lv", query="?feedback=thanks")
    assert latvian in html  # the lv translation once translators add it, the English msgid until then


# --- rate limits ---------------------------------------------------------------------------


def test_a_browser_is_limited_per_hour(client, settings, guide, other_guides):
    settings.FEEDBACK_VOTES_PER_VOTER_PER_HOUR = 2
    first, second, third = other_guides[:3]
    assert client.post(vote_url(first), {"helpful": "yes"}).status_code == 303
    assert client.post(vote_url(second), {"helpful": "yes"}).status_code == 303
    response = client.post(vote_url(third), {"helpful": "yes"})
    assert response.status_code == 429
    assert "too many answers" in response.content.decode()
    assert response["Retry-After"] == "3600"
    assert Feedback.objects.count() == 2
    # another browser (same address, under its own limit) still may
    assert Client().post(vote_url(third), {"helpful": "yes"}).status_code == 303


def test_an_address_is_limited_per_hour_and_stays_out_of_the_cache_keys(settings, guide):
    settings.FEEDBACK_VOTES_PER_IP_PER_HOUR = 3
    for _ in range(3):
        assert Client(REMOTE_ADDR="203.0.113.7").post(vote_url(guide), {"helpful": "yes"}).status_code == 303
    response = Client(REMOTE_ADDR="203.0.113.7").post(vote_url(guide), {"helpful": "yes"})
    assert response.status_code == 429
    assert Feedback.objects.count() == 3
    assert Client(REMOTE_ADDR="198.51.100.9").post(vote_url(guide), {"helpful": "yes"}).status_code == 303
    keys = list(cache._cache)  # the local-memory cache of the tests
    assert keys and not any("203.0.113.7" in key or "198.51.100.9" in key for key in keys)


def test_dropping_the_cookie_gives_a_fresh_voter_only_so_often(guide, other_guides):
    """The stuffing of issue 12: one client, no cookies kept, 300 answers. New browsers are counted per
    address, and a refused answer hands out no id that could be used later."""
    codes = []
    for _ in range(40):
        response = Client(REMOTE_ADDR="203.0.113.9").post(vote_url(guide), {"helpful": "yes"})
        codes.append(response.status_code)
        assert (feedback.COOKIE_NAME in response.cookies) == (response.status_code == 303)
    assert codes == [303] * 20 + [429] * 20  # FEEDBACK_NEW_VOTERS_PER_IP_PER_HOUR
    assert Feedback.objects.count() == 20
    # Making ids up does not help either: an unsigned one is a new browser too.
    forger = Client(REMOTE_ADDR="203.0.113.9", HTTP_COOKIE=f"{feedback.COOKIE_NAME}={'b' * 32}")
    assert forger.post(vote_url(other_guides[0]), {"helpful": "yes"}).status_code == 429
    # A reader who already has an id is not held back by the new-voter limit of the address.
    assert Client(REMOTE_ADDR="198.51.100.4").post(vote_url(guide), {"helpful": "no"}).status_code == 303


PROXY, OUTER_PROXY = "10.0.0.2", "172.16.0.5"


@pytest.mark.parametrize("proxies", [1, 2])
def test_behind_trusted_proxies_each_client_has_its_own_limits(settings, guide, proxies):
    settings.TRUSTED_PROXY_COUNT = proxies
    settings.FEEDBACK_NEW_VOTERS_PER_IP_PER_HOUR = 3

    def through_proxies(client_address, n):
        chain = [f"8.8.{n}.{n}", client_address, *[OUTER_PROXY] * (proxies - 1)]  # made-up entries left
        return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=", ".join(chain))

    codes = [through_proxies("81.198.10.20", n).post(vote_url(guide), {"helpful": "yes"}).status_code for n in range(5)]
    assert codes == [303] * 3 + [429] * 2  # the made-up entries changed every time; the client did not
    # Everyone else behind the same proxy still may: the limit was the client's, not the proxy's.
    assert through_proxies("81.198.10.21", 0).post(vote_url(guide), {"helpful": "yes"}).status_code == 303


def test_without_trusted_proxies_the_header_is_ignored(settings, guide):
    settings.FEEDBACK_NEW_VOTERS_PER_IP_PER_HOUR = 2
    codes = [
        Client(REMOTE_ADDR="203.0.113.10", HTTP_X_FORWARDED_FOR=f"8.8.{n}.{n}").post(
            vote_url(guide), {"helpful": "yes"}
        )
        for n in range(3)
    ]
    assert [response.status_code for response in codes] == [303, 303, 429]


def test_the_default_limit_per_browser_is_ten_answers_an_hour(guide):
    browser = Client(REMOTE_ADDR="203.0.113.8")
    codes = [browser.post(vote_url(guide), {"helpful": "yes"}).status_code for _ in range(11)]
    assert codes == [303] * 10 + [429]


# --- the admin report ----------------------------------------------------------------------


def add_votes(page, lang, yes, no, reason=""):
    for i in range(yes + no):
        Feedback.objects.create(
            page=page, language=lang, helpful=i < yes, reason=reason if i == 0 else "", voter=f"{page.pk}-{lang}-{i}"
        )


def report_cells(response):
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    return {
        (int(row["data-page"]), row["data-lang"]): (int(row["data-yes"]), int(row["data-no"]), row["data-share"])
        for row in soup.select("table.feedback-report tbody tr")
    }


def test_the_report_counts_per_page_and_language(editor_client, guide, article):
    add_votes(guide, "en", 3, 1, reason="Great")
    add_votes(guide, "lv", 0, 2, reason="Port is wrong <script>alert(1)</script>")
    add_votes(article, "ru", 1, 0)
    response = editor_client.get(REPORT_URL)
    assert response.status_code == 200
    assert report_cells(response) == {
        (guide.pk, "en"): (3, 1, "75"),
        (guide.pk, "lv"): (0, 2, "0"),
        (article.pk, "ru"): (1, 0, "100"),
    }
    html = response.content.decode()
    assert "Great" in html
    assert "Port is wrong &lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html


def test_the_report_shows_only_the_latest_reasons(editor_client, guide):
    for i in range(report.REASONS_SHOWN + 2):
        Feedback.objects.create(page=guide, language="en", helpful=False, reason=f"reason number {i}.", voter=f"v{i}")
    html = editor_client.get(REPORT_URL).content.decode()
    assert "reason number 0." not in html and "reason number 1." not in html
    assert all(f"reason number {i}." in html for i in range(2, report.REASONS_SHOWN + 2))


def test_the_report_without_votes(editor_client):
    response = editor_client.get(REPORT_URL)
    assert response.status_code == 200
    assert "No reader has answered yet." in response.content.decode()


def test_the_report_menu_item(editor_client):
    html = editor_client.get("/admin/").content.decode()
    assert REPORT_URL in html


def test_the_report_query_count_does_not_grow_with_pages(editor_client, guide, other_guides, article):
    add_votes(guide, "en", 1, 1, reason="one")
    editor_client.get(REPORT_URL)  # warm up what the admin caches per process
    with CaptureQueriesContext(connection) as few:
        editor_client.get(REPORT_URL)
    for page in [*other_guides, article]:
        for lang in ("lv", "en", "ru", "lt"):
            add_votes(page, lang, 2, 1, reason=f"why {page.pk} {lang}")
    with CaptureQueriesContext(connection) as many:
        response = editor_client.get(REPORT_URL)
    assert len(report_cells(response)) == 1 + 4 * (len(other_guides) + 1)
    assert len(many.captured_queries) == len(few.captured_queries)


def make_user(django_user_model, name, *permissions, staff=False):
    user = django_user_model.objects.create_user(name, f"{name}@example.com", "pw", is_staff=staff)
    for app_label, codename in permissions:
        user.user_permissions.add(Permission.objects.get(codename=codename, content_type__app_label=app_label))
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    browser = Client()
    browser.force_login(user)
    return browser


def test_a_non_staff_user_cannot_open_the_report(django_user_model, guide):
    add_votes(guide, "en", 1, 0, reason="secret reason")
    browser = make_user(django_user_model, "reader")
    response = browser.get(REPORT_URL)
    assert response.status_code == 302
    assert "secret reason" not in response.content.decode()
    assert "secret reason" not in browser.get(REPORT_URL, follow=True).content.decode()


def test_an_admin_user_without_the_permission_cannot_open_the_report(django_user_model, guide):
    add_votes(guide, "en", 1, 0, reason="secret reason")
    browser = make_user(django_user_model, "translator", ("wagtailadmin", "access_admin"), staff=True)
    response = browser.get(REPORT_URL)
    assert response.status_code in (302, 403)  # Wagtail 8 redirects refusals to the admin home
    assert "secret reason" not in browser.get(REPORT_URL, follow=True).content.decode()
    assert REPORT_URL not in browser.get("/admin/").content.decode()


def test_the_view_feedback_permission_opens_the_report(django_user_model, guide):
    add_votes(guide, "en", 1, 0, reason="a reason")
    browser = make_user(django_user_model, "analyst", ("wagtailadmin", "access_admin"), ("feedback", "view_feedback"))
    response = browser.get(REPORT_URL)
    assert response.status_code == 200
    assert "a reason" in response.content.decode()
    assert REPORT_URL in browser.get("/admin/").content.decode()


def test_without_the_permission_neither_the_export_nor_the_results_fragment_opens(django_user_model, guide):
    add_votes(guide, "en", 1, 0, reason="secret reason")
    browser = make_user(django_user_model, "translator", ("wagtailadmin", "access_admin"), staff=True)
    for url in (f"{REPORT_URL}?export=csv", f"{REPORT_URL}?export=xlsx", f"{REPORT_URL}results/?language=en"):
        response = browser.get(url)
        assert response.status_code in (302, 403), url
        assert response["Content-Type"].startswith("text/html")
        assert "secret reason" not in browser.get(url, follow=True).content.decode()


def riga_time(*args):
    """An aware datetime in the site's time zone (imports kept local to this section of the file)."""
    import datetime
    from zoneinfo import ZoneInfo

    return datetime.datetime(*args, tzinfo=ZoneInfo("Europe/Riga"))


def report_order(response):
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    return [(int(row["data-page"]), row["data-lang"]) for row in soup.select("table.feedback-report tbody tr")]


def report_totals(response):
    row = BeautifulSoup(response.content.decode(), "html.parser").select_one("table.feedback-report tfoot tr")
    return int(row["data-total-yes"]), int(row["data-total-no"])


def exported_csv(response):
    """The CSV export: its text, and its lines as dicts by heading."""
    import csv
    import io

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv"
    assert response["Content-Disposition"].startswith('attachment; filename="feedback-')
    text = b"".join(response.streaming_content).decode()
    return text, list(csv.DictReader(io.StringIO(text)))


def exported_rows(response):
    return exported_csv(response)[1]


def test_the_report_offers_the_filters_and_the_downloads(editor_client, guide):
    add_votes(guide, "en", 1, 0)
    soup = BeautifulSoup(editor_client.get(REPORT_URL).content.decode(), "html.parser")
    assert {i["value"] for i in soup.select("input[name=language]")} == {"", "lv", "en", "ru", "lt"}
    assert soup.select_one("input[name=created_at_from]") and soup.select_one("input[name=created_at_to]")
    assert soup.select_one(f"a[href='{REPORT_URL}?export=csv']").get_text(strip=True) == "Download CSV"
    assert soup.select_one(f"a[href='{REPORT_URL}?export=xlsx']").get_text(strip=True) == "Download XLSX"


def test_the_language_filter_limits_the_rows_and_the_totals(editor_client, guide, article):
    add_votes(guide, "en", 3, 1, reason="English reason")
    add_votes(guide, "lv", 0, 2, reason="Latvian reason")
    add_votes(article, "lv", 1, 0)
    assert report_totals(editor_client.get(REPORT_URL)) == (4, 3)

    response = editor_client.get(REPORT_URL, {"language": "lv"})

    assert response.status_code == 200
    assert report_cells(response) == {(guide.pk, "lv"): (0, 2, "0"), (article.pk, "lv"): (1, 0, "100")}
    assert report_totals(response) == (1, 2)
    html = response.content.decode()
    assert "Latvian reason" in html and "English reason" not in html
    nothing = editor_client.get(REPORT_URL, {"language": "lt"})
    assert report_cells(nothing) == {}
    assert "No answer matches these filters." in nothing.content.decode()


def test_the_date_filter_counts_the_answers_given_between_its_days(editor_client, guide):
    add_votes(guide, "en", 2, 2, reason="too early")  # first yes and first no carry a reason
    add_votes(guide, "lv", 1, 0, reason="in time")
    votes = {v.voter: v.pk for v in Feedback.objects.all()}
    when = {
        f"{guide.pk}-en-0": riga_time(2024, 12, 31, 23, 59),  # the day before: out
        f"{guide.pk}-en-1": riga_time(2025, 1, 1, 0, 0),  # the first day, from midnight: in
        f"{guide.pk}-en-2": riga_time(2025, 1, 31, 23, 59),  # the last day is included: in
        f"{guide.pk}-en-3": riga_time(2025, 2, 1, 0, 0),  # the day after: out
        f"{guide.pk}-lv-0": riga_time(2025, 1, 15, 12, 0),
    }
    for voter, created_at in when.items():
        Feedback.objects.filter(pk=votes[voter]).update(created_at=created_at)

    response = editor_client.get(REPORT_URL, {"created_at_from": "2025-01-01", "created_at_to": "2025-01-31"})

    assert report_cells(response) == {(guide.pk, "en"): (1, 1, "50"), (guide.pk, "lv"): (1, 0, "100")}
    assert report_totals(response) == (2, 1)
    html = response.content.decode()
    assert "in time" in html and "too early" not in html  # reasons follow the filter too
    only_since = editor_client.get(REPORT_URL, {"created_at_from": "2025-02-01"})
    assert report_cells(only_since) == {(guide.pk, "en"): (0, 1, "0")}


def test_the_report_is_paginated_in_its_order_with_totals_of_all_pages(
    monkeypatch, editor_client, guide, other_guides, article
):
    monkeypatch.setattr(report.FeedbackReportView, "paginate_by", 3)
    add_votes(guide, "ru", 1, 0)
    add_votes(guide, "lv", 1, 1)
    add_votes(guide, "en", 0, 1)
    add_votes(other_guides[0], "lt", 2, 0)
    add_votes(article, "lv", 1, 2)
    expected = sorted(
        [(guide.pk, "lv"), (guide.pk, "en"), (guide.pk, "ru"), (other_guides[0].pk, "lt"), (article.pk, "lv")],
        key=lambda key: (Page.objects.get(pk=key[0]).path, ["lv", "en", "ru", "lt"].index(key[1])),
    )

    first = editor_client.get(REPORT_URL)
    second = editor_client.get(REPORT_URL, {"p": 2})

    assert report_order(first) == expected[:3]
    assert report_order(second) == expected[3:]
    assert report_totals(first) == report_totals(second) == (5, 4)
    assert "Page 1 of 2" in first.content.decode() and "Page 2 of 2" in second.content.decode()
    filtered = editor_client.get(REPORT_URL, {"language": "lv", "p": 1})
    assert report_order(filtered) == [key for key in expected if key[1] == "lv"]
    assert "Page 1 of 1" in filtered.content.decode()


def test_a_deleted_page_is_listed_after_the_live_ones_also_in_the_export(editor_client, guide, article):
    add_votes(article, "en", 1, 1, reason="was useful")
    title, path = article.title_lv, article.url_path_lv
    Page.objects.get(pk=article.pk).delete()
    add_votes(guide, "ru", 1, 0)

    response = editor_client.get(REPORT_URL)

    assert report_order(response) == [(guide.pk, "ru"), (article.pk, "en")]
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    deleted = soup.select_one(f"tr[data-page='{article.pk}']")
    assert deleted.has_attr("data-deleted") and "deleted page" in deleted.th.get_text()
    assert title in deleted.th.get_text() and path in deleted.th.get_text()
    rows = exported_rows(editor_client.get(REPORT_URL, {"export": "csv"}))
    assert [(r["Page"], r["Page path"], r["Language"], r["Deleted page"]) for r in rows] == [
        (guide.title_en, guide.url_path_lv, "ru", ""),
        (title, path, "en", "Yes"),
    ]
    assert rows[1]["Latest reasons"].endswith(": was useful")


def test_the_csv_export_has_a_line_per_page_and_language(editor_client, guide, article):
    add_votes(guide, "en", 3, 1, reason="Great")
    add_votes(guide, "lv", 0, 2, reason="=HYPERLINK(evil)")
    add_votes(article, "ru", 1, 0)

    text, lines = exported_csv(editor_client.get(REPORT_URL, {"export": "csv"}))

    header = text.splitlines()[0]
    assert header == (
        "Page,Page path,Language,Deleted page,Yes,No,Share of yes (%),What was wrong,Latest answer,Latest reasons"
    )
    rows = {(r["Page path"], r["Language"]): r for r in lines}
    assert {key: (r["Yes"], r["No"], r["Share of yes (%)"]) for key, r in rows.items()} == {
        (guide.url_path_lv, "en"): ("3", "1", "75"),
        (guide.url_path_lv, "lv"): ("0", "2", "0"),
        (article.url_path_lv, "ru"): ("1", "0", "100"),
    }
    english = rows[(guide.url_path_lv, "en")]
    assert english["Page"] == guide.title_en  # as on the screen, in the admin language
    assert re.fullmatch(r"Yes \(\d{4}-\d\d-\d\d\): Great", english["Latest reasons"])
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d[+-]\d\d:\d\d", english["Latest answer"])
    # a reader's reason cannot start a formula; nothing of the votes beyond the screen (voter hashes)
    assert rows[(guide.url_path_lv, "lv")]["Latest reasons"].startswith("No (")
    assert not any(v.voter in text for v in Feedback.objects.all())


def test_the_filters_apply_to_the_export(editor_client, guide, article):
    add_votes(guide, "en", 3, 1)
    add_votes(guide, "lv", 0, 2)
    add_votes(article, "lv", 1, 0)
    Feedback.objects.filter(page=article).update(created_at=riga_time(2025, 3, 1, 12, 0))

    rows = exported_rows(editor_client.get(REPORT_URL, {"language": "lv", "export": "csv"}))
    assert [(r["Page path"], r["Yes"], r["No"]) for r in rows] == [
        (guide.url_path_lv, "0", "2"),
        (article.url_path_lv, "1", "0"),
    ]
    rows = exported_rows(editor_client.get(REPORT_URL, {"created_at_to": "2025-03-01", "export": "csv"}))
    assert [(r["Page path"], r["Language"], r["Yes"]) for r in rows] == [(article.url_path_lv, "lv", "1")]


def test_the_export_is_not_paginated(monkeypatch, editor_client, guide):
    monkeypatch.setattr(report.FeedbackReportView, "paginate_by", 1)
    for lang in ("lv", "en", "ru", "lt"):
        add_votes(guide, lang, 1, 0)
    assert [r["Language"] for r in exported_rows(editor_client.get(REPORT_URL, {"export": "csv"}))] == [
        "lv",
        "en",
        "ru",
        "lt",
    ]


def test_the_xlsx_export(editor_client, guide):
    import io

    from openpyxl import load_workbook

    add_votes(guide, "en", 3, 1, reason="Great")
    response = editor_client.get(REPORT_URL, {"export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    heading, row = list(sheet.values)
    assert heading[:7] == ("Page", "Page path", "Language", "Deleted page", "Yes", "No", "Share of yes (%)")
    assert row[:7] == (guide.title_en, guide.url_path_lv, "en", None, 3, 1, 75)


def test_the_report_query_count_does_not_grow_with_filters_or_pages(editor_client, guide, other_guides, article):
    query = {"language": "en", "created_at_from": "2000-01-01"}
    add_votes(guide, "en", 1, 1, reason="one")
    editor_client.get(REPORT_URL, query)
    with CaptureQueriesContext(connection) as few:
        editor_client.get(REPORT_URL, query)
    for page in [*other_guides, article]:
        for lang in ("lv", "en", "ru", "lt"):
            add_votes(page, lang, 2, 1, reason=f"why {page.pk} {lang}")
    Page.objects.get(pk=article.pk).delete()  # and a deleted page: one query for the saved titles
    with CaptureQueriesContext(connection) as many:
        response = editor_client.get(REPORT_URL, query)
    assert len(report_cells(response)) == 1 + len(other_guides) + 1
    assert len(many.captured_queries) == len(few.captured_queries) + 1


def test_a_reader_votes_on_the_live_guide_page_like_a_browser(guide):
    """End to end, as the frame shows the box: GET the page, post its form, see the thank-you."""
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(page_url(guide, "en"))
    form = BeautifulSoup(page.content.decode(), "html.parser").select_one("section#feedback form")
    assert form is not None
    data = {i["name"]: i.get("value", "") for i in form.find_all("input") if i.get("name")}
    data.update(helpful="no", reason="Step 3 is unclear")
    response = browser.post(form["action"], data)
    assert response.status_code == 303
    # after "No": what was wrong, a plain form of its own
    why = BeautifulSoup(browser.get(response["Location"]).content.decode(), "html.parser")
    form = why.select_one("section#feedback form.feedback-why")
    response = browser.post(form["action"], {"why": "confusing"})
    assert response.status_code == 303
    thanks = browser.get(response["Location"])
    soup = BeautifulSoup(thanks.content.decode(), "html.parser")
    assert "Thank you for your feedback" in soup.select_one("section#feedback").get_text()
    assert not soup.select_one("section#feedback form")
    assert Feedback.objects.filter(
        page=guide, language="en", helpful=False, reason="Step 3 is unclear", why_not="confusing"
    ).exists()
