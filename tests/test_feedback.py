"""“Was this helpful?”: the readers' vote (guides.feedback.vote), its form, and the admin report."""

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

from guides import feedback
from guides.models import ArticlePage, Feedback, GuidePage, HelpIndexPage

REPORT_URL = "/admin/feedback/"
FORM = '{% include "guides/includes/feedback_form.html" %}'


def vote_url(page, lang="en"):
    with translation.override(lang):
        return reverse("feedback", args=[page.pk])


def page_url(page, lang="en"):
    with translation.override(lang):
        return page.get_url()


def render_form(page, lang="en", query=""):
    """The include as a page template renders it: (html, request)."""
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
    assert vote.voter == feedback.voter_hash(guide.pk, cookie.value)  # the cookie's id is never stored itself
    assert cookie.value not in vote.voter
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
    assert response["Location"].endswith("?feedback=thanks#feedback")
    assert sorted(Feedback.objects.values_list("helpful", flat=True)) == [False, True]


def test_a_forged_or_malformed_cookie_gets_a_fresh_id(client, guide):
    client.cookies[feedback.COOKIE_NAME] = "<script>"
    response = client.post(vote_url(guide), {"helpful": "yes"})
    assert response.status_code == 303
    assert re.fullmatch(r"[A-Za-z0-9_-]{32}", response.cookies[feedback.COOKIE_NAME].value)


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


# --- CSRF ----------------------------------------------------------------------------------


def test_a_vote_without_the_csrf_token_is_refused(guide):
    browser = Client(enforce_csrf_checks=True)
    assert browser.post(vote_url(guide), {"helpful": "yes"}).status_code == 403
    assert not Feedback.objects.exists()


def test_a_vote_with_the_token_of_the_rendered_form_is_accepted(guide):
    html, request = render_form(guide)
    form = BeautifulSoup(html, "html.parser").find("form")
    token = form.find("input", attrs={"name": "csrfmiddlewaretoken"})["value"]
    browser = Client(enforce_csrf_checks=True)
    browser.cookies["csrftoken"] = request.META["CSRF_COOKIE"]  # what the page response would have set
    response = browser.post(form["action"], {"csrfmiddlewaretoken": token, "helpful": "yes"})
    assert response.status_code == 303
    assert Feedback.objects.filter(page=guide, language="en", helpful=True).count() == 1


# --- the form ------------------------------------------------------------------------------


def test_the_form_works_without_javascript(guide):
    html, _request = render_form(guide)
    soup = BeautifulSoup(html, "html.parser")
    section = soup.find("section", id="feedback")
    heading = soup.find(id=section["aria-labelledby"])
    assert heading.get_text(strip=True) == "Was this helpful?"
    form = section.find("form")
    assert form["method"] == "post" and form["action"] == f"/en/feedback/{guide.pk}/"
    assert form.find("input", attrs={"name": "csrfmiddlewaretoken"})
    buttons = {b["value"]: b.get_text(strip=True) for b in form.find_all("button", attrs={"name": "helpful"})}
    assert buttons == {"yes": "Yes", "no": "No"}
    assert all(b["type"] == "submit" for b in form.find_all("button"))
    textarea = form.find("textarea", attrs={"name": "reason"})
    assert textarea["maxlength"] == "500"
    assert form.find("label", attrs={"for": textarea["id"]})
    assert not form.find("script")


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


def test_the_default_limits():
    assert feedback.limit("FEEDBACK_VOTES_PER_VOTER_PER_HOUR", feedback.VOTES_PER_VOTER_PER_HOUR) == 10
    assert feedback.limit("FEEDBACK_VOTES_PER_IP_PER_HOUR", feedback.VOTES_PER_IP_PER_HOUR) == 300


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
    for i in range(feedback.REASONS_SHOWN + 2):
        Feedback.objects.create(page=guide, language="en", helpful=False, reason=f"reason number {i}.", voter=f"v{i}")
    html = editor_client.get(REPORT_URL).content.decode()
    assert "reason number 0." not in html and "reason number 1." not in html
    assert all(f"reason number {i}." in html for i in range(2, feedback.REASONS_SHOWN + 2))


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
    browser = make_user(django_user_model, "analyst", ("wagtailadmin", "access_admin"), ("guides", "view_feedback"))
    response = browser.get(REPORT_URL)
    assert response.status_code == 200
    assert "a reason" in response.content.decode()
    assert REPORT_URL in browser.get("/admin/").content.decode()


def test_a_reader_votes_on_the_live_guide_page_like_a_browser(guide):
    """End to end, as the guide template includes the form: GET the page, post its form, see the thank-you."""
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(page_url(guide, "en"))
    form = BeautifulSoup(page.content.decode(), "html.parser").select_one("section#feedback form")
    assert form is not None
    data = {i["name"]: i.get("value", "") for i in form.find_all("input") if i.get("name")}
    data.update(helpful="no", reason="Step 3 is unclear")
    response = browser.post(form["action"], data)
    assert response.status_code == 303
    thanks = browser.get(response["Location"])
    soup = BeautifulSoup(thanks.content.decode(), "html.parser")
    assert "Thank you for your feedback" in soup.select_one("section#feedback").get_text()
    assert not soup.select_one("section#feedback form")
    assert Feedback.objects.filter(page=guide, language="en", helpful=False, reason="Step 3 is unclear").exists()
