"""What makes every stored page stale, and the front-end cache's purge.

Anything that changes what a reader sees (a page published, unpublished, moved or deleted, the settings
record published or saved, a view restriction, a site, a redirect, an image, a translation's bookkeeping) sets a
new random content generation (store.py). Why one generation for the whole site and not per page: almost
every change shows on many pages (a guide's title is on the help index, in the related guides of its
siblings, in search results, in the sitemap; a record value is on every page), publishes are rare, and a
wrong dependency list would serve stale settings, the one thing this help center exists to prevent. A
random generation (not a counter) stays correct when the cache evicts it.

Per database transaction, however many pages, steps, revisions and translation states it saves: one bump
and one batched purge of the front-end cache, when it commits (a response rendered from the old rows while
the transaction was open is stored under a generation the commit makes stale). A transaction that never
commits, the one a test case wraps each test in (Django marks its atomic blocks), bumps at each change
instead, so a test sees what it changed.
"""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.urls import reverse
from django.utils import translation
from wagtail import signals as wagtail_signals
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.contrib.redirects.models import Redirect
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site

from .store import bump_generation

# URL names of the public files outside the language prefixes (helpcenter/urls.py), which a front-end
# cache may hold.
SITE_FILES = ("sitemap", "robots-txt", "thunderbird-autoconfig", "thunderbird-autoconfig-well-known")
# What Wagtail's save_revision() writes on a snippet with drafts (DraftStateMixin.save_revision).
DRAFT_BOOKKEEPING = {"latest_revision", "has_unpublished_changes"}


def content_changed(**kwargs) -> None:
    """Signal receiver: bump and purge once the transaction commits, once per transaction."""
    connection = transaction.get_connection()
    if connection.atomic_blocks and getattr(connection.atomic_blocks[0], "_from_testcase", False):
        bump_generation()  # a test's transaction: it will never commit
    if any(callback is after_commit for _savepoints, callback, _robust in connection.run_on_commit):
        return  # this transaction has already asked
    transaction.on_commit(after_commit)  # runs at once outside a transaction


def after_commit() -> None:
    bump_generation()
    purge_frontend_cache()


def public_urls() -> list[str]:
    """Every URL a front-end cache may hold: each live, public page in each language and the site files.
    Search results cannot be listed; a CDN keeps them at most PAGE_CACHE_S_MAXAGE seconds."""
    urls = set()
    for site in Site.objects.select_related("root_page"):
        root = site.root_url
        urls.update(root + reverse(name) for name in SITE_FILES)
        pages = list(site.root_page.get_descendants(inclusive=True).live().public())
        parts = -(-len(pages) // settings.SITEMAP_PAGES_PER_PART)
        if parts > 1:  # /sitemap.xml is then an index of its parts (helpcenter/views.py)
            urls.update(root + reverse("sitemap-part", args=[number]) for number in range(1, parts + 1))
        for page in pages:
            for code, _name in settings.LANGUAGES:
                with translation.override(code):
                    url = page.get_url()
                if url:
                    urls.add(url if url.startswith("http") else root + url)
    return sorted(urls)


def purge_frontend_cache() -> None:
    """With a front-end cache configured (FRONTEND_CACHE_PURGE_URL), one batch of every public URL, each
    once. Wagtail sends it as a task (django-tasks): with a queued TASKS backend it leaves the editor's
    request; with the default immediate backend it runs here, after the commit."""
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    PurgeBatch(public_urls()).purge()


def record_saved(sender, instance, update_fields=None, **kwargs) -> None:
    """The settings record's live values saved (published, or saved outside the admin: a shell, a script);
    a draft saved in the admin writes only its revision bookkeeping, which readers never see."""
    if update_fields is not None and set(update_fields) <= DRAFT_BOOKKEEPING:
        return
    content_changed()


def content_deleted(sender, instance, **kwargs) -> None:
    if isinstance(instance, (Page, *watched_models())):
        content_changed()


def watched_models() -> tuple:
    """Besides pages (their own signals): what changes what readers see when it is saved or deleted."""
    return (PageViewRestriction, Site, Redirect, get_image_model(), apps.get_model("guides", "TranslationState"))


def watch_content() -> None:
    """Connect the receivers (HelpcenterConfig.ready)."""
    for signal in (
        wagtail_signals.page_published,
        wagtail_signals.page_unpublished,
        wagtail_signals.post_page_move,
        wagtail_signals.published,  # snippets with drafts: the server-settings record
        wagtail_signals.unpublished,
    ):
        signal.connect(content_changed, dispatch_uid=f"page-cache-{id(signal)}")
    for model in watched_models():
        post_save.connect(content_changed, sender=model, dispatch_uid=f"page-cache-save-{model._meta.label}")
    post_delete.connect(content_deleted, dispatch_uid="page-cache-delete")
    record = apps.get_model("guides", "ServerSettings")
    post_save.connect(record_saved, sender=record, dispatch_uid="page-cache-save-record")
