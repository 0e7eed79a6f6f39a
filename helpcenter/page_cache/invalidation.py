"""What makes every stored page stale, and what the front cache is told to forget.

Anything that changes what a reader sees (a page published, unpublished, moved or deleted, the settings
record published or saved, a view restriction, a site, a redirect, an image, a translation's bookkeeping) sets a
new random content generation (store.py). Why one generation for the whole site and not per page: almost
every change shows on many pages (a guide's title is on the help index, in the related guides of its
siblings, in search results, in the sitemap; a record value is on every page), publishes are rare, and a
wrong dependency list would serve stale settings, the one thing this help center exists to prevent. A
random generation (not a counter) stays correct when the cache evicts it.

Per database transaction, however many pages, steps, revisions and translation states it saves: one bump
and one purge of the front cache's tags (tags.py, purges.py), when it commits (a response rendered from the
old rows while the transaction was open is stored under a generation the commit makes stale). A change of
the settings record alone purges the record's tag (every HTML page; not the sitemap), any other change the
site's. A transaction that never commits, the one a test case wraps each test in (Django marks its atomic
blocks), bumps at each change instead, so a test sees what it changed.

Pages and Wagtail's own models are watched here; each app names its models that change what readers see
in its AppConfig.ready() with `invalidates()`, so this module names no app of the project.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail import signals as wagtail_signals
from wagtail.contrib.redirects.models import Redirect
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site

from .purges import request_purge
from .store import bump_generation
from .tags import SITE_TAG

# What Wagtail's save_revision() writes on a snippet with drafts (DraftStateMixin.save_revision).
DRAFT_BOOKKEEPING = {"latest_revision", "has_unpublished_changes"}


@dataclass(frozen=True)
class Watched:
    tag: str  # the front cache's tag its change purges
    with_drafts: bool  # a save of only its draft bookkeeping changes nothing readers see


WATCHED: dict[type, Watched] = {}  # model -> how its saves and deletes invalidate; see invalidates()


def invalidates(*models, tag: str = SITE_TAG, with_drafts: bool = False) -> None:
    """Declare (in an AppConfig.ready()) that saving or deleting any of `models` changes what readers see.
    `tag`: what the front cache forgets (the site's tag unless the model shows only where another tag is);
    `with_drafts`: a snippet with drafts whose draft saves (its revision bookkeeping only) change nothing."""
    for model in models:
        WATCHED[model] = Watched(tag, with_drafts)
        label = model._meta.label
        post_save.connect(model_saved, sender=model, dispatch_uid=f"page-cache-save-{label}")
        post_delete.connect(model_deleted, sender=model, dispatch_uid=f"page-cache-delete-{label}")


def content_changed(sender=None, **kwargs) -> None:
    """Signal receiver: bump and purge once the transaction commits, once per transaction."""
    tag = WATCHED[sender].tag if sender in WATCHED else SITE_TAG
    connection = transaction.get_connection()
    if connection.atomic_blocks and getattr(connection.atomic_blocks[0], "_from_testcase", False):
        bump_generation()  # a test's transaction: it will never commit
    pending = getattr(connection, "page_cache_tags", None)  # emptied when after_commit runs
    if pending and any(callback is after_commit for _savepoints, callback, _robust in connection.run_on_commit):
        pending.add(tag)
        return  # this transaction has already asked
    connection.page_cache_tags = {tag}
    transaction.on_commit(after_commit)  # runs at once outside a transaction


def after_commit() -> None:
    connection = transaction.get_connection()
    tags = getattr(connection, "page_cache_tags", None) or {SITE_TAG}
    connection.page_cache_tags = set()
    bump_generation()
    request_purge({SITE_TAG} if SITE_TAG in tags else tags)  # the site's tag covers every other


def model_saved(sender, instance, update_fields=None, **kwargs) -> None:
    """A watched model saved; for a snippet with drafts, only when its live values were (published, or saved
    outside the admin: a shell, a script): a draft saved in the admin writes only its revision bookkeeping,
    which readers never see."""
    watched = WATCHED[sender]
    if watched.with_drafts and update_fields is not None and set(update_fields) <= DRAFT_BOOKKEEPING:
        return
    content_changed(sender)


def model_deleted(sender, instance, **kwargs) -> None:
    content_changed(sender)


def page_deleted(sender, instance, **kwargs) -> None:
    if isinstance(instance, Page):
        content_changed()


def watch_content() -> None:
    """Connect the receivers of pages and Wagtail's models (HelpcenterConfig.ready)."""
    for signal in (
        wagtail_signals.page_published,
        wagtail_signals.page_unpublished,
        wagtail_signals.post_page_move,
    ):
        signal.connect(content_changed, dispatch_uid=f"page-cache-{id(signal)}")
    for signal in (wagtail_signals.published, wagtail_signals.unpublished):  # snippets with drafts
        signal.connect(content_changed, dispatch_uid=f"page-cache-{id(signal)}")
    post_delete.connect(page_deleted, dispatch_uid="page-cache-delete")
    invalidates(PageViewRestriction, Site, Redirect, get_image_model())
