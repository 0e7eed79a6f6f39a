"""The content generation: one random value for the whole site, replaced by every change readers can see
(invalidation.py). A stored page is replayed only while the generation it was rendered under is current.

Where the page cache is Redis, a stored page must not cost a Redis round trip to learn the generation
(about 100 µs here, more than whitenoise needs to send a static file). Each worker process therefore
holds the generation in memory, kept current by a listener thread subscribed to CHANNEL:

- bump_generation() sets the new value, publishes on CHANNEL, and returns only once every subscribed
  worker has acknowledged it (or after PAGE_CACHE_PUSH_WAIT_SECONDS, with a warning): after a publish
  returns, no worker replays a page of the old generation;
- a message is only a "look again": the listener reads the stored value, so concurrent bumps end with
  every worker on the value that was set last, as they would by reading it on every request;
- the listener also reads the stored value once every PING_SECONDS, so nothing (a message lost, an
  announce that failed) leaves a worker behind for longer;
- a worker trusts what it holds only while its subscription is known alive (a subscription reply, a
  message or an answer to its PING within TRUST_SECONDS); otherwise, and in the seconds a new worker needs
  to subscribe, it reads the stored value on every request, as without Redis.

The file cache of `make run` has no channel: there every request reads the stored value (a local file).
"""

from __future__ import annotations

import logging
import os
import threading
import time
import uuid

from django.conf import settings
from django.core.cache import caches

GENERATION_KEY = "page-cache:generation"
CHANNEL = "page-cache:generation-moved"
ACKS_KEY = "page-cache:generation-acks:{generation}"
PING_SECONDS = 1.0
TRUST_SECONDS = 3 * PING_SECONDS
RETRY_SECONDS = 1.0

logger = logging.getLogger(__name__)


def cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def new_generation() -> str:
    return uuid.uuid4().hex


def stored_generation() -> str:
    store = cache()
    generation = store.get(GENERATION_KEY)
    if generation is None:  # first request, or the cache lost it: nothing stored can be trusted
        store.add(GENERATION_KEY, new_generation(), None)
        generation = store.get(GENERATION_KEY)
    return generation


def current_generation() -> str:
    held = PUSH.held()
    return held if held is not None else stored_generation()


def bump_generation() -> None:
    """Make every stored response stale, for every worker and host sharing the cache. A cache that refuses
    the new value (a Redis at its memory limit refuses writes) is asked to forget the old one, which it
    may (a deletion frees memory): then nothing stored is replayed until a generation can be stored again.
    Never raises: the content is committed whatever the cache does."""
    generation = new_generation()
    try:
        cache().set(GENERATION_KEY, generation, None)
    except Exception as error:
        try:
            cache().delete(GENERATION_KEY)
        except Exception:
            logger.error(
                "page cache: the content changed but the generation could not be replaced nor removed; "
                "stored pages may be stale until they expire",
                exc_info=error,
            )
            return
        logger.warning("page cache: a new generation could not be stored; the old one was removed", exc_info=error)
        return
    PUSH.announce(generation)


def channel(client) -> str:
    """The channel of this site's cache: its key prefix, and its database number, as Redis's channels are
    shared by all its databases."""
    return f"{cache().make_key(CHANNEL)}:db{client.connection_pool.connection_kwargs.get('db', 0)}"


def redis_client():
    """The page cache's Redis client, or None for a cache without one (files, local memory)."""
    client = getattr(cache(), "client", None)
    if not settings.PAGE_CACHE_PUSH or not hasattr(client, "get_client"):
        return None
    return client.get_client(write=True)


class Listener:
    """The thread that keeps one process's copy of the generation current."""

    def __init__(self, pid: int):
        self.pid = pid
        self.value: str | None = None
        self.seen = 0.0  # time.monotonic() of the last sign that the subscription is alive
        self.subscription = None
        self.stopped = threading.Event()

    def held(self) -> str | None:
        if self.value is not None and time.monotonic() - self.seen < TRUST_SECONDS:
            return self.value
        return None

    def start(self) -> Listener:
        threading.Thread(target=self.listen, name="page-cache-generation", daemon=True).start()
        return self

    def listen(self) -> None:
        while not self.stopped.is_set():
            pubsub = None
            try:
                client = redis_client()
                pubsub = self.subscription = client.pubsub()
                pubsub.subscribe(channel(client))
                self.follow(client, pubsub)
            except Exception:
                logger.warning("page cache: generation channel lost; reading the generation per request", exc_info=True)
            finally:
                self.value = None
                self.subscription = None
                if pubsub is not None:
                    try:
                        pubsub.close()
                    except Exception:
                        pass
            self.stopped.wait(RETRY_SECONDS)

    def follow(self, client, pubsub) -> None:
        pinged = time.monotonic()
        while not self.stopped.is_set():
            message = pubsub.get_message(timeout=PING_SECONDS)
            now = time.monotonic()
            if message is not None:
                kind = message["type"]
                if kind == "subscribe":  # from now on no change passes unseen: read what is stored
                    self.take()
                    self.seen = now
                elif kind == "message":
                    self.take()
                    self.seen = now
                    acks = cache().make_key(ACKS_KEY.format(generation=message["data"].decode()))
                    client.pipeline().rpush(acks, self.pid).expire(acks, 60).execute()
                elif kind == "pong":
                    self.seen = now
            if now - pinged >= PING_SECONDS:
                pubsub.ping()
                pinged = now
                self.take()  # whatever a lost message or a failed announce missed

    def take(self) -> None:
        self.value = stored_generation()


class GenerationPush:
    """This process's listener (started on first use in each process: gunicorn forks after importing) and
    the announcement of a new generation to every process's listener."""

    def __init__(self):
        self.listener: Listener | None = None

    def held(self) -> str | None:
        listener = self.listener
        if listener is None or listener.pid != os.getpid():
            listener = self.start()
        return listener.held()

    def start(self) -> Listener:
        listener = Listener(os.getpid())
        if redis_client() is not None:
            listener.start()
        self.listener = listener
        return listener

    def stop(self) -> None:
        """Stop listening (tests); the next held() in this process starts again."""
        if self.listener is not None:
            self.listener.stopped.set()
        self.listener = None

    def announce(self, generation: str) -> None:
        """Tell every subscribed worker and wait until each has taken the new value."""
        client = redis_client()
        if client is None:
            return
        try:
            receivers = client.publish(channel(client), generation)
            acks = cache().make_key(ACKS_KEY.format(generation=generation))
            deadline = time.monotonic() + settings.PAGE_CACHE_PUSH_WAIT_SECONDS
            taken = 0
            while taken < receivers:
                left = deadline - time.monotonic()
                if left <= 0 or client.blpop([acks], timeout=max(left, 0.01)) is None:
                    logger.warning(
                        "page cache: %d of %d workers took the new generation within %s s; the others may "
                        "replay old pages until they do",
                        taken,
                        receivers,
                        settings.PAGE_CACHE_PUSH_WAIT_SECONDS,
                    )
                    break
                taken += 1
            client.delete(acks)
        except Exception:  # the value is stored: the listeners read it within PING_SECONDS
            logger.warning("page cache: generation not announced", exc_info=True)


PUSH = GenerationPush()
