"""Access switched off is checked first wherever it can explain the symptom, and every login problem starts
with step 0, the look at the web mailbox that settles most cases (issue 33, item 3)."""

import tomllib
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.utils import translation

from guides.models import ProblemPage, ServerSettings

PROBLEMS = Path(__file__).resolve().parents[2] / "content" / "problems"
LANGUAGES = ["lv", "en", "ru", "lt"]

# Problems whose symptom switched-off access explains: a rejected login or password, a refused or blocked
# sending (going over the hourly limit switches access off), a connection dropped after too many connections,
# Thunderbird's setup that cannot log in (access is off by default).
ACCESS_FIRST = {
    "login-rejected",
    "password-stopped-working",
    "sending-refused",
    "sending-blocked",
    "connection-dropped",
    "thunderbird-finds-no-settings",
}
# Lists access as a later cause: a refused or timed-out connection, or an unknown host, happens before the
# server knows the account, so the server settings come first.
ACCESS_LATER = {"cannot-connect"}


def shipped_causes():
    problems = {}
    for path in sorted(PROBLEMS.glob("*.toml")):
        data = tomllib.loads(path.read_text())
        problems[data["slug"]] = [s["cause"] for s in data["steps"] if s["kind"] == "cause"]
    return problems


def test_access_switched_off_is_the_first_cause_wherever_it_explains_the_symptom():
    problems = shipped_causes()
    for slug in ACCESS_FIRST:
        assert problems[slug][0] == "access-is-off", (slug, problems[slug])
    # a new problem that lists access decides where it goes: here, not by accident
    listing = {slug for slug, causes in problems.items() if "access-is-off" in causes}
    assert listing == ACCESS_FIRST | ACCESS_LATER


def test_sending_refused_counts_its_causes_truly_and_says_the_limit_switches_access_off():
    data = tomllib.loads((PROBLEMS / "sending-refused.toml").read_text())
    causes = [s["cause"] for s in data["steps"] if s["kind"] == "cause"]
    assert causes == ["access-is-off", "smtp-auth-off", "sending-limits"]
    three = {"lv": "Iemesli ir trīs", "en": "There are three causes", "ru": "Причины три", "lt": "Priežastys trys"}
    switches_off = {
        "lv": "tā izslēdzas pati",
        "en": "switches it off",
        "ru": "он отключается сам",
        "lt": "ji išsijungia pati",
    }
    for lang in LANGUAGES:
        assert three[lang] in data["summary"][lang], lang
        assert switches_off[lang] in data["summary"][lang], lang
        for step in data["steps"]:
            text = step.get("text", {}).get(lang, "") if isinstance(step.get("text"), dict) else ""
            assert not any(two in text for two in ("abiem", "of the two", "двух", "dviejų")), lang


SIGN_IN = {
    "lv": "Ienāciet pastkastē web interfeisā",
    "en": "Sign in to your mailbox on the web",
    "ru": "Войдите в ящик в веб-интерфейсе",
    "lt": "Prisijunkite prie pašto dėžutės žiniatinklyje",
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_login_problem_starts_with_the_web_mailbox_where_access_and_its_reason_show(db, lang):
    # Step 0 is the first step of the first cause, not a callout above the causes: on a phone the first cause's
    # first step stays on the first screen (tests/browser/test_troubleshooting.py).
    login = [p for p in ProblemPage.objects.live() if p.stage == "login"]
    assert {p.slug for p in login} == {"login-rejected", "password-stopped-working"}
    for problem in login:
        with translation.override(lang):
            url = problem.get_url()
        soup = BeautifulSoup(Client().get(url).content.decode(), "html.parser")
        first_step = soup.select_one("main li.cause .steps-section > :nth-child(2)")
        assert first_step.get_text(" ", strip=True).startswith(SIGN_IN[lang]), problem.slug
        link = first_step.find(attrs={"data-ref": "access.url"})
        domain = ServerSettings.objects.get().default_domain(lang)  # lt: inbox.lt (content/settings.toml)
        assert link["href"] == f"https://email.{domain}/prefs?group=enable_pop3", problem.slug
