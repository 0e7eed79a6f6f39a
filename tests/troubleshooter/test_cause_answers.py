"""The troubleshooter, cause by cause (troubleshooter/): the two links under each cause of a problem, the
answers they store (anonymous, bounded), and the editors' report of them."""

import csv
import io
import re

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from guides.models import CausePage, ProblemPage
from helpcenter import voters
from tests.helpers import LANGUAGES, logged_in, user_in
from troubleshooter import views
from troubleshooter.models import CauseAnswer

LOGIN_CAUSES = ["access-is-off", "not-generated-password", "not-full-address"]
REPORT_URL = "/admin/troubleshooter/"
THANKS = {"lv": "/lv/troubleshooter/thanks/", "en": "/en/troubleshooter/thanks/"}


@pytest.fixture
def problem(db):
    return ProblemPage.objects.get(slug="login-rejected")


@pytest.fixture
def causes(problem):
    return [CausePage.objects.get(slug=slug) for slug in LOGIN_CAUSES]


def answer_url(problem, cause, answer, lang="en"):
    with translation.override(lang):
        return reverse(f"cause_{answer}", args=[problem.pk, cause.pk])


def problem_url(problem, lang="en"):
    with translation.override(lang):
        return problem.get_url()


def browser_id(cookie_value):
    from django.test import RequestFactory

    request = RequestFactory().get("/", HTTP_COOKIE=f"{voters.COOKIE_NAME}={cookie_value}")
    return request.get_signed_cookie(voters.COOKIE_NAME, salt=voters.COOKIE_SALT)


# --- the model ---------------------------------------------------------------------------------


def test_an_answer_keeps_its_pages_ids_and_latvian_titles(problem, causes):
    answer = CauseAnswer.objects.create(problem=problem, cause=causes[0], language="ru", fixed=True, voter="v" * 64)
    assert (answer.original_problem_id, answer.original_cause_id) == (problem.pk, causes[0].pk)
    assert (answer.problem_title, answer.cause_title) == (problem.title_lv, causes[0].title_lv)
    answer.full_clean()


def test_an_answer_at_a_cause_the_problem_does_not_list_is_invalid(problem, causes):
    other = CausePage.objects.exclude(pk__in=[c.pk for c in causes]).first()
    with pytest.raises(ValidationError) as error:
        CauseAnswer(problem=problem, cause=other, language="en", fixed=False, voter="v" * 64).full_clean()
    assert "cause" in error.value.message_dict


@pytest.mark.parametrize(
    ("field", "value"), [("program", "outlook 2010"), ("program", "smtp_reply"), ("language", "de")]
)
def test_program_and_language_are_known_ones(problem, causes, field, value):
    answer = CauseAnswer(problem=problem, cause=causes[0], language="en", fixed=False, voter="v" * 64)
    setattr(answer, field, value)
    with pytest.raises(ValidationError) as error:
        answer.full_clean()
    assert field in error.value.message_dict


def test_answers_outlive_their_problem(problem, causes):
    CauseAnswer.objects.create(problem=problem, cause=causes[1], language="en", fixed=False, voter="v" * 64)
    title = problem.title_lv
    problem.delete()
    answer = CauseAnswer.objects.get()
    assert answer.problem_id is None and answer.problem_title == title and answer.cause_id == causes[1].pk


def test_nothing_personal_is_stored():
    fields = {f.name for f in CauseAnswer._meta.get_fields()}
    assert fields == {
        "id",
        "problem",
        "cause",
        "original_problem_id",
        "original_cause_id",
        "problem_title",
        "cause_title",
        "language",
        "program",
        "fixed",
        "answered_at",
        "voter",
    }


@pytest.mark.parametrize("value", ["12", "0"])
def test_ids_are_ascii_digits(value):
    assert views.parse_id(value) == int(value)


@pytest.mark.parametrize("value", ["", "²", "٣", "１", "1" * 13, "-1", "1.0", " 1", "1e3", "0x1"])
def test_anything_else_is_no_id(value):
    assert views.parse_id(value) is None


# --- the answers over HTTP ----------------------------------------------------------------------


def test_still_not_working_is_stored_and_leads_to_the_next_cause(client, problem, causes):
    response = client.get(answer_url(problem, causes[0], "still", "ru") + "?program=thunderbird")
    assert response.status_code == 303
    assert response["Location"] == problem_url(problem, "ru") + "#cause-2"
    assert response["Cache-Control"] == "no-store" and response["X-Robots-Tag"] == "noindex"
    answer = CauseAnswer.objects.get()
    assert (answer.problem_id, answer.cause_id, answer.language, answer.program, answer.fixed) == (
        problem.pk,
        causes[0].pk,
        "ru",
        "thunderbird",
        False,
    )
    cookie = response.cookies[voters.COOKIE_NAME]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    the_id = browser_id(cookie.value)
    assert answer.voter == views.voter_hash(problem.pk, causes[0].pk, the_id) and the_id not in answer.voter
    assert client.get(response["Location"].split("#")[0]).status_code == 200


def test_after_the_last_cause_still_not_working_leads_to_the_way_out(client, problem, causes):
    response = client.get(answer_url(problem, causes[-1], "still", "lt"))
    assert response.status_code == 303
    assert response["Location"] == problem_url(problem, "lt") + "#still-not-working"
    assert CauseAnswer.objects.get().fixed is False


@pytest.mark.parametrize("lang", LANGUAGES)
def test_this_fixed_it_is_stored_and_thanks_in_the_readers_language(client, problem, causes, lang):
    response = client.get(answer_url(problem, causes[1], "fixed", lang))
    assert response.status_code == 303
    assert response["Location"] == f"/{lang}/troubleshooter/thanks/"
    assert CauseAnswer.objects.filter(cause=causes[1], language=lang, fixed=True, program="").count() == 1
    thanks = client.get(response["Location"])
    assert thanks.status_code == 200
    soup = BeautifulSoup(thanks.content.decode(), "html.parser")
    with translation.override(lang):
        heading = translation.gettext("Glad it works again")
    assert soup.h1.get_text(strip=True) == heading
    if lang != "en":
        assert heading != "Glad it works again"  # translated
    assert soup.select_one(f".troubleshooter-thanks a[href='/{lang}/']")  # back to the help index
    assert not soup.select("form.feedback-form")


def test_an_unknown_program_is_not_stored(client, problem, causes):
    client.get(answer_url(problem, causes[0], "still") + "?program=<script>")
    client.get(answer_url(problem, causes[1], "still") + "?program=smtp_reply")
    assert set(CauseAnswer.objects.values_list("program", flat=True)) == {""}


def test_the_same_browser_answering_again_stores_nothing_new(client, problem, causes):
    client.get(answer_url(problem, causes[0], "still"))
    response = client.get(answer_url(problem, causes[0], "fixed"))
    assert response.status_code == 303 and response["Location"] == "/en/troubleshooter/thanks/"
    assert list(CauseAnswer.objects.values_list("fixed", flat=True)) == [False]
    client.get(answer_url(problem, causes[1], "fixed"))
    assert CauseAnswer.objects.count() == 2
    voters_ = set(CauseAnswer.objects.values_list("voter", flat=True))
    assert len(voters_) == 2  # one browser's answers cannot be linked to each other


def test_head_prefetch_and_other_sites_store_nothing_but_are_sent_on(problem, causes):
    url = answer_url(problem, causes[0], "still")
    for browser, method in [
        (Client(), "head"),
        (Client(HTTP_SEC_PURPOSE="prefetch"), "get"),
        (Client(HTTP_PURPOSE="prefetch"), "get"),
        (Client(HTTP_SEC_FETCH_SITE="cross-site"), "get"),
        (Client(HTTP_REFERER="https://evil.example/page.html"), "get"),
    ]:
        response = getattr(browser, method)(url)
        assert response.status_code == 303
        assert response["Location"].endswith("#cause-2")
        assert voters.COOKIE_NAME not in response.cookies
    assert not CauseAnswer.objects.exists()
    same_site = Client(HTTP_SEC_FETCH_SITE="same-origin", HTTP_REFERER="http://testserver" + problem_url(problem))
    assert same_site.get(url).status_code == 303
    assert CauseAnswer.objects.count() == 1


@pytest.mark.parametrize(
    "path",
    [
        "/en/troubleshooter/²/1/still/",
        "/en/troubleshooter/٣/1/fixed/",
        "/en/troubleshooter/1/١٢/fixed/",
        "/en/troubleshooter/99999999999999999999999999/1/still/",
        "/en/troubleshooter/-1/1/still/",
        "/en/troubleshooter/abc/1/still/",
    ],
)
def test_a_malformed_number_is_refused_with_a_message(db, client, path):
    response = client.get(path)
    assert response.status_code == 400
    assert "does not name a problem and its cause" in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    assert not CauseAnswer.objects.exists()


def test_unknown_pages_and_causes_not_on_the_problem_are_not_found(client, problem, causes):
    other_cause = CausePage.objects.exclude(pk__in=[c.pk for c in causes]).first()
    missing = ProblemPage.objects.order_by("-pk").first().pk + 100_000
    cases = [
        (f"/en/troubleshooter/{missing}/{causes[0].pk}/still/", "no such problem page"),
        (f"/en/troubleshooter/{causes[0].pk}/{causes[0].pk}/still/", "no such problem page"),  # a cause is no problem
        (answer_url(problem, other_cause, "fixed"), "not one of the problem's causes"),
        (f"/en/troubleshooter/{problem.pk}/{missing}/fixed/", "not one of the problem's causes"),
        (f"/en/troubleshooter/{problem.pk}/{causes[0].pk}/maybe/", None),
    ]
    for url, message in cases:
        response = client.get(url)
        assert response.status_code == 404, url
        if message:
            assert message in BeautifulSoup(response.content.decode(), "html.parser").get_text()
    problem.unpublish()
    assert client.get(answer_url(problem, causes[0], "still")).status_code == 404
    assert not CauseAnswer.objects.exists()


def test_the_next_cause_is_the_next_one_the_page_shows(client, problem, causes):
    """A cause that is not live is not on the page: the numbers and the way on follow what the page shows."""
    causes[1].unpublish()
    soup = BeautifulSoup(client.get(problem_url(problem)).content.decode(), "html.parser")
    assert [a["href"] for a in soup.select("li.cause a.cause-still")] == [
        answer_url(problem, causes[0], "still"),
        answer_url(problem, causes[2], "still"),
    ]
    assert client.get(answer_url(problem, causes[0], "still"))["Location"].endswith("#cause-2")
    assert client.get(answer_url(problem, causes[2], "still"))["Location"].endswith("#still-not-working")
    assert client.get(answer_url(problem, causes[1], "still")).status_code == 404
    assert CauseAnswer.objects.count() == 2


def test_post_is_not_allowed(client, problem, causes):
    assert client.post(answer_url(problem, causes[0], "fixed")).status_code == 405
    assert not CauseAnswer.objects.exists()


# --- limits -------------------------------------------------------------------------------------


def test_a_browser_is_limited_per_hour_and_is_still_sent_on(client, settings, problem, causes):
    settings.CAUSE_ANSWERS_PER_VOTER_PER_HOUR = 2
    for cause in causes:
        response = client.get(answer_url(problem, cause, "still"))
        assert response.status_code == 303  # the reader's way never breaks
    assert CauseAnswer.objects.count() == 2
    assert Client().get(answer_url(problem, causes[2], "still")).status_code == 303
    assert CauseAnswer.objects.count() == 3  # another browser, under its own limit


def test_dropping_the_cookie_gives_a_fresh_voter_only_so_often(settings, problem, causes):
    settings.CAUSE_ANSWERS_NEW_VOTERS_PER_IP_PER_HOUR = 3
    cookies = []
    for _ in range(6):
        response = Client(REMOTE_ADDR="203.0.113.9").get(answer_url(problem, causes[0], "fixed"))
        assert response.status_code == 303
        cookies.append(voters.COOKIE_NAME in response.cookies)
    assert cookies == [True] * 3 + [False] * 3
    assert CauseAnswer.objects.count() == 3
    assert Client(REMOTE_ADDR="198.51.100.4").get(answer_url(problem, causes[0], "fixed")).status_code == 303
    assert CauseAnswer.objects.count() == 4


def test_an_address_is_limited_per_hour_and_stays_out_of_the_cache_keys(settings, problem, causes):
    settings.CAUSE_ANSWERS_PER_IP_PER_HOUR = 2
    browser = Client(REMOTE_ADDR="203.0.113.7")
    for cause in causes:
        assert browser.get(answer_url(problem, cause, "still")).status_code == 303
    assert CauseAnswer.objects.count() == 2
    keys = list(cache._cache)
    assert keys and not any("203.0.113.7" in key for key in keys)


# --- the page ------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_cause_of_every_shipped_problem_ends_with_the_two_links(db, client, lang):
    with translation.override(lang):
        fixed_text, still_text = translation.gettext("This fixed it"), translation.gettext("Still not working")
    if lang != "en":
        assert (fixed_text, still_text) != ("This fixed it", "Still not working")
    problems = list(ProblemPage.objects.live().order_by("path"))
    assert len(problems) >= 5
    for problem in problems:
        html = client.get(problem_url(problem, lang)).content.decode()
        soup = BeautifulSoup(html, "html.parser")
        items = soup.select("ol.cause-list > li.cause")
        assert items, problem.slug
        for number, item in enumerate(items, 1):
            cause_link = item.find("a", string=re.compile("."), href=True)
            cause = CausePage.objects.get(pk=int(item.select_one("a.cause-fixed")["href"].split("/")[4]))
            assert cause_link  # the cause's own "More about" link comes first
            fixed, still = item.select_one("a.cause-fixed"), item.select_one("a.cause-still")
            assert fixed.get_text(strip=True) == fixed_text and still.get_text(strip=True) == still_text
            assert fixed["href"] == answer_url(problem, cause, "fixed", lang)  # as helpcenter/urls.py says
            assert still["href"] == answer_url(problem, cause, "still", lang)
            assert fixed["rel"] == still["rel"] == ["nofollow"]
            expected = "still-not-working" if number == len(items) else f"cause-{number + 1}"
            assert item.select_one(".cause-answers")["data-next"] == expected
            # and the link leads there
            response = Client().get(still["href"])
            assert response["Location"].endswith("#" + expected), (problem.slug, number)
        assert not soup.find("input", attrs={"name": "csrfmiddlewaretoken"})  # nothing per reader


def test_every_reader_gets_the_same_bytes_of_a_problem(problem):
    url = problem_url(problem, "lv")
    one, two = Client().get(url), Client(HTTP_COOKIE=f"{voters.COOKIE_NAME}=" + "a" * 32).get(url)
    assert one.status_code == two.status_code == 200
    assert one.content == two.content and not one.cookies
    assert "cause-fixed" in one.content.decode()


# --- the report ----------------------------------------------------------------------------------


def add_answers(problem, cause, lang, fixed, still, program=""):
    for i in range(fixed + still):
        CauseAnswer.objects.create(
            problem=problem,
            cause=cause,
            language=lang,
            program=program,
            fixed=i < fixed,
            voter=f"{cause.pk}-{lang}-{program}-{i}",
        )


def report_rows(response):
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    return [
        (int(r["data-cause"]), r["data-program"], r["data-lang"], int(r["data-fixed"]), int(r["data-still"]))
        for r in soup.select("table.troubleshooter-report tbody tr")
    ]


@pytest.fixture
def editor_browser(db, django_user_model):
    return logged_in(user_in(django_user_model, "Editors", "role-editor"))


def test_an_editor_reads_per_problem_program_and_language_how_often_each_cause_fixed_it(
    editor_browser, problem, causes
):
    add_answers(problem, causes[2], "en", 1, 0)
    add_answers(problem, causes[0], "en", 1, 3)
    add_answers(problem, causes[1], "en", 2, 1)
    add_answers(problem, causes[0], "lv", 0, 2, program="outlook")
    response = editor_browser.get(REPORT_URL)
    assert response.status_code == 200
    assert report_rows(response) == [
        (causes[0].pk, "", "en", 1, 3),  # in the order the problem lists its causes
        (causes[1].pk, "", "en", 2, 1),
        (causes[2].pk, "", "en", 1, 0),
        (causes[0].pk, "outlook", "lv", 0, 2),
    ]
    html = response.content.decode()
    assert causes[0].title in html and "Microsoft Outlook" in html
    assert report_rows(editor_browser.get(REPORT_URL, {"program": "outlook"})) == [
        (causes[0].pk, "outlook", "lv", 0, 2)
    ]
    assert [r[2] for r in report_rows(editor_browser.get(REPORT_URL, {"language": "lv"}))] == ["lv"]
    assert REPORT_URL in editor_browser.get("/admin/").content.decode()


def test_the_period_filter(editor_browser, problem, causes):
    import datetime
    from zoneinfo import ZoneInfo

    add_answers(problem, causes[0], "en", 1, 1)
    first, second = CauseAnswer.objects.order_by("pk")
    CauseAnswer.objects.filter(pk=first.pk).update(
        answered_at=datetime.datetime(2025, 1, 31, 23, 59, tzinfo=ZoneInfo("Europe/Riga"))
    )
    CauseAnswer.objects.filter(pk=second.pk).update(
        answered_at=datetime.datetime(2025, 2, 1, 0, 0, tzinfo=ZoneInfo("Europe/Riga"))
    )
    january = editor_browser.get(REPORT_URL, {"answered_at_from": "2025-01-01", "answered_at_to": "2025-01-31"})
    assert report_rows(january) == [(causes[0].pk, "", "en", 1, 0)]


def test_the_report_downloads_as_csv_and_xlsx(editor_browser, problem, causes):
    add_answers(problem, causes[0], "ru", 3, 1, program="apple_mail")
    response = editor_browser.get(REPORT_URL, {"export": "csv"})
    assert response.status_code == 200 and response["Content-Type"] == "text/csv"
    text = b"".join(response.streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 1
    row = rows[0]
    assert (row["Program"], row["This fixed it"], row["Still not working"], row["Share fixed (%)"]) == (
        "Apple Mail (iPhone, iPad)",
        "3",
        "1",
        "75",
    )
    assert row["Problem"] == problem.title_lv and row["Order on the problem"]
    xlsx = editor_browser.get(REPORT_URL, {"export": "xlsx"})
    assert xlsx.status_code == 200 and "spreadsheetml" in xlsx["Content-Type"]


def test_a_translator_may_not_read_the_report(db, django_user_model, problem, causes):
    add_answers(problem, causes[0], "en", 1, 0)
    for group in ("Translators", "Settings administrators"):
        browser = logged_in(user_in(django_user_model, group, f"role-{group.split()[0].lower()}"))
        for url in (REPORT_URL, f"{REPORT_URL}?export=csv", f"{REPORT_URL}results/"):
            response = browser.get(url)
            assert response.status_code in (302, 403), (group, url)
            assert response["Content-Type"].startswith("text/html")
        assert REPORT_URL not in browser.get("/admin/").content.decode()


def test_site_administrators_may_read_the_report(db, django_user_model):
    browser = logged_in(user_in(django_user_model, "Site administrators", "role-site-admin"))
    response = browser.get(REPORT_URL)
    assert response.status_code == 200
    assert "No reader has answered yet." in response.content.decode()


def test_a_deleted_cause_keeps_its_rows_under_its_saved_title(editor_browser, problem, causes):
    add_answers(problem, causes[0], "en", 2, 1)
    add_answers(problem, causes[1], "en", 0, 1)
    title = causes[0].title_lv
    causes[0].delete()
    response = editor_browser.get(REPORT_URL)
    rows = report_rows(response)
    assert rows == [(causes[1].pk, "", "en", 0, 1), (causes[0].pk, "", "en", 2, 1)]  # no position: last
    row = BeautifulSoup(response.content.decode(), "html.parser").select_one(f"tr[data-cause='{causes[0].pk}']")
    assert title in row.get_text() and "deleted page" in row.get_text()


def test_the_report_query_count_does_not_grow_with_rows(editor_browser, problem, causes):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    add_answers(problem, causes[0], "en", 1, 1)
    editor_browser.get(REPORT_URL)  # what the admin caches per process
    with CaptureQueriesContext(connection) as few:
        editor_browser.get(REPORT_URL)
    for problem_ in ProblemPage.objects.live():
        for step in problem_.steps.filter(kind="cause"):
            for lang in LANGUAGES:
                add_answers(problem_, step.cause, lang, 1, 2, program="outlook")
    with CaptureQueriesContext(connection) as many:
        response = editor_browser.get(REPORT_URL)
    assert len(report_rows(response)) > 20
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_permission_migration_is_idempotent_and_reversible(db):
    import importlib

    from django.contrib.auth.models import Group
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    migration = importlib.import_module("troubleshooter.migrations.0002_editors_read_the_answers")
    apps = MigrationLoader(connection).project_state(("troubleshooter", "0002_editors_read_the_answers")).apps

    def holders():
        return sorted(
            Group.objects.filter(permissions__codename="view_causeanswer").values_list("name", flat=True).distinct()
        )

    assert holders() == ["Editors", "Site administrators"]
    migration.grant(apps, None)
    assert holders() == ["Editors", "Site administrators"]
    migration.revoke(apps, None)
    assert holders() == []
    migration.grant(apps, None)
    assert holders() == ["Editors", "Site administrators"]
