"""The front cache rehearsed: Debian's Varnish with deploy/varnish/helpcenter.vcl in front of two gunicorn
hosts (production settings) on PostgreSQL and Redis, and the task worker (`manage.py db_worker`) that sends
the purges. Varnish answers the pages it stored itself, and refuses a purge from an address it does not
list. Readers in four threads read every page in four languages under two host names through Varnish
while the settings record's IMAP port is published: no errors, no page in another language than its path's,
and once the publish has returned and its purge is done (the worker's poll, a few tenths of a second
later), no page shows the old port.

Skipped without varnishd (`make test` installs Debian's varnish and varnish-modules when run as root) or
without PostgreSQL or Redis on loopback, unless HELPCENTER_REQUIRE_FRONT_CACHE is set (CI)."""

import http.client
import os
import random
import re
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import psycopg
import pytest
import redis

from tests.helpcenter.test_page_cache_workers import (
    MANAGE,
    OLD,
    REDIS,
    ROOT,
    every_page_in_every_language,
    reachable,
    shows,
    start_gunicorn,
    wait_until_serving,
)

NEW = 1443
POSTGRES = ("127.0.0.1", 5432)
DATABASE = "frontcache_rehearsal"
REDIS_DB = 9
VARNISH_PORTS = range(6181, 6190)
GUNICORN_PORTS = range(8610, 8620)
HOSTS = ("127.0.0.1", "localhost")  # every page is read under both names: one purge reaches both copies
READERS = 4
PUBLISH = f"""
from guides.models import ServerSettings
record = ServerSettings.objects.get()
record.imap_port = {NEW}
record.full_clean()
record.save_revision().publish()
"""
LANGUAGE = re.compile(r'<html lang="([a-z-]+)"')

required = bool(os.environ.get("HELPCENTER_REQUIRE_FRONT_CACHE"))
pytestmark = [
    pytest.mark.skipif(
        not shutil.which("varnishd", path="/usr/sbin:/usr/bin:" + os.environ.get("PATH", "")) and not required,
        reason="no varnishd: install Debian's varnish and varnish-modules (make test does, as root)",
    ),
    pytest.mark.skipif(
        not (reachable(POSTGRES) and reachable(REDIS)) and not required,
        reason="no PostgreSQL on 127.0.0.1:5432 or no Redis on 127.0.0.1:6379",
    ),
    pytest.mark.slow,  # a database of its own, two gunicorn hosts, Varnish: once per CI run
    pytest.mark.xdist_group("front-cache-rehearsal"),
]


def free_port_in(ports, taken=()) -> int:
    for port in ports:
        if port in taken:
            continue
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {ports}")


def read(url: str, host: str) -> tuple[int, str]:
    request = urllib.request.Request(url, headers={"Host": host})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, ""


def manage(env, *args, timeout=300) -> None:
    done = subprocess.run(MANAGE + list(args), env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, done.stderr[-3000:]


def varnish_hits(workdir: Path) -> int:
    out = subprocess.run(
        ["varnishstat", "-n", str(workdir), "-1", "-f", "MAIN.cache_hit"], capture_output=True, text=True, check=True
    ).stdout
    return int(out.split()[1])


@pytest.fixture(scope="module")
def rehearsal(fresh_site):
    workdir = Path(tempfile.mkdtemp(prefix="helpcenter-varnish-"))
    workdir.chmod(0o755)  # varnishd's child runs as its own user
    with psycopg.connect(host=POSTGRES[0], port=POSTGRES[1], user="postgres", autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {DATABASE}")
        connection.execute(f"CREATE DATABASE {DATABASE}")
    redis.Redis(*REDIS, db=REDIS_DB).flushdb()
    varnish_port = free_port_in(VARNISH_PORTS)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.production_settings",  # production + X-Page-Cache
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": ",".join(HOSTS),
        "SECURE_SSL_REDIRECT": "false",
        "TRUSTED_PROXY_COUNT": "1",  # Varnish writes X-Forwarded-For
        "DATABASE_URL": f"postgres://postgres@{POSTGRES[0]}:{POSTGRES[1]}/{DATABASE}",
        "REDIS_URL": f"redis://{REDIS[0]}:{REDIS[1]}/{REDIS_DB}",
        "SEARCH_INDEX_DIR": str(workdir / "search-index"),
        "STATIC_ROOT": fresh_site.static_root(),
        "FRONT_CACHE_PURGE_URLS": f"http://127.0.0.1:{varnish_port}/",
        "LOG_LEVEL": "WARNING",
        "PAGE_CACHE_RENDERS_PER_MINUTE": "100000",  # the readers share one address
    }
    env.pop("PAGE_CACHE_REDIS_URL", None)
    manage(
        env,
        "shell",
        "--no-imports",
        "-c",
        "from django.core.management import call_command\n"
        "call_command('migrate', interactive=False, verbosity=0)\n"
        "call_command('load_content', verbosity=0)\n",
    )
    processes = []
    try:
        first = free_port_in(GUNICORN_PORTS)
        ports = (first, free_port_in(GUNICORN_PORTS, taken={first}))
        gunicorns = [start_gunicorn(env, workers=1, port=port) for port in ports]
        processes += [server for server, _base in gunicorns]
        # origin.vcl for this rehearsal: the two gunicorn hosts; helpcenter.vcl is the deployed file as it is
        backends = "".join(
            f'backend gunicorn_{n} {{ .host = "127.0.0.1"; .port = "{base.rsplit(":", 1)[1]}"; }}\n'
            for n, (_server, base) in enumerate(gunicorns)
        )
        (workdir / "origin.vcl").write_text(
            "import directors;\n" + backends + 'acl purgers { "127.0.0.1"; }\n'
            "sub vcl_init { new origin = directors.round_robin();\n"
            + "".join(f"origin.add_backend(gunicorn_{n});\n" for n in range(len(gunicorns)))
            + "}\nsub vcl_recv { set req.backend_hint = origin.backend(); }\n"
        )
        varnish = subprocess.Popen(
            [
                "varnishd",
                "-F",
                "-a",
                f"127.0.0.1:{varnish_port}",
                "-n",
                str(workdir / "varnish"),
                "-p",
                f"vcl_path={workdir}:{ROOT / 'deploy' / 'varnish'}",
                "-f",
                "helpcenter.vcl",
                "-s",
                "malloc,64m",
                "-T",
                "none",
            ],  # fmt: skip
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        processes.append(varnish)
        worker = subprocess.Popen(
            MANAGE + ["db_worker", "--backend", "front-cache", "--interval", "0.1", "--no-startup-delay"],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        processes.append(worker)
        wait_until_serving([base for _server, base in gunicorns])
        try:
            wait_until_serving([f"http://127.0.0.1:{varnish_port}"], seconds=20)
        except OSError:
            log = subprocess.run(
                ["varnishlog", "-n", str(workdir / "varnish"), "-d", "-g", "request"], capture_output=True, text=True
            )
            raise AssertionError(log.stdout[-4000:]) from None
        yield env, f"http://127.0.0.1:{varnish_port}", workdir / "varnish"
    finally:
        for process in processes:
            process.send_signal(signal.SIGINT)
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        redis.Redis(*REDIS, db=REDIS_DB).flushdb()
        with psycopg.connect(host=POSTGRES[0], port=POSTGRES[1], user="postgres", autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        shutil.rmtree(workdir, ignore_errors=True)


def purge_state(env) -> tuple[str, ...]:
    with psycopg.connect(env["DATABASE_URL"]) as connection:
        rows = connection.execute(
            "SELECT status FROM django_tasks_database_dbtaskresult WHERE backend_name = 'front-cache'"
        ).fetchall()
    return tuple(sorted(status for (status,) in rows))


def test_a_publish_under_load_through_varnish(rehearsal):
    env, varnish, varnish_dir = rehearsal
    started = time.time()
    paths = every_page_in_every_language(varnish)
    assert len(paths) >= 4 * 10 and {path[:4] for path in paths} >= {"/lv/", "/en/", "/ru/", "/lt/"}
    showing = []
    for path in paths:
        for host in HOSTS:
            for _ in range(2):
                status, body = read(varnish + path, host)
                assert status == 200, (path, host, status)
        if shows(body, OLD):
            showing.append(path)
    assert len(showing) >= 4 * 5, showing
    hits_before = varnish_hits(varnish_dir)
    for path in showing:
        for host in HOSTS:
            read(varnish + path, host)
    deadline = time.time() + 3  # Varnish's counters reach varnishstat a moment later
    while varnish_hits(varnish_dir) - hits_before < 2 * len(showing) and time.time() < deadline:
        time.sleep(0.2)
    assert varnish_hits(varnish_dir) - hits_before == 2 * len(showing)  # Varnish answers them itself

    # a purge from an address outside `purgers` is refused and forgets nothing
    port = int(varnish.rsplit(":", 1)[1])
    stranger = http.client.HTTPConnection("127.0.0.1", port, timeout=10, source_address=("127.0.0.2", 0))
    stranger.request("PURGE", "/", headers={"xkey-purge": "helpcenter"})
    assert stranger.getresponse().status == 403
    stranger.close()
    hits_before = varnish_hits(varnish_dir)
    read(varnish + showing[0], HOSTS[0])
    deadline = time.time() + 3
    while varnish_hits(varnish_dir) == hits_before and time.time() < deadline:
        time.sleep(0.2)
    assert varnish_hits(varnish_dir) == hits_before + 1

    reads, errors, stop = [], [], threading.Event()

    def reader(seed):
        chooser = random.Random(seed)
        while not stop.is_set():
            path, host = chooser.choice(showing), chooser.choice(HOSTS)
            began = time.time()
            try:
                status, body = read(varnish + path, host)
            except OSError as error:
                errors.append((path, host, repr(error)))
                continue
            language = LANGUAGE.search(body)
            reads.append((began, path, host, status, language and language.group(1), shows(body, OLD)))

    threads = [threading.Thread(target=reader, args=(n,)) for n in range(READERS)]
    for thread in threads:
        thread.start()
    time.sleep(1)
    queued_before = len(purge_state(env))  # loading the content queued purges too
    manage(env, "shell", "--no-imports", "-c", PUBLISH)
    published = time.time()
    # save_revision().publish() outside a transaction, as the admin runs it: the record's save and the
    # published signal commit apart, a purge each (bounded whatever the site's size)
    while not (queued_before < len(state := purge_state(env)) and set(state) == {"SUCCESSFUL"}):
        assert time.time() - published < 10, state
        time.sleep(0.05)
    purged = time.time()
    purges = len(purge_state(env)) - queued_before
    time.sleep(2)
    stop.set()
    for thread in threads:
        thread.join()

    assert not errors, errors[:5]
    assert all(status == 200 for _began, _path, _host, status, _lang, _old in reads)
    assert all(lang == path.split("/")[1] for _began, path, _host, _status, lang, _old in reads)  # none mixed
    after = [(path, host) for began, path, host, _status, _lang, old in reads if began >= purged and old]
    assert not after, after[:5]
    after_reads = [r for r in reads if r[0] >= purged]
    assert len(after_reads) > 4 * READERS
    for path in showing:  # every page under every name shows the new port
        for host in HOSTS:
            _status, body = read(varnish + path, host)
            assert shows(body, NEW) and not shows(body, OLD), (path, host)
    window = [r for r in reads if published <= r[0] < purged and r[5]]
    print(
        f"\nrehearsal: {len(reads)} reads through Varnish, {len(paths)} pages, 2 hosts; {purges} purge requests, done "
        f"{purged - published:.2f} s after the publish returned ({len(window)} reads of the old port in that "
        f"window, {len(after_reads)} after it, none old); {time.time() - started:.0f} s"
    )
