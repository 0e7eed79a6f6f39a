"""“Was this helpful?”: the readers' vote on a guide or article.

Readers post a plain form (no JavaScript needed) to /<lang>/feedback/<page id>/. The form carries no
CSRF token, so a page is the same for every reader and can be cached (helpcenter/page_cache/);
instead the vote is refused when the browser says it comes from another site: a Sec-Fetch-Site other
than same-origin, or an Origin (else a Referer) that is not this site. Browsers send Origin with every
cross-site POST, so a form on another site cannot vote in a reader's name; a client that is no browser
could post without either header, but it could just as well fetch a token first.
Votes are anonymous: no IP address and no user are stored. Each browser gets a random id in the `hc_voter`
cookie (helpcenter/voters.py), signed (keyed with SECRET_KEY) so a client cannot make ids up; the stored
`voter` is HMAC-SHA256 of the page id and that id, so a browser has one vote per page and the value says
nothing about the reader. Limits per hour, counted in the cache (shared by every worker with Redis;
gunicorn.conf.py refuses several workers without it): votes per browser id; votes from new browsers (no
valid cookie) per client address, so dropping the cookie gives a fresh id only that many times; all votes
per client address. The client address is the one our own proxies report (helpcenter/clients.py), so one
client can neither reset its limit nor use up everyone else's. Ids and addresses appear in cache keys only
as keyed hashes.
"""

from __future__ import annotations

import unicodedata

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from wagtail.models import Page

from guides.models import ArticlePage, CausePage, GuidePage, ProblemPage
from helpcenter.clients import client_address
from helpcenter.limits import address_bucket, count_hit, keyed_hash
from helpcenter.voters import (  # noqa: F401  (COOKIE_*: the names tests and readers of this module use)
    COOKIE_MAX_AGE,
    COOKIE_NAME,
    COOKIE_SALT,
    browser_id_from,
    from_another_site,
    set_browser_cookie,
)

from .models import Feedback, WhyNot

REASON_MAX_LENGTH = 500
RATE_PERIOD = 60 * 60  # seconds
ANSWERS = {"yes": True, "no": False}


VOTED_ON = (GuidePage, ArticlePage, ProblemPage, CausePage)  # the page types readers can vote on


# --- model-free logic -------------------------------------------------------------------------


def voter_hash(page_id: int, browser_id: str) -> str:
    return keyed_hash("feedback-voter", page_id, browser_id)


def clean_reason(value: str | None) -> str:
    """Trimmed, without control characters (newlines and tabs kept), at most 500 characters."""
    text = (value or "").replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(c for c in text if c in "\n\t" or unicodedata.category(c)[0] != "C")
    return text.strip()[:REASON_MAX_LENGTH].strip()


def parse_helpful(value: str | None) -> bool | None:
    return ANSWERS.get((value or "").strip().lower())


def over_rate_limit(browser_id: str, new_browser: bool, address: str) -> bool:
    """Count this attempt and say whether it is over a limit: for the client address; for the browser;
    for a browser new to us, first for the new browsers of its address (the id is only counted once
    that lets it through, so refused attempts leave nothing behind in the cache)."""

    def over(counter, who, limit):
        return count_hit(f"feedback-{counter}", who, RATE_PERIOD) > limit

    over_address = over("ip", address, settings.FEEDBACK_VOTES_PER_IP_PER_HOUR)
    if new_browser and over("new", address, settings.FEEDBACK_NEW_VOTERS_PER_IP_PER_HOUR):
        return True
    return over("voter", browser_id, settings.FEEDBACK_VOTES_PER_VOTER_PER_HOUR) or over_address


def reader_language() -> str:
    lang = translation.get_language() or settings.LANGUAGE_CODE
    codes = [code for code, _name in settings.LANGUAGES]
    return lang if lang in codes else settings.LANGUAGE_CODE


# --- the readers' vote ----------------------------------------------------------------------


def takes_votes(page) -> bool:
    return isinstance(page, VOTED_ON)


def votable_page(page_id: int):
    """The live, public guide, article, problem or cause with this id, or None."""
    return Page.objects.live().public().type(*VOTED_ON).filter(pk=page_id).first()


def message_page(request, page, heading, message, status):
    back_url = (page.get_url(request) if page else None) or f"/{reader_language()}/"
    context = {"page": page, "heading": heading, "message": message, "back_url": back_url}
    response = render(request, "feedback/thanks.html", context, status=status)
    return response


@csrf_exempt  # replaced by from_another_site(): a token would make every page differ per reader
@require_POST
def vote(request, page_id):
    if from_another_site(request):
        return refused_elsewhere(request)

    browser_id, new_browser = browser_id_from(request)

    def answer(response):
        if new_browser:
            set_browser_cookie(request, response, browser_id)
        response["Cache-Control"] = "no-store"
        return response

    if over_rate_limit(browser_id, new_browser, address_bucket(client_address(request))):
        return too_many_answers(request)  # no new id either: ids handed out here would be votes for later

    page = votable_page(page_id)
    if page is None:
        return answer(
            message_page(
                request,
                None,
                _("Page not found"),
                _("Feedback can only be given on a published guide or article."),
                status=404,
            )
        )

    helpful = parse_helpful(request.POST.get("helpful"))
    if helpful is None:
        return answer(
            message_page(
                request,
                page,
                _("Your answer was not understood"),
                _("Please answer “Yes” or “No” to the question “Was this helpful?”."),
                status=400,
            )
        )

    voter = voter_hash(page.pk, browser_id)
    outcome = "thanks" if helpful else "why"  # after a "No", the box asks what was wrong
    if Feedback.objects.filter(page=page, voter=voter).exists():
        outcome = "already"
    else:
        try:
            with transaction.atomic():
                Feedback.objects.create(
                    page=page,
                    language=reader_language(),
                    helpful=helpful,
                    reason=clean_reason(request.POST.get("reason")),
                    voter=voter,
                )
        except IntegrityError:  # the same browser voted twice at the same moment
            outcome = "already"

    url = page.get_url(request)
    if not url:
        if outcome == "already":
            message = _("You have already told us, thank you.")
        else:
            message = _("Thank you for your feedback!")
        return answer(message_page(request, page, _("Was this helpful?"), message, status=200))
    response = HttpResponseRedirect(f"{url}?feedback={outcome}#feedback")
    response.status_code = 303  # See Other: the browser GETs the page
    return answer(response)


def too_many_answers(request):
    response = message_page(
        request,
        None,
        _("Too many answers"),
        _("You have sent too many answers in a short time. Please try again in an hour."),
        status=429,
    )
    response["Retry-After"] = str(RATE_PERIOD)
    response["Cache-Control"] = "no-store"
    return response


def refused_elsewhere(request):
    response = message_page(
        request,
        None,
        _("Answer not accepted"),
        _("Answers to “Was this helpful?” can only be sent from the pages of this help center."),
        status=403,
    )
    response["Cache-Control"] = "no-store"
    return response


@csrf_exempt  # as vote(): from_another_site() instead of a token
@require_POST
def why_not(request, page_id):
    """What was wrong, after a "No": a reason from WhyNot and an optional comment, added to this browser's
    own "No" on the page (found by its cookie, so nothing new is stored about the reader), once."""
    if from_another_site(request):
        return refused_elsewhere(request)
    address = address_bucket(client_address(request))
    if count_hit("feedback-why", address, RATE_PERIOD) > settings.FEEDBACK_VOTES_PER_IP_PER_HOUR:
        return too_many_answers(request)
    page = votable_page(page_id)
    why = request.POST.get("why", "")
    if page is None or why not in WhyNot.values:
        if page is None:
            message = _("Feedback can only be given on a published guide or article.")
        else:
            message = _("Please choose what was wrong with the page, or go back to it.")
        heading = _("Page not found") if page is None else _("Your answer was not understood")
        response = message_page(request, page, heading, message, status=404 if page is None else 400)
        response["Cache-Control"] = "no-store"
        return response
    browser_id, new_browser = browser_id_from(request)
    own_no = None
    if not new_browser:
        own_no = Feedback.objects.filter(
            page=page, voter=voter_hash(page.pk, browser_id), helpful=False, why_not=""
        ).first()
    if own_no is not None:
        comment = clean_reason(request.POST.get("reason"))
        own_no.why_not = why
        if comment:
            own_no.reason = clean_reason(f"{own_no.reason}\n{comment}" if own_no.reason else comment)
        own_no.save(update_fields=["why_not", "reason"])
    url = page.get_url(request)
    response = HttpResponseRedirect(f"{url}?feedback=thanks#feedback" if url else f"/{reader_language()}/")
    response.status_code = 303
    response["Cache-Control"] = "no-store"
    return response
