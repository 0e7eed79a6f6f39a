"""“Was this helpful?” on guides and articles: the readers' vote and the editors' report.

Readers post a plain, CSRF-protected form (no JavaScript needed) to /<lang>/feedback/<page id>/.
Votes are anonymous: no IP address and no user are stored. Each browser gets a random id in the
`hc_voter` cookie; the stored `voter` is HMAC-SHA256 (keyed with SECRET_KEY) of the page id and that
id, so a browser has one vote per page and the value says nothing about the reader. Votes are
rate-limited per browser id and per client IP address through the cache; both appear in cache keys
only as keyed hashes.

The admin report (/admin/feedback/, permission `guides.view_feedback`) aggregates in a fixed
number of queries, however many pages have votes. Votes outlive their page (see the Feedback model):
the report keeps showing a deleted page's votes, under the title saved with them.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import unicodedata

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Max, Q, Window
from django.db.models.functions import RowNumber
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.models import Page

from .models import ArticlePage, Feedback, GuidePage

COOKIE_NAME = "hc_voter"
COOKIE_MAX_AGE = 365 * 24 * 60 * 60
BROWSER_ID = re.compile(r"^[A-Za-z0-9_-]{32}$")
REASON_MAX_LENGTH = 500
RATE_PERIOD = 60 * 60  # seconds
# Defaults; settings.FEEDBACK_VOTES_PER_VOTER_PER_HOUR / FEEDBACK_VOTES_PER_IP_PER_HOUR override them.
VOTES_PER_VOTER_PER_HOUR = 10
VOTES_PER_IP_PER_HOUR = 300
REASONS_SHOWN = 5  # latest reasons per page and language in the report
ANSWERS = {"yes": True, "no": False}


# --- model-free logic -------------------------------------------------------------------------


def keyed_hash(*parts) -> str:
    """HMAC-SHA256 of the parts, keyed with SECRET_KEY (hex, 64 characters)."""
    message = "\x1f".join(str(part) for part in parts).encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def voter_hash(page_id: int, browser_id: str) -> str:
    return keyed_hash("feedback-voter", page_id, browser_id)


def browser_id_from(request) -> tuple[str, bool]:
    """The browser's random id from its cookie, or a new one; and whether it is new."""
    value = request.COOKIES.get(COOKIE_NAME, "")
    if BROWSER_ID.match(value):
        return value, False
    return secrets.token_urlsafe(24), True


def clean_reason(value: str | None) -> str:
    """Trimmed, without control characters (newlines and tabs kept), at most 500 characters."""
    text = (value or "").replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(c for c in text if c in "\n\t" or unicodedata.category(c)[0] != "C")
    return text.strip()[:REASON_MAX_LENGTH].strip()


def parse_helpful(value: str | None) -> bool | None:
    return ANSWERS.get((value or "").strip().lower())


def limit(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def count_hit(key: str) -> int:
    """Count one vote under `key` in the cache for the current period; the new count."""
    cache.add(key, 0, RATE_PERIOD)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, RATE_PERIOD)
        return 1


def over_rate_limit(browser_id: str, ip: str) -> bool:
    """Count this attempt for the browser and the client address; True when either is over its limit.

    The address is only used hashed, inside the cache key; it is never stored anywhere else.
    """
    per_voter = count_hit("feedback:rate:voter:" + keyed_hash("feedback-rate-voter", browser_id))
    per_ip = count_hit("feedback:rate:ip:" + keyed_hash("feedback-rate-ip", ip))
    return per_voter > limit("FEEDBACK_VOTES_PER_VOTER_PER_HOUR", VOTES_PER_VOTER_PER_HOUR) or per_ip > limit(
        "FEEDBACK_VOTES_PER_IP_PER_HOUR", VOTES_PER_IP_PER_HOUR
    )


def client_ip(request) -> str:
    # REMOTE_ADDR only: X-Forwarded-For is written by the client unless a trusted proxy rewrites it.
    return request.META.get("REMOTE_ADDR", "")


def reader_language() -> str:
    lang = translation.get_language() or settings.LANGUAGE_CODE
    codes = [code for code, _name in settings.LANGUAGES]
    return lang if lang in codes else settings.LANGUAGE_CODE


def share_of_yes(yes: int, no: int) -> int | None:
    """The share of yes answers in whole percent, None without answers."""
    total = yes + no
    return round(100 * yes / total) if total else None


# --- the readers' vote ----------------------------------------------------------------------


def votable_page(page_id: int):
    """The live, public guide or article with this id, or None."""
    return Page.objects.live().public().type(GuidePage, ArticlePage).filter(pk=page_id).first()


def message_page(request, page, heading, message, status):
    back_url = (page.get_url(request) if page else None) or f"/{reader_language()}/"
    context = {"page": page, "heading": heading, "message": message, "back_url": back_url}
    response = render(request, "guides/feedback_thanks.html", context, status=status)
    return response


def set_browser_cookie(request, response, browser_id):
    response.set_cookie(
        COOKIE_NAME,
        browser_id,
        max_age=COOKIE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )


@require_POST
def vote(request, page_id):
    browser_id, new_browser = browser_id_from(request)

    def answer(response):
        if new_browser:
            set_browser_cookie(request, response, browser_id)
        return response

    if over_rate_limit(browser_id, client_ip(request)):
        response = message_page(
            request,
            None,
            _("Too many answers"),
            _("You have sent too many answers in a short time. Please try again in an hour."),
            status=429,
        )
        response["Retry-After"] = str(RATE_PERIOD)
        return answer(response)

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
    outcome = "thanks"
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


# --- the editors' report --------------------------------------------------------------------


def report_rows():
    """Per page and language: yes, no, share of yes, latest vote and the latest reasons.

    Votes are grouped by the page they were given on, also after that page was deleted (their `page`
    is then empty; `original_page_id` keeps the page's id). A live page is shown as it is now; a
    deleted one by the title and path saved with its latest vote, and sorted after the live ones.

    Three queries whatever the number of pages (the counts, the pages, the latest reasons), and a
    fourth when there are votes of deleted pages (the snapshots).
    """
    counts = list(
        Feedback.objects.order_by()
        .values("original_page_id", "language")
        .annotate(
            yes=Count("pk", filter=Q(helpful=True)),
            no=Count("pk", filter=Q(helpful=False)),
            latest=Max("created_at"),
            current_page_id=Max("page_id"),
        )
    )
    if not counts:
        return [], {"yes": 0, "no": 0, "share": None}
    pages = Page.objects.in_bulk({row["current_page_id"] for row in counts if row["current_page_id"] is not None})
    reasons: dict[tuple[int, str], list[dict]] = {}
    latest_reasons = (
        Feedback.objects.exclude(reason="")
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("original_page_id"), F("language")],
                order_by=[F("created_at").desc(), F("pk").desc()],
            )
        )
        .filter(rank__lte=REASONS_SHOWN)
        .order_by("original_page_id", "language", "rank")
        .values("original_page_id", "language", "reason", "helpful", "created_at")
    )
    for item in latest_reasons:
        reasons.setdefault((item["original_page_id"], item["language"]), []).append(item)
    deleted = {row["original_page_id"] for row in counts if row["current_page_id"] not in pages}
    snapshots = deleted_page_snapshots(deleted) if deleted else {}

    order = {code: i for i, (code, _name) in enumerate(settings.LANGUAGES)}
    rows = []
    for row in counts:
        page_id = row["original_page_id"]
        page = pages.get(row["current_page_id"])
        info = translation.get_language_info(row["language"])
        rows.append(
            {
                **row,
                "page_id": page_id,
                "page": page,
                "deleted": page is None,
                "snapshot": snapshots.get(page_id, {}),
                "language_name": info["name_translated"],
                "share": share_of_yes(row["yes"], row["no"]),
                "reasons": reasons.get((page_id, row["language"]), []),
            }
        )

    def sort_key(row):
        where = (0, row["page"].path) if row["page"] else (1, row["snapshot"].get("page_title", ""), row["page_id"])
        return (*where, order.get(row["language"], len(order)))

    rows.sort(key=sort_key)
    yes = sum(r["yes"] for r in rows)
    no = sum(r["no"] for r in rows)
    return rows, {"yes": yes, "no": no, "share": share_of_yes(yes, no)}


def deleted_page_snapshots(page_ids) -> dict[int, dict]:
    """Title and path of each deleted page, as saved with its latest vote (one query)."""
    latest = (
        Feedback.objects.filter(original_page_id__in=page_ids)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("original_page_id")],
                order_by=[F("created_at").desc(), F("pk").desc()],
            )
        )
        .filter(rank=1)
        .values("original_page_id", "page_title", "page_url_path")
    )
    return {item["original_page_id"]: item for item in latest}


def report(request):
    if not request.user.has_perm("guides.view_feedback"):
        raise PermissionDenied
    rows, totals = report_rows()
    context = {"rows": rows, "totals": totals, "reasons_shown": REASONS_SHOWN}
    return render(request, "guides/admin/feedback_report.html", context)


@hooks.register("register_admin_urls")
def feedback_urls():
    return [path("feedback/", report, name="guides_feedback_report")]


class FeedbackMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("guides.view_feedback")


@hooks.register("register_admin_menu_item")
def feedback_menu_item():
    return FeedbackMenuItem(gettext_lazy("Feedback"), reverse("guides_feedback_report"), icon_name="comment", order=260)
