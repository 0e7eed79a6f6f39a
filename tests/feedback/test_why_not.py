"""After "No", the box asks what was wrong (feedback.views.why_not): a reason and an optional comment added
to that browser's own vote, shown in the report and in "Unhelpful pages"; plain forms, cached pages."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import Page

from feedback.models import Feedback, WhyNot
from guides.models import ArticlePage
from tests.helpers import logged_in, user_in


def url(name, page):
    with translation.override("en"):
        return reverse(name, args=[page.pk])


def say_no(client, page):
    response = client.post(url("feedback", page), {"helpful": "no"})
    assert response.status_code == 303
    return response


def test_a_no_is_followed_by_the_question_what_was_wrong(client, guide):
    response = say_no(client, guide)
    assert response["Location"].endswith("?feedback=why#feedback")
    html = client.get(response["Location"].split("#")[0]).content.decode()
    form = BeautifulSoup(html, "html.parser").select_one("form.feedback-why")
    assert form["action"] == url("feedback_why_not", guide)
    assert {i["value"] for i in form.select("input[name=why]")} == set(WhyNot.values)
    assert form.select_one("textarea[name=reason]")["maxlength"] == "500"
    assert 'name="csrfmiddlewaretoken"' not in html  # the same page for every reader, so it can be stored


def test_a_yes_is_not_asked_why(client, guide):
    response = client.post(url("feedback", guide), {"helpful": "yes"})
    assert response["Location"].endswith("?feedback=thanks#feedback")


def test_the_reason_and_comment_are_added_to_the_browsers_own_no_once(client, guide):
    say_no(client, guide)
    comment = "<script>alert(1)</script> " + "x" * 600
    response = client.post(url("feedback_why_not", guide), {"why": "pictures", "reason": comment})
    assert response.status_code == 303 and response["Location"].endswith("?feedback=thanks#feedback")
    vote = Feedback.objects.get()
    assert vote.why_not == "pictures" and len(vote.reason) == 500 and vote.reason.startswith("<script>")
    # asked once: a second answer changes nothing
    client.post(url("feedback_why_not", guide), {"why": "other", "reason": "again"})
    vote.refresh_from_db()
    assert vote.why_not == "pictures" and "again" not in vote.reason


def test_another_browser_cannot_answer_for_a_vote_and_stores_nothing(client, guide):
    say_no(client, guide)
    stranger = Client()
    response = stranger.post(url("feedback_why_not", guide), {"why": "inaccurate", "reason": "not mine"})
    assert response.status_code == 303
    assert Feedback.objects.get().why_not == "" and Feedback.objects.count() == 1
    assert "hc_voter" not in response.cookies  # no new id handed out either


@pytest.mark.parametrize("why", ["", "spam", "inaccurate'--"])
def test_an_unknown_reason_is_a_400_with_a_message(client, guide, why):
    say_no(client, guide)
    response = client.post(url("feedback_why_not", guide), {"why": why})
    assert response.status_code == 400
    assert "choose what was wrong" in response.content.decode()
    assert Feedback.objects.get().why_not == ""


def test_the_question_from_another_site_is_refused(client, guide):
    say_no(client, guide)
    response = client.post(
        url("feedback_why_not", guide), {"why": "inaccurate"}, HTTP_ORIGIN="https://elsewhere.example"
    )
    assert response.status_code == 403
    assert Feedback.objects.get().why_not == ""


def test_a_flood_of_answers_from_one_address_is_cut_off(client, guide, settings):
    settings.FEEDBACK_VOTES_PER_IP_PER_HOUR = 5
    statuses = [client.post(url("feedback_why_not", guide), {"why": "other"}).status_code for _ in range(8)]
    assert statuses[:5] == [303] * 5 and set(statuses[5:]) == {429}


def votes(page, lang, *answers, days_ago=0):
    for n, (helpful, why) in enumerate(answers):
        vote = Feedback.objects.create(page=page, language=lang, helpful=helpful, why_not=why, voter=f"{lang}{n}")
        Feedback.objects.filter(pk=vote.pk).update(created_at=timezone.now() - timedelta(days=days_ago))


@pytest.fixture
def editor(db, django_user_model):
    return logged_in(user_in(django_user_model, "Editors", "why-editor"))


def report_rows(browser, path, **params):
    soup = BeautifulSoup(browser.get(path, params).content.decode(), "html.parser")
    return soup.select("table.feedback-report tbody tr")


def test_the_report_counts_what_was_wrong_per_page_and_language_and_escapes_comments(editor, guide):
    votes(guide, "en", (False, "pictures"), (False, "pictures"), (False, "confusing"), (True, ""))
    Feedback.objects.filter(language="en", why_not="confusing").update(reason="<b>steps 3</b>")
    (row,) = report_rows(editor, "/admin/feedback/")
    cell = " ".join(row.select_one(".feedback-why-not").get_text(" ").split())
    assert "Pictures are missing or unclear: 2" in cell and "It is hard to follow: 1" in cell
    html = editor.get("/admin/feedback/").content.decode()
    assert "&lt;b&gt;steps 3&lt;/b&gt;" in html and "<b>steps 3</b>" not in html
    export = editor.get("/admin/feedback/", {"export": "csv"})
    assert "Pictures are missing or unclear: 2" in b"".join(export.streaming_content).decode()


def test_unhelpful_pages_lists_the_worst_share_of_no_of_the_last_period_first(editor, guide):
    article = ArticlePage.objects.live().order_by("path").first()
    votes(guide, "lv", (False, "inaccurate"), (True, ""), (True, ""))  # a third "No"
    votes(article, "ru", (False, "missing"), (False, "missing"), (True, ""))  # two thirds "No"
    votes(article, "en", (False, "other"), days_ago=60)  # outside the default period
    votes(guide, "en", (True, ""))  # no "No": not listed
    rows = report_rows(editor, "/admin/feedback/unhelpful/")
    assert [(r["data-page"], r["data-lang"]) for r in rows] == [(str(article.pk), "ru"), (str(guide.pk), "lv")]
    # a period that reaches back finds the old one too
    since = (timezone.localdate() - timedelta(days=90)).isoformat()
    rows = report_rows(editor, "/admin/feedback/unhelpful/", created_at_from=since)
    assert (str(article.pk), "en") in [(r["data-page"], r["data-lang"]) for r in rows]


@pytest.mark.parametrize("group", ["Translators", "Settings administrators"])
def test_unhelpful_pages_is_for_the_roles_that_read_feedback(django_user_model, group, guide):
    browser = logged_in(user_in(django_user_model, group, "why-other"))
    response = browser.get("/admin/feedback/unhelpful/")
    assert response.status_code == 302


def test_what_was_wrong_with_a_page_readers_cannot_vote_on_is_a_404_that_says_so(client, db):
    index = Page.objects.get(depth=2)
    with translation.override("en"):
        response = client.post(reverse("feedback_why_not", args=[index.pk]), {"why": "other"})
    assert response.status_code == 404
    assert "published guide or article" in response.content.decode()
