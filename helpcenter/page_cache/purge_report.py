"""A failed purge of the front cache, shown on the admin's dashboard (the guides app says to whom) until a
later purge succeeds: its time and error, from the task's result row (the database task backend)."""

from __future__ import annotations

from django_tasks_db.models import DBTaskResult
from wagtail.admin.ui.components import Component

from .purges import BACKEND, RETRY_DELAYS, purge_tags

FAILED, SUCCESSFUL = "FAILED", "SUCCESSFUL"


def last_failure() -> DBTaskResult | None:
    """The newest finished purge, if it failed."""
    latest = (
        DBTaskResult.objects.filter(
            backend_name=BACKEND, task_path=purge_tags.module_path, status__in=(FAILED, SUCCESSFUL)
        )
        .order_by("-finished_at")
        .first()
    )
    return latest if latest is not None and latest.status == FAILED else None


class FailedPurgePanel(Component):
    name = "front_cache_purge_failed"
    order = 10  # first on the dashboard
    template_name = "page_cache/failed_purge_panel.html"

    def __init__(self, failure: DBTaskResult):
        self.failure = failure

    def get_context_data(self, parent_context):
        error = self.failure.traceback.strip().splitlines()[-1:] or [self.failure.exception_class_path]
        return {"failed_at": self.failure.finished_at, "error": error[0], "tries": len(RETRY_DELAYS) + 1}
