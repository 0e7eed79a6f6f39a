"""The tags a front cache (Varnish's xkey, a CDN's Surrogate-Key or Cache-Tag) files a public response under,
so that a change is forgotten with one purge request per cache, whatever the number of pages and hosts.

Every response the page cache makes public carries the site's tag, and:
- a page of the help center its own (`page-<id>`), to purge one page by hand (`manage.py purge_front_cache`);
- an HTML page the settings record's tag: a reader's page may show any of the record's values (a guide's
  steps, a problem's causes, search results, the settings page); the sitemap and robots.txt show none.

The tags name no host: a copy stored under any host name (help.inbox.lv, help.inbox.lt, a name only a
wildcard allows) carries the same tags, so one purge of a tag reaches it under every name the site answers on.
"""

from __future__ import annotations

from django.conf import settings

SITE_TAG = "helpcenter"  # everything the front cache holds of this site: what a page change purges
RECORD_TAG = "settings-record"  # what the record's values show on: what a record publish purges


def page_tag(page_id: int) -> str:
    return f"page-{page_id}"


def tags_of(response) -> list[str]:
    tags = [SITE_TAG]
    if response.get("Content-Type", "").startswith("text/html"):
        tags.append(RECORD_TAG)
    # a page Wagtail served (its TemplateResponse keeps the context it rendered)
    page = (getattr(response, "context_data", None) or {}).get("page")
    if getattr(page, "pk", None) is not None:
        tags.append(page_tag(page.pk))
    return tags


def tag(response) -> None:
    """Writes the tags into the header the front cache reads (FRONT_CACHE_TAG_HEADER; empty: none): separated
    by spaces (xkey, Surrogate-Key), by commas in Cloudflare's Cache-Tag."""
    header = settings.FRONT_CACHE_TAG_HEADER
    if header:
        response[header] = ("," if header.lower() == "cache-tag" else " ").join(tags_of(response))
