"""The front cache's purge: after a change commits, its tags (tags.py) are sent to every front cache in
FRONT_CACHE_PURGE_URLS, one request each, by a task (django-tasks) that the worker (`manage.py db_worker
--backend front-cache`) runs out of the editor's request. The number of requests is the number of caches,
not of pages or hosts.

A cache that does not answer 2xx is tried again (RETRY_DELAYS); one still failing then fails the task,
which its result row keeps (the database backend), and the admin's dashboard shows it to those who may
change sites (helpcenter/wagtail_hooks.py) until a later purge succeeds.

The request is Varnish's with the xkey vmod as deploy/varnish/helpcenter.vcl accepts it: `PURGE /` with
the tags in `xkey-purge`. A CDN takes the same tags through its own API (README "Deploying").
"""

from __future__ import annotations

import logging
import time
import urllib.error
import urllib.request

from django.conf import settings
from django_tasks import task

BACKEND = "front-cache"  # the TASKS alias: a database queue in production, run at once under the tests
PURGE_HEADER = "xkey-purge"
RETRY_DELAYS = (1, 5, 20)  # seconds before the second, third and fourth try
TIMEOUT = 10  # seconds one request may take

logger = logging.getLogger(__name__)


class PurgeFailed(Exception):
    pass


def send(url: str, tags: list[str]) -> None:
    request = urllib.request.Request(url, method="PURGE", headers={PURGE_HEADER: " ".join(tags)})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            response.read()
    except (urllib.error.URLError, OSError) as error:  # HTTPError (not 2xx) is a URLError
        raise PurgeFailed(f"{url}: {error}") from error


def send_with_retries(url: str, tags: list[str]) -> None:
    for delay in (*RETRY_DELAYS, None):
        try:
            send(url, tags)
            return
        except PurgeFailed as error:
            if delay is None:
                raise
            logger.warning("front cache purge failed, trying again in %s s: %s", delay, error)
            time.sleep(delay)


@task(backend=BACKEND)
def purge_tags(tags: list[str]) -> int:
    """Every front cache forgets what carries one of `tags`; returns the number of requests sent."""
    urls = settings.FRONT_CACHE_PURGE_URLS
    failed = []
    for url in urls:
        try:
            send_with_retries(url, tags)
        except PurgeFailed as error:
            failed.append(str(error))
    if failed:
        raise PurgeFailed("; ".join(failed))
    return len(urls)


def request_purge(tags) -> None:
    """Queue the purge of `tags` (after a commit); without a front cache, nothing."""
    if not settings.FRONT_CACHE_PURGE_URLS:
        return
    try:
        purge_tags.enqueue(tags=sorted(tags))
    except Exception:  # the change is committed: a queue that fails must not turn the editor's save into an error
        logger.exception("the front cache purge of %s could not be queued", sorted(tags))
