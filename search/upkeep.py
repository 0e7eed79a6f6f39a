"""The shared search index brought up to date by the process that changed the content, not by the next
reader: when a transaction that published, unpublished or moved a page, or published the settings record
or a synonym, commits, this process syncs every language whose shared index this host has built
(SEARCH_INDEX_DIR, search/shared.py) and writes its state; the next reader in any worker only reads that
small state. In a request (an editor's publish) it runs when the response is finished, so the editor does
not wait for it; elsewhere (a shell, a management command) when the transaction commits.

search/index.py connects the receivers when it is loaded, with the work to do (its `refresh`): every worker
loads it before it takes requests (gunicorn.conf.py), and a process that never loads it leaves the work
to the readers.

Nothing depends on it: a reader's search still compares the content generation and syncs when it moved
(search/index.py), so a change this missed (a deletion, a view restriction) or an upkeep that failed only
makes the first reader's search slower. It never raises: a failing cache or database is logged, and the
publish goes on.
"""

from __future__ import annotations

import threading

from django.conf import settings
from django.core.signals import request_finished, request_started
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail import signals as wagtail_signals

DRAFT_BOOKKEEPING = {"latest_revision", "has_unpublished_changes"}  # a record's draft: readers see nothing new

_state = threading.local()  # in_request: a request is being handled; pending: it changed the content
_work: list = []  # what a commit that changed the content does: search/index.py's refresh


def content_published(**kwargs) -> None:
    """Signal receiver: bring the shared indexes up to date once the transaction commits (once per
    transaction; without SEARCH_INDEX_DIR each worker keeps its own index and there is nothing to share)."""
    if not settings.SEARCH_INDEX_DIR:
        return
    connection = transaction.get_connection()
    if any(callback is after_commit for _savepoints, callback, _robust in connection.run_on_commit):
        return
    transaction.on_commit(after_commit)  # at once outside a transaction


def record_saved(sender, instance, update_fields=None, **kwargs) -> None:
    """The settings record's live values saved (a draft saved in the admin changes nothing readers see)."""
    if update_fields is not None and set(update_fields) <= DRAFT_BOOKKEEPING:
        return
    content_published()


def after_commit() -> None:
    if getattr(_state, "in_request", False):
        _state.pending = True  # after the response (request_finished)
    else:
        run()


def request_began(**kwargs) -> None:
    _state.in_request, _state.pending = True, False


def request_ended(**kwargs) -> None:
    pending = getattr(_state, "pending", False)
    _state.in_request, _state.pending = False, False
    if pending:
        run()


def connect(work, synonym_model, record_model) -> None:
    """Connect the receivers, `work()` being what a commit that changed the content has done (search/index.py
    calls this once it is loaded, after the page cache's receivers: its generation moves first)."""
    if work not in _work:
        _work.append(work)
    for signal in (
        wagtail_signals.page_published,
        wagtail_signals.page_unpublished,
        wagtail_signals.post_page_move,
        wagtail_signals.published,  # snippets with drafts: the settings record
        wagtail_signals.unpublished,
    ):
        signal.connect(content_published, dispatch_uid=f"search-upkeep-{id(signal)}")
    post_save.connect(content_published, sender=synonym_model, dispatch_uid="search-upkeep-synonym-saved")
    post_delete.connect(content_published, sender=synonym_model, dispatch_uid="search-upkeep-synonym-deleted")
    post_save.connect(record_saved, sender=record_model, dispatch_uid="search-upkeep-record")
    request_started.connect(request_began, dispatch_uid="search-upkeep-request-started")
    request_finished.connect(request_ended, dispatch_uid="search-upkeep-request-finished")


def run() -> None:
    for work in _work:
        work()
