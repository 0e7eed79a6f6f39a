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
