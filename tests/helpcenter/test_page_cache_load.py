"""A hostile flood on loopback, under production settings (gunicorn, 2 workers, Redis): thousands of
distinct Host ports, new searches and forced-render attempts from a few addresses. Afterwards worker memory
and Redis memory have grown by no more than the stated bounds, and readers' pages and votes answer as
usual. The figures are printed (pytest -s) for the README and the issue's note."""

import http.client
import itertools
import os
import random
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest
import redis

from tests.helpcenter.test_page_cache_workers import REDIS, free_port, reachable

ROOT = Path(__file__).resolve().parents[2]
MANAGE = [sys.executable, str(ROOT / "manage.py")]
DB = 12
REQUESTS = 4000
WORKER_GROWTH_MB = 25  # per worker
REDIS_GROWTH_MB = 4
SEARCH_ENTRIES = 50  # PAGE_CACHE_SEARCH_ENTRIES for this server
ATTACKERS = ["203.0.113.1", "203.0.113.2", "203.0.113.3", "2001:db8::1"]

pytestmark = [
    pytest.mark.skipif(
        not reachable(REDIS) and not os.environ.get("HELPCENTER_REQUIRE_REDIS"), reason="no Redis on 127.0.0.1:6379"
    ),
    pytest.mark.slow,
    pytest.mark.xdist_group("gunicorn-flood"),  # one test process for the module's server
]


def rss_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024


def workers_of(master: int) -> list[int]:
    return [int(pid) for pid in Path(f"/proc/{master}/task/{master}/children").read_text().split()]


def redis_mb(client) -> float:
    return client.info("memory")["used_memory"] / 1024 / 1024


class Connection:
    def __init__(self, port):
        self.port = port
        self.http = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def request(self, method, path, headers, body=None) -> tuple[int, dict, bytes]:
        for attempt in (1, 2):
            try:
                self.http.request(method, path, body=body, headers=headers)
                response = self.http.getresponse()
                return response.status, dict(response.getheaders()), response.read()
            except (http.client.HTTPException, OSError):
                self.http.close()
                self.http = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")


@pytest.fixture(scope="module")
def server(fresh_site):
    workdir = Path(tempfile.mkdtemp(prefix="helpcenter-flood-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "helpcenter.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "TRUSTED_PROXY_COUNT": "1",  # X-Forwarded-For names the client, as our proxy would write it
        "REDIS_URL": f"redis://127.0.0.1:6379/{DB}",
        "LOG_LEVEL": "ERROR",
        "PAGE_CACHE_SEARCH_ENTRIES": str(SEARCH_ENTRIES),
    }
    env.pop("PAGE_CACHE_REDIS_URL", None)
    redis.Redis(*REDIS, db=DB).flushdb()
    env = fresh_site.environ(workdir, env, static=True)
    port = free_port()
    master = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "helpcenter.wsgi", "-b", f"127.0.0.1:{port}", "-w", "2"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.time() + 60
    while True:
        try:
            Connection(port).request("GET", "/robots.txt", {"Host": "127.0.0.1"})
            break
        except OSError:
            if time.time() > deadline:
                raise
            time.sleep(0.3)
    yield port, master
    master.terminate()
    _out, errors = master.communicate(timeout=20)
    redis.Redis(*REDIS, db=DB).flushdb()
    shutil.rmtree(workdir, ignore_errors=True)
    assert b"Traceback" not in errors, errors.decode()[-3000:]


def reader_headers(address, **extra):
    return {"Host": "127.0.0.1", "X-Forwarded-For": address, **extra}


def test_a_flood_leaves_memory_bounded_and_readers_served(server):
    port, master = server
    reader = Connection(port)
    _status, _headers, sitemap = reader.request("GET", "/sitemap.xml", reader_headers("198.51.100.1"))
    paths = sorted(set(re.findall(r"<loc>http://127\.0\.0\.1(/[^<]+)</loc>", sitemap.decode())))
    assert len(paths) >= 40
    vocabulary = set()
    for n, path in enumerate(paths):  # every page stored, from addresses of their own (each has a budget)
        status, headers, body = reader.request("GET", path, reader_headers(f"198.51.100.{10 + n % 200}"))
        assert status == 200 and "X-Page-Cache" not in headers, path
        if path.startswith("/en/"):
            vocabulary |= set(re.findall(r"\b[a-z]{5,12}\b", body.decode()))
    guide = next(p for p in paths if "outlook" in p and p.startswith("/lv/"))
    assert reader.request("GET", "/en/search/?q=imap", reader_headers("198.51.100.2"))[0] == 200
    store = redis.Redis(*REDIS, db=DB)
    time.sleep(1)
    before = {pid: rss_mb(pid) for pid in workers_of(master.pid)}
    redis_before, keys_before = redis_mb(store), store.dbsize()

    words = sorted(vocabulary)
    random.seed(19)
    attempts = [
        lambda n: ("GET", guide, {"Host": f"127.0.0.1:{1024 + n}"}),
        lambda n: ("GET", f"/lv/search/?q=zz{n}qx", {}),  # finds nothing: rendered, never stored
        lambda n: ("GET", "/en/search/?q=" + "+".join(random.sample(words, 2)), {}),  # may find something
        lambda n: ("GET", guide, {"Cache-Control": "no-cache", "Pragma": "no-cache"}),
        lambda n: ("GET", guide, {"Cookie": f"sessionid={secrets.token_hex(16)}"}),
        lambda n: ("GET", f"{guide}?utm_source={n}", {}),
        lambda n: ("GET", f"/lv/no-such-page-{n}/", {}),
    ]
    counter = itertools.count()
    statuses: dict[int, int] = {}
    lock = threading.Lock()

    def flood(address):
        connection = Connection(port)
        while (n := next(counter)) < REQUESTS:
            method, path, headers = attempts[n % len(attempts)](n)
            status, _headers, _body = connection.request(method, path, {**reader_headers(address), **headers})
            with lock:
                statuses[status] = statuses.get(status, 0) + 1

    started = time.monotonic()
    threads = [threading.Thread(target=flood, args=(address,)) for address in ATTACKERS]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.monotonic() - started
    time.sleep(1)
    after = {pid: rss_mb(pid) for pid in workers_of(master.pid)}
    redis_after, keys_after = redis_mb(store), store.dbsize()

    print(
        f"\nflood: {REQUESTS} requests in {seconds:.1f} s from {len(ATTACKERS)} addresses, statuses {statuses}"
        f"\nworker RSS MB before {sorted(round(v, 1) for v in before.values())}"
        f" after {sorted(round(v, 1) for v in after.values())}"
        f"\nRedis used_memory MB {redis_before:.2f} -> {redis_after:.2f}; keys {keys_before} -> {keys_after}"
    )
    assert set(statuses) <= {200, 404, 429}, statuses
    assert statuses.get(429, 0) > 0  # the render budget held
    assert set(after) == set(before), "a worker was restarted"
    for pid, mb in after.items():
        assert mb - before[pid] <= WORKER_GROWTH_MB, (pid, before[pid], mb)
    assert redis_after - redis_before <= REDIS_GROWTH_MB
    # new keys: stored searches (at most twice the per-period cap) and a few counters per address
    assert keys_after - keys_before <= 2 * SEARCH_ENTRIES + 10 * len(ATTACKERS) + 10

    # readers are served as usual: stored pages, a render for a reader with a budget of their own, a vote
    for path in (guide, "/lv/", "/en/search/?q=imap"):
        assert reader.request("GET", path, reader_headers(ATTACKERS[0]))[0] == 200, path
    assert reader.request("GET", "/lv/search/?q=parole+imap", reader_headers("198.51.100.250"))[0] == 200
    page_id = re.search(rb'action="/lv/feedback/(\d+)/"', reader.request("GET", guide, reader_headers("x"))[2])
    status, headers, _body = reader.request(
        "POST",
        f"/lv/feedback/{page_id.group(1).decode()}/",
        reader_headers("198.51.100.251", **{"Content-Type": "application/x-www-form-urlencoded"}),
        body="helpful=yes",
    )
    assert status == 303, status
