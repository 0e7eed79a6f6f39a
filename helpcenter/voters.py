"""What the readers' answers share (feedback/views.py, troubleshooter/views.py): a browser's random id in
a signed cookie, and what the browser says about where a request comes from.

Each browser gets a random id in the `hc_voter` cookie, signed (keyed with SECRET_KEY) so a client cannot
make ids up. The id itself is never stored: each feature keeps only a keyed hash of it with what was
answered (helpcenter/limits.py, keyed_hash), so one browser answers once and the stored value says nothing
about the reader, nor links its answers across pages or features.
"""

from __future__ import annotations

import re
import secrets

COOKIE_NAME = "hc_voter"
COOKIE_SALT = "feedback-voter"
COOKIE_MAX_AGE = 365 * 24 * 60 * 60
BROWSER_ID = re.compile(r"[A-Za-z0-9_-]{32}")


def browser_id_from(request) -> tuple[str, bool]:
    """The browser's random id from its signed cookie, or a new one; and whether it is new."""
    value = request.get_signed_cookie(COOKIE_NAME, default="", salt=COOKIE_SALT, max_age=COOKIE_MAX_AGE)
    if BROWSER_ID.fullmatch(value):
        return value, False
    return secrets.token_urlsafe(24), True


def set_browser_cookie(request, response, browser_id) -> None:
    response.set_signed_cookie(
        COOKIE_NAME,
        browser_id,
        salt=COOKIE_SALT,
        max_age=COOKIE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )


def from_another_site(request) -> bool:
    """What the browser says about where the request comes from: a Sec-Fetch-Site other than same-origin
    (or none: typed or bookmarked), or an Origin (else a Referer) that is not this site."""
    fetch_site = request.META.get("HTTP_SEC_FETCH_SITE")
    if fetch_site and fetch_site not in ("same-origin", "none"):
        return True
    here = f"{request.scheme}://{request.get_host()}"
    origin = request.META.get("HTTP_ORIGIN")
    if origin is not None:
        return origin != here
    referer = request.META.get("HTTP_REFERER")
    return referer is not None and not (referer == here or referer.startswith(here + "/"))
