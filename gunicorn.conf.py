"""gunicorn reads this file from the working directory (the repository root): `gunicorn helpcenter.wsgi`."""

import os
import sys

PROCESS_LOCAL_CACHES = ("LocMemCache", "DummyCache")


def on_starting(server):
    """Refuse several workers without a shared cache: each worker would count the feedback limits on its
    own, so N workers would allow N times the documented votes."""
    if server.cfg.workers < 2:
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helpcenter.settings.production")
    from django.conf import settings

    if settings.CACHES["default"]["BACKEND"].endswith(PROCESS_LOCAL_CACHES):
        server.log.error(
            "%s workers need a cache they share for the feedback limits: set REDIS_URL (README, Deploying) "
            "or run one worker.",
            server.cfg.workers,
        )
        sys.exit(1)


def post_worker_init(worker):
    """Before a worker takes requests: read the host's search index of every language it has built
    (search/index.py, preload), and render the search page and search once in each (search/views.py, warm),
    so that no reader's first search after a deploy or a restart waits for them. A failure only leaves that
    to the first search."""
    try:
        from django.db import connections

        from search.index import preload
        from search.views import warm

        warm(preload())
        connections.close_all()  # opened outside a request: the worker's requests open their own
    except Exception:
        worker.log.exception("search: the index could not be read before the worker started")
