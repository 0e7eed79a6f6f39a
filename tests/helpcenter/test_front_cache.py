"""The front cache's tags and purges (helpcenter/page_cache/tags.py, purges.py): public responses carry their
tags; a change sends one purge per front cache whatever the number of pages, after its commit; a cache that
fails is tried again; a purge that still fails is shown to Site administrators on the admin's dashboard; the
worker command runs the queued purges."""

import http.server
import threading

import pytest
from django.core.management import CommandError, call_command

from helpcenter.page_cache import purges
from tests import factories
from tests.helpers import logged_in, publish_settings, user_in


class FrontCache:
    """A stand-in front cache on loopback: records each purge; fails the first `failures` of them."""

    def __init__(self, failures=0):
        self.purges: list[tuple[str, str, str]] = []
        self.failures = failures
        cache = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_PURGE(self):
                cache.purges.append((self.command, self.path, self.headers.get("xkey-purge")))
                self.send_response(503 if len(cache.purges) <= cache.failures else 200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_port}/"

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def front_caches(settings, monkeypatch):
    monkeypatch.setattr(purges, "RETRY_DELAYS", (0, 0, 0))
    caches = [FrontCache(), FrontCache()]
    settings.FRONT_CACHE_PURGE_URLS = [cache.url for cache in caches]
    yield caches
    for cache in caches:
        cache.close()


def tags_of(response) -> set[str]:
    return set(response.get("xkey", "").split())


def test_public_responses_carry_their_tags(client, guide, db):
    page = client.get(guide.url)
    assert tags_of(page) == {"helpcenter", "settings-record", f"page-{guide.pk}"}
    assert client.get(guide.url)["xkey"] == page["xkey"]  # replayed from the store with them
    assert tags_of(client.get("/sitemap.xml")) == {"helpcenter"}  # shows none of the record's values
    assert tags_of(client.get("/lv/search/?q=parole")) == {"helpcenter", "settings-record"}
    assert "xkey" not in client.get("/lv/no-such-page/")  # never stored, so never tagged
    assert "xkey" not in client.get("/admin/login/")


def test_cloudflare_reads_its_tags_separated_by_commas(client, guide, settings):
    settings.FRONT_CACHE_TAG_HEADER = "Cache-Tag"
    assert client.get(guide.url)["Cache-Tag"] == f"helpcenter,settings-record,page-{guide.pk}"


def test_a_record_publish_sends_one_purge_per_cache_at_any_size(
    editor_client, record, front_caches, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert publish_settings(editor_client, record, imap_port=1993).status_code == 302
    small = [list(cache.purges) for cache in front_caches]
    assert small == [[("PURGE", "/", "settings-record")]] * 2
    with django_capture_on_commit_callbacks(execute=True):  # a bigger help center
        for n in range(12):
            factories.guide(f"more-{n}", steps=factories.steps_like("outlook-2010-imap", 3))
    for cache in front_caches:
        cache.purges.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert publish_settings(editor_client, record, imap_port=2993).status_code == 302
    assert [cache.purges for cache in front_caches] == small


def test_a_page_publish_purges_the_site_tag_once(front_caches, db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        factories.guide("ten-step-guide", steps=factories.steps_like("outlook-2010-imap", 10))
    assert [cache.purges for cache in front_caches] == [[("PURGE", "/", "helpcenter")]] * 2


def test_a_failing_cache_is_tried_again(front_caches):
    front_caches[0].failures = 2
    result = purges.purge_tags.enqueue(tags=["helpcenter"])
    assert result.status == "SUCCESSFUL" and result.return_value == 2
    assert len(front_caches[0].purges) == 3 and len(front_caches[1].purges) == 1


def test_a_cache_that_keeps_failing_fails_the_purge(front_caches):
    front_caches[0].failures = 100
    result = purges.purge_tags.enqueue(tags=["helpcenter"])
    assert result.status == "FAILED"
    assert len(front_caches[0].purges) == len(purges.RETRY_DELAYS) + 1
    assert len(front_caches[1].purges) == 1  # the other cache still forgot


QUEUED = {"BACKEND": "django_tasks_db.DatabaseBackend"}


def test_the_worker_runs_queued_purges_and_a_failure_reaches_the_dashboard(
    front_caches, settings, django_user_model, db, monkeypatch
):
    settings.TASKS = {**settings.TASKS, "front-cache": QUEUED}
    # the worker closes connections left in a transaction, as the test's is: it would close the test's
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)
    front_caches[0].failures = 100
    queued = purges.purge_tags.enqueue(tags=["settings-record"])
    assert queued.status == "READY" and not front_caches[1].purges  # waits for the worker
    call_command("db_worker", "--backend", "front-cache", "--batch", "--no-startup-delay", verbosity=0)
    assert front_caches[1].purges == [("PURGE", "/", "settings-record")]
    administrator = logged_in(user_in(django_user_model, "Site administrators", "siteadmin"))
    editor = logged_in(user_in(django_user_model, "Editors", "editor2"))
    dashboard = administrator.get("/admin/").content.decode()
    assert "The front cache did not forget a change" in dashboard and "503" in dashboard
    assert "The front cache did not forget a change" not in editor.get("/admin/").content.decode()
    front_caches[0].failures = 0  # the cache is back: the next purge succeeds, the notice goes
    purges.purge_tags.enqueue(tags=["helpcenter"])
    call_command("db_worker", "--backend", "front-cache", "--batch", "--no-startup-delay", verbosity=0)
    assert "The front cache did not forget a change" not in administrator.get("/admin/").content.decode()


def test_the_purge_command_purges_now_and_refuses_what_is_not_a_tag(front_caches, capsys):
    call_command("purge_front_cache")
    call_command("purge_front_cache", "page-12", "settings-record")
    assert front_caches[1].purges == [("PURGE", "/", "helpcenter"), ("PURGE", "/", "page-12 settings-record")]
    assert "2 front cache(s) forgot" in capsys.readouterr().out
    with pytest.raises(CommandError, match="Not a tag"):
        call_command("purge_front_cache", "x\r\nHost: evil")
    front_caches[0].failures = 100
    with pytest.raises(CommandError, match="503"):
        call_command("purge_front_cache")
