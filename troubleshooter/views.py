"""A troubleshooter, cause by cause: the reader's answer at each cause of a problem page.

Each cause on a problem ends with two plain links (troubleshooter/templates/troubleshooter/
cause_answers.html): "This fixed it" (/<lang>/troubleshooter/<problem id>/<cause id>/fixed/) and "Still
not working" (…/still/). A link is a GET, and that is safe here because this GET only counts:
- it always ends in a redirect (303, `Cache-Control: no-store`, `X-Robots-Tag: noindex`): "Still not
  working" to the next cause on the problem page (`#cause-<n+1>`, the causes as the page shows them now),
  after the last one to the page's way out (`#still-not-working`); "This fixed it" to a thanks page. The
  reader's way through the page never depends on whether the answer was stored;
- it stores at most one small anonymous row, never changes content, and is bounded like the "Was this
  helpful?" votes (feedback/views.py): answers per browser id, answers from new browsers (no valid
  cookie) per client address, and all answers per client address, per hour, counted in the cache
  (helpcenter/limits.py; the address as our own proxies report it, helpcenter/clients.py). Over a limit the
  reader is still sent on, and nothing is stored (no new browser id either);
- nothing is stored for a HEAD (link checkers), a prefetch (`Sec-Purpose`/`Purpose: prefetch`), or a
  request the browser says comes from another site (helpcenter/voters.py, from_another_site: an image
  or a link on another site cannot answer in a reader's name; a typed or mailed link can, like a click);
  the links carry rel="nofollow" for crawlers;
- bad input is refused with a message, never a 500: ids are ASCII digits, at most ID_DIGITS of them
  (no `²`, `٣` or numbers the database cannot hold), 400; a page that is no live public problem, or a
  cause that is not on it, 404; `?program=` is kept only when it is a known program kind, else ignored.
So the problem pages stay the same for every reader (no CSRF token, no cookie, nothing per reader) and can
be stored by the page cache. Stored per answer (troubleshooter/models.py): the problem, the cause, the
language, the program if known, fixed or not, when, and a keyed hash of the problem, the cause and the
browser id (one answer per browser at a cause of a problem). No address, cookie value or reader's text.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from guides.models import CausePage, ProblemPage, ProblemStepKind
from guides.models.troubleshooting import PROGRAMS
from helpcenter.clients import client_address
from helpcenter.limits import address_bucket, count_hit, keyed_hash
from helpcenter.voters import browser_id_from, from_another_site, set_browser_cookie

from .models import CauseAnswer

ID_DIGITS = 12  # a page id: ASCII digits only, bounded (far beyond any page, far below the database's limit)
PAGE_ID = re.compile(rf"[0-9]{{1,{ID_DIGITS}}}")
RATE_PERIOD = 60 * 60  # seconds
WAY_OUT = "still-not-working"  # the problem page's section after the last cause
PROGRAM_KINDS = {kind for kind, _label in PROGRAMS}


# --- model-free logic -------------------------------------------------------------------------


def parse_id(value: str) -> int | None:
    """A page id written in ASCII digits (at most ID_DIGITS), else None."""
    return int(value) if PAGE_ID.fullmatch(value or "") else None


def parse_program(value: str | None) -> str:
    """A known program kind, else ""."""
    return value if value in PROGRAM_KINDS else ""


def voter_hash(problem_id: int, cause_id: int, browser_id: str) -> str:
    return keyed_hash("cause-answer-voter", problem_id, cause_id, browser_id)


def reader_language() -> str:
    lang = translation.get_language() or settings.LANGUAGE_CODE
    return lang if lang in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def next_anchor(causes: list[int], cause_id: int) -> str:
    """Where "Still not working" at this cause leads on the page: the next cause, or the way out."""
    number = causes.index(cause_id) + 1
    return f"cause-{number + 1}" if number < len(causes) else WAY_OUT


def is_prefetch(request) -> bool:
    purpose = request.META.get("HTTP_SEC_PURPOSE", "") + " " + request.META.get("HTTP_PURPOSE", "")
    return "prefetch" in purpose.lower()


def over_rate_limit(browser_id: str, new_browser: bool, address: str) -> bool:
    """Count this answer and say whether it is over a limit (the same three limits as the votes)."""

    def over(counter, who, limit):
        return count_hit(f"cause-answers-{counter}", who, RATE_PERIOD) > limit

    over_address = over("ip", address, settings.CAUSE_ANSWERS_PER_IP_PER_HOUR)
    if new_browser and over("new", address, settings.CAUSE_ANSWERS_NEW_VOTERS_PER_IP_PER_HOUR):
        return True
    return over("voter", browser_id, settings.CAUSE_ANSWERS_PER_VOTER_PER_HOUR) or over_address


# --- the problem and its causes --------------------------------------------------------------


def live_problem(problem_id: int) -> ProblemPage | None:
    return ProblemPage.objects.live().public().filter(pk=problem_id).first()


def causes_shown(problem: ProblemPage) -> list[int]:
    """The ids of the causes the problem page shows, in its order (ProblemPage.causes without their steps)."""
    live = {page.pk for page in problem.help_center_pages}
    return [s.cause_id for s in problem.step_list if s.kind == ProblemStepKind.CAUSE and s.cause_id in live]


# --- the answers -------------------------------------------------------------------------------


def no_store(response):
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


def refused(request, heading, message, status):
    context = {"heading": heading, "message": message, "help_index_url": f"/{reader_language()}/"}
    return no_store(render(request, "troubleshooter/message.html", context, status=status))


def may_record(request) -> bool:
    return request.method == "GET" and not is_prefetch(request) and not from_another_site(request)


def record(request, problem: ProblemPage, cause_id: int, fixed: bool):
    """Store the answer when it may be (see the module's docstring); the browser id to hand out, if new."""
    browser_id, new_browser = browser_id_from(request)
    if over_rate_limit(browser_id, new_browser, address_bucket(client_address(request))):
        return None
    voter = voter_hash(problem.pk, cause_id, browser_id)
    if not CauseAnswer.objects.filter(original_problem_id=problem.pk, original_cause_id=cause_id, voter=voter).exists():
        try:
            with transaction.atomic():
                CauseAnswer.objects.create(
                    problem=problem,
                    cause=CausePage.objects.get(pk=cause_id),
                    language=reader_language(),
                    program=parse_program(request.GET.get("program")),
                    fixed=fixed,
                    voter=voter,
                )
        except IntegrityError:  # the same browser answered twice at the same moment
            pass
    return browser_id if new_browser else None


@require_safe
def answer(request, problem_id: str, cause_id: str, fixed: bool):
    problem_pk, cause_pk = parse_id(problem_id), parse_id(cause_id)
    if problem_pk is None or cause_pk is None:
        return refused(
            request,
            _("This link is not right"),
            _("This address does not name a problem and its cause. Please go back to the problem's page."),
            status=400,
        )
    problem = live_problem(problem_pk)
    if problem is None:
        return refused(
            request,
            _("Page not found"),
            _("There is no such problem page. It may have been removed."),
            status=404,
        )
    causes = causes_shown(problem)
    if cause_pk not in causes:
        return refused(
            request,
            _("Page not found"),
            _("This cause is not one of the problem's causes. Please go back to the problem's page."),
            status=404,
        )

    new_browser_id = record(request, problem, cause_pk, fixed) if may_record(request) else None

    if fixed:
        url = reverse("troubleshooter_thanks")
    else:
        url = f"{problem.get_url(request) or f'/{reader_language()}/'}#{next_anchor(causes, cause_pk)}"
    response = HttpResponseRedirect(url)
    response.status_code = 303  # See Other: the browser GETs the next place
    if new_browser_id:
        set_browser_cookie(request, response, new_browser_id)
    return no_store(response)


@require_safe
def thanks(request):
    """After "This fixed it": the same page for every reader (the page cache may store it)."""
    response = render(request, "troubleshooter/thanks.html", {"help_index_url": f"/{reader_language()}/"})
    response["X-Robots-Tag"] = "noindex"
    return response
