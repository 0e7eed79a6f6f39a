"""The content generation each process holds, kept current over Redis (helpcenter/page_cache/generation.py),
on a real Redis: a stored page costs no Redis read, a bump returns only once every listener holds the new
value, and a listener that Redis drops, or that never answers, costs reads or a bounded wait, never stale
pages."""

import logging
import os
import secrets
import threading
import time

import pytest
import redis
from django.test import override_settings

from helpcenter.page_cache import generation, store
from helpcenter.page_cache.policy import Lookup
from tests.helpcenter.test_page_cache_workers import REDIS, reachable

DB = 11

pytestmark = [
    pytest.mark.skipif(
        not reachable(REDIS) and not os.environ.get("HELPCENTER_REQUIRE_REDIS"), reason="no Redis on 127.0.0.1:6379"
    ),
    pytest.mark.xdist_group("generation-listeners"),  # one test process: listeners and kills never overlap
]


@pytest.fixture
def redis_pages():
    """The page cache in Redis, under a prefix of this test's own."""
    pages = {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": f"redis://{REDIS[0]}:{REDIS[1]}/{DB}",
        "KEY_PREFIX": f"test-generation-{secrets.token_hex(4)}",
    }
    with override_settings(
        CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}, "pages": pages},
        PAGE_CACHE_PUSH_WAIT_SECONDS=1,
    ):
        generation.PUSH.stop()
        yield
        generation.PUSH.stop()
        generation.cache().delete_pattern("*")  # this prefix's keys only


def until(condition, seconds=5.0):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "not within the time"
        time.sleep(0.01)


def held_by(listener):
    until(lambda: listener.held() is not None)
    return listener.held()


def test_a_stored_page_reads_nothing_from_redis_once_the_generation_is_held(redis_pages, monkeypatch):
    generation.PUSH.held()  # starts this process's listener
    until(lambda: generation.PUSH.held() is not None)
    lookup = Lookup(key="page:/lv/", search=False, searched=None)
    store.write(lookup, {"generation": store.current_generation(), "status": 200, "body": b"<html>", "headers": []})
    reads = []
    shared = store.cache()  # this thread's client; the listener has its own
    original = shared.get
    monkeypatch.setattr(shared, "get", lambda *args, **kwargs: reads.append(args) or original(*args, **kwargs))
    for _ in range(100):
        _generation, entry = store.read(lookup)
        assert entry is not None
    assert reads == []

    store.bump_generation()
    assert store.read(lookup) == (generation.stored_generation(), None)  # stale the moment the bump returns


class SlowListener(generation.Listener):
    """A worker busy for a moment before it takes a new value."""

    def take(self):
        if self.value is not None:
            time.sleep(0.3)
        super().take()


def test_a_bump_returns_only_when_every_listener_holds_the_new_value(redis_pages):
    others = [SlowListener(pid=1000 + n).start() for n in range(2)]
    try:
        before = [held_by(other) for other in others]
        started = time.monotonic()
        store.bump_generation()
        waited = time.monotonic() - started
        new = generation.stored_generation()
        assert before == [before[0]] * 2 and new != before[0]
        assert [other.value for other in others] == [new, new]
        assert 0.3 <= waited < 1  # waited for both, not for the time limit
    finally:
        for other in others:
            other.stopped.set()


def test_a_listener_that_never_answers_holds_a_bump_for_the_stated_time_only(redis_pages, caplog):
    client = generation.redis_client()
    silent = client.pubsub()
    silent.subscribe(generation.channel(client))
    until(lambda: silent.get_message(timeout=0.1) is not None)
    try:
        started = time.monotonic()
        with caplog.at_level(logging.WARNING, logger=generation.__name__):
            store.bump_generation()
        assert 1 <= time.monotonic() - started < 2
        assert "0 of 1 workers took the new generation within 1 s" in caplog.text
    finally:
        silent.close()


def test_a_dropped_subscription_reads_the_stored_value_until_it_is_back(redis_pages):
    listener = generation.Listener(pid=2000).start()
    try:
        first = held_by(listener)
        address = "%s:%s" % listener.subscription.connection._sock.getsockname()
        redis.Redis(*REDIS).client_kill(address)
        until(lambda: listener.held() is None, seconds=3)
        generation.cache().set(generation.GENERATION_KEY, "changed-while-dropped", None)  # no message sent
        assert held_by(listener) == "changed-while-dropped" != first
    finally:
        listener.stopped.set()


def test_a_change_whose_message_was_lost_is_taken_within_the_ping_interval(redis_pages):
    listener = generation.Listener(pid=2500).start()
    try:
        held_by(listener)
        generation.cache().set(generation.GENERATION_KEY, "set-without-a-message", None)
        until(lambda: listener.held() == "set-without-a-message", seconds=generation.PING_SECONDS + 1.5)
    finally:
        listener.stopped.set()


def test_a_value_is_trusted_only_while_the_subscription_answered_lately():
    listener = generation.Listener(pid=3000)  # not started: its clock is set by hand
    listener.value, listener.seen = "g", time.monotonic()
    assert listener.held() == "g"
    listener.seen = time.monotonic() - generation.TRUST_SECONDS - 0.1  # no pong, message or read since
    assert listener.held() is None


def test_without_push_every_request_reads_the_stored_value(redis_pages):
    with override_settings(PAGE_CACHE_PUSH=False):
        generation.PUSH.stop()
        threads = threading.active_count()
        assert generation.PUSH.held() is None
        assert threading.active_count() == threads
        store.bump_generation()  # announces nothing, waits for nobody
        assert store.current_generation() == generation.stored_generation()
