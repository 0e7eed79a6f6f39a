"""Two servers of two gunicorn workers each, sharing Redis, under production settings: after a published
change of the settings record returns, no reader gets the old value from any worker, on any page in any
language or from Thunderbird's autoconfig; and the feedback limits hold across all four workers."""

import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import redis

ROOT = Path(__file__).resolve().parents[2]
MANAGE = [sys.executable, str(ROOT / "manage.py")]
REDIS = ("127.0.0.1", 6379)
OLD, NEW, LATER = 993, 1993, 2993
NEW_VOTERS = 6
RENDERS_PER_MINUTE = 20  # fewer than the pages: one address could not render them all within its budget
PUBLISH = """
from guides.models import ServerSettings
record = ServerSettings.objects.get()
record.imap_port = {port}
record.full_clean()
record.save_revision().publish()
"""


def reachable(address) -> bool:
    try:
        socket.create_connection(address, timeout=1).close()
        return True
    except OSError:
        return False


pytestmark = [
    pytest.mark.skipif(
        not reachable(REDIS) and not os.environ.get("HELPCENTER_REQUIRE_REDIS"), reason="no Redis on 127.0.0.1:6379"
    ),
    pytest.mark.slow,  # starts four gunicorn workers on a database of its own: once per CI run is enough
    pytest.mark.xdist_group("gunicorn-workers"),  # one test process for the module's servers
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(env, *, workers: int, port=None, stderr=subprocess.DEVNULL) -> tuple[subprocess.Popen, str]:
    """gunicorn serving the help center with `env` on `port` (a free loopback port): (the process, its base URL)."""
    port = port or free_port()
    command = [sys.executable, "-m", "gunicorn", "helpcenter.wsgi", "-b", f"127.0.0.1:{port}", "-w", str(workers)]
    server = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=stderr)
    return server, f"http://127.0.0.1:{port}"


def wait_until_serving(bases, seconds=60) -> None:
    deadline = time.time() + seconds
    for base in bases:
        while True:
            try:
                fetch(base + "/robots.txt", timeout=2)
                break
            except OSError:
                if time.time() > deadline:
                    raise
                time.sleep(0.3)


def fetch(url, timeout=30, address=None) -> tuple[int, dict, str]:
    """GET `url`; `address`: the client our (one trusted) proxy names, else the connection's own."""
    request = urllib.request.Request(url, headers={"X-Forwarded-For": address} if address else {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def publish(env, port) -> None:
    subprocess.run(
        MANAGE + ["shell", "-c", PUBLISH.format(port=port)], env=env, cwd=ROOT, check=True, capture_output=True
    )


@pytest.fixture(scope="module")
def site(fresh_site):
    workdir = Path(tempfile.mkdtemp(prefix="helpcenter-workers-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.production_settings",  # production + X-Page-Cache
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "TRUSTED_PROXY_COUNT": "1",  # a request without X-Forwarded-For counts as 127.0.0.1
        "REDIS_URL": "redis://127.0.0.1:6379/13",
        "LOG_LEVEL": "WARNING",
        "FEEDBACK_NEW_VOTERS_PER_IP_PER_HOUR": str(NEW_VOTERS),
        "PAGE_CACHE_RENDERS_PER_MINUTE": str(RENDERS_PER_MINUTE),
    }
    redis.Redis(*REDIS, db=13).flushdb()  # no counters left by an interrupted run
    env = fresh_site.environ(workdir, env, static=True)
    # two hosts, as far as the cache can tell: nothing shared but Redis and the database
    servers = [start_gunicorn(env, workers=2) for _ in range(2)]
    bases = [base for _server, base in servers]
    wait_until_serving(bases)
    servers = [server for server, _base in servers]
    yield env, bases
    for server in servers:
        server.send_signal(signal.SIGINT)  # gunicorn's quick shutdown: nothing left to finish
    for server in servers:
        server.wait(timeout=20)
    redis.Redis(*REDIS, db=13).flushdb()
    shutil.rmtree(workdir, ignore_errors=True)


def every_page_in_every_language(base) -> list[str]:
    _status, _headers, sitemap = fetch(base + "/sitemap.xml")
    urls = set(re.findall(r'href="(http://[^"]+)"', sitemap)) | set(re.findall(r"<loc>([^<]+)</loc>", sitemap))
    return sorted(urlsplit(url).path for url in urls)


def shows(body: str, port: int) -> bool:
    return bool(re.search(rf'data-ref="imap\.port">{port}<|<port>{port}</port>', body))


def test_no_worker_serves_the_old_value_after_the_publish_returns(site):
    env, bases = site
    paths = every_page_in_every_language(bases[0])
    assert len(paths) >= 4 * 10
    # Every page stored on both servers (by readers of their own), and which of them show the IMAP port.
    showing = []
    for n, path in enumerate(paths):
        for base in bases:
            for _ in range(3):
                _status, headers, body = fetch(base + path, address=f"198.51.100.{n % 250}")
            assert headers.get("X-Page-Cache") == "hit", path
        if shows(body, OLD):
            showing.append(path)
    assert len(showing) >= 4 * 5, showing  # guides and settings page, in every language
    # Thunderbird's file for any address is never stored (its links follow Accept-Language), but it must
    # not lag behind either.
    showing += ["/mail/config-v1.1.xml", "/.well-known/autoconfig/mail/config-v1.1.xml"]

    published_at = []
    stale, fresh_hits, errors = [], [], []
    stop = threading.Event()

    def read(base, offset):
        i = offset
        while not stop.is_set():
            path = showing[i % len(showing)]
            i += 1
            started = time.monotonic()
            try:
                # each request from an address of its own: the mail files count toward a budget
                _status, headers, body = fetch(base + path, address=f"203.0.{offset}.{i % 250}")
            except OSError as exc:
                errors.append(f"{path}: {exc}")
                continue
            if published_at and started > published_at[0]:
                if not shows(body, NEW):
                    stale.append((base, path, headers.get("X-Page-Cache")))
                elif headers.get("X-Page-Cache") == "hit":
                    fresh_hits.append(base)

    readers = [threading.Thread(target=read, args=(base, n * 7)) for base in bases for n in range(2)]
    for reader in readers:
        reader.start()
    time.sleep(1)
    publish(env, NEW)
    published_at.append(time.monotonic())
    time.sleep(5)  # for each reader to go through every page showing the port several times, under load too
    stop.set()
    for reader in readers:
        reader.join()

    assert not errors, errors[:5]
    assert not stale, stale[:10]
    assert set(fresh_hits) == set(bases)  # the new pages are stored and replayed again, on both servers


def test_a_crowd_behind_one_address_reads_every_page_right_after_a_publish(site):
    """Before: after a publish every page counted against the address that asked for it first, so readers
    behind one shared address (a carrier's, an office's) got 429 for ordinary pages. Now 200 readers behind
    one address read every page in four languages, from two servers of two workers, right after a record
    publish: no 429, no old value, and each page rendered at most once per worker."""
    env, bases = site
    paths = every_page_in_every_language(bases[0])
    assert len(paths) > RENDERS_PER_MINUTE
    showing = set()
    for n, path in enumerate(paths):  # the site in use: every page read before, by readers of their own
        status, _headers, body = fetch(bases[n % 2] + path, address=f"198.51.100.{n % 250}")
        assert status == 200, path
        if shows(body, OLD) or shows(body, NEW):
            showing.add(path)
    assert len(showing) >= 4 * 5
    publish(env, LATER)

    answers, errors = [], []
    lock = threading.Lock()

    def reader(n):
        for step in range(5):  # the readers together ask for every page, each several times
            path = paths[(n * 7 + step * 13) % len(paths)]
            try:
                status, headers, body = fetch(bases[(n + step) % 2] + path, timeout=60)
            except OSError as exc:
                errors.append(f"{path}: {exc}")
                continue
            with lock:
                answers.append((path, status, headers.get("X-Page-Cache"), path in showing and not shows(body, LATER)))

    crowd = [threading.Thread(target=reader, args=(n,)) for n in range(200)]
    for thread in crowd:
        thread.start()
    for thread in crowd:
        thread.join()

    assert not errors, errors[:5]
    assert {path for path, *_ in answers} == set(paths)
    assert {status for _path, status, *_ in answers} == {200}
    assert not [path for path, _status, _cache, stale in answers if stale]
    renders = sum(cache == "miss" for _path, _status, cache, _stale in answers)
    print(f"\ncrowd: {len(answers)} answers for {len(paths)} pages, {renders} renders")
    assert renders <= len(paths) * 4  # two servers of two workers


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def vote(base, page_id) -> int:
    """A "Yes" from a client that keeps no cookies; the HTTP status."""
    opener = urllib.request.build_opener(NoRedirects)
    request = urllib.request.Request(f"{base}/en/feedback/{page_id}/", data=b"helpful=yes", method="POST")
    try:
        with opener.open(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_dropping_the_cookie_gives_only_so_many_votes_across_all_workers(site):
    _env, bases = site
    _status, _headers, page = fetch(bases[0] + "/en/thunderbird-imap/")
    page_id = re.search(r'action="/en/feedback/(\d+)/"', page).group(1)
    codes = [vote(bases[n % 2], page_id) for n in range(NEW_VOTERS + 6)]
    assert codes == [303] * NEW_VOTERS + [429] * 6  # four workers, one count


def test_gunicorn_refuses_several_workers_without_a_shared_cache(site):
    env = {key: value for key, value in site[0].items() if key != "REDIS_URL"}
    command = [sys.executable, "-m", "gunicorn", "helpcenter.wsgi", "-b", f"127.0.0.1:{free_port()}", "-w", "2"]
    result = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "REDIS_URL" in result.stderr
