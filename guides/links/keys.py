"""Where a stable key leads a reader: its page (and place on it) in the reader's language.

The language: the link's own (`?lang=` on /go/, `?language=` on the old site's addresses), then Django's
language cookie, then the browser's Accept-Language, then Latvian. A key nobody made leads to search for
its words; a key whose page is not live (unpublished, deleted) leads to the help index.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers

from ..models import StableLink, is_key

LANGUAGES = {code for code, _name in settings.LANGUAGES}


def reader_language(request, asked: str | None) -> str:
    if asked and asked.lower() in LANGUAGES:
        return asked.lower()
    return translation.get_language_from_request(request, check_path=False)


def help_index_url(language: str) -> str:
    with translation.override(language):
        return reverse("wagtail_serve", args=[""])


def search_url(search_view, language: str, words: str) -> str:
    with translation.override(language):
        return f"{reverse(search_view)}?{urlencode({'q': words})}"


def words_of(name: str) -> str:
    """`too-many-connections` (or an old keyword, `email_clients_imap`) as words: "too many connections"."""
    return " ".join(name.replace("_", "-").split("-")).strip()


def link_url(request, link: StableLink, language: str) -> str | None:
    """The page's address in `language` with the link's place on it; None when the page is not live."""
    page = link.page
    if page is None or not page.live:
        return None
    with translation.override(language):
        url = page.get_url(request)
    if not url:
        return None
    return f"{url}#{link.anchor}" if link.anchor else url


def destination(request, key: str, language: str, search_view) -> str:
    """Where `key` leads in `language` (one query: the link with its page)."""
    link = StableLink.objects.select_related("page").filter(key=key).first() if is_key(key) else None
    if link is None:
        return search_url(search_view, language, words_of(key))
    return link_url(request, link, language) or help_index_url(language)


def redirect(url: str) -> HttpResponseRedirect:
    """A 302 (targets move), that no cache keeps: it depends on the reader's language cookie and browser."""
    response = HttpResponseRedirect(url)
    patch_cache_control(response, no_store=True)
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
    return response
