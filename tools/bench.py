"""`make bench`: the reader pages under production settings and gunicorn, against the same bytes as a
static file, in one run.

Starts gunicorn (2 workers, production settings, the shipped content on a fresh SQLite database, the
page cache in Redis when REDIS_URL or a local Redis is there, else on disk with 1 worker), and a second
server of the same kind with the page cache switched off (PAGE_CACHE_ENABLED=false), then measures with
wrk in alternating rounds: the longest guide from the page cache and rendered (from the second server:
no client header can make the first one render), the help index, a search, Thunderbird's autoconfig
for an address, the guide's bytes served by whitenoise as a static file, and the same bytes from a bare
WSGI application in the same gunicorn (tools/bare_wsgi.py: the limit of this stack). Prints req/s (median of the
rounds), the ratio to the static file, p99 latency and SQL queries per page, and exits non-zero when
the cached guide or search is under 0.85× static or the rendered guide under 0.042× static. Loopback only.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from fresh_site import FreshSite  # tools/, beside this script

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
CACHED_MIN, UNCACHED_MIN = 0.85, 0.042
BARE = "bare WSGI app, the guide's bytes"
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "5"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))


def say(message):
    print(message, flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def redis_url() -> str | None:
    if os.environ.get("REDIS_URL"):
        return os.environ["REDIS_URL"]
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
        return "redis://127.0.0.1:6379/14"
    except OSError:
        return None


def manage(env, *args, capture=False):
    return subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, text=True, capture_output=capture, timeout=600
    ).stdout


def workers(env) -> int:
    """Two workers, as in production; one without Redis (gunicorn.conf.py refuses several without a shared
    cache)."""
    return 2 if env.get("REDIS_URL") else 1


def start_gunicorn(env, port, application=("helpcenter.wsgi",)):
    server = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", *application, "--bind", f"127.0.0.1:{port}", "--workers", str(workers(env))],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/robots.txt", timeout=2).read()
            return server
        except OSError:
            time.sleep(0.3)
    server.kill()
    raise SystemExit("gunicorn did not start")


def stop(server):
    server.terminate()
    server.wait(timeout=20)


QUERIES = """
import json
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from guides.models import GuidePage
from helpcenter.page_cache.store import bump_generation
guides = sorted(GuidePage.objects.live(), key=lambda g: g.steps.count())
longest = guides[-1]
urls = json.loads({urls!r}) + [f"/lv/{{longest.slug_lv}}/"]
client = Client(HTTP_HOST="127.0.0.1")
counts = {{}}
for url in urls:  # PAGE_CACHE_ENABLED=false: every request is rendered
    client.get(url)
    found = []
    for cold in (True, False):  # the first render after a content change, then the next ones
        if cold:
            bump_generation()
        with CaptureQueriesContext(connection) as ctx:
            status = client.get(url).status_code
        found.append(len(ctx.captured_queries))
    counts[url] = (status, *found)
print(json.dumps({{"longest": f"/lv/{{longest.slug_lv}}/", "steps": longest.steps.count(), "counts": counts}}))
"""


def wrk(url, header=None) -> tuple[float, float]:
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--latency", url]
    if header:
        command[1:1] = ["-H", header]
    out = subprocess.run(command, check=True, capture_output=True, text=True, timeout=SECONDS + 60).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    scale = {"us": 0.001, "ms": 1, "s": 1000}[p99.group(2)]
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if non_2xx:
        raise SystemExit(f"{url}: {non_2xx.group(1)} error responses under load")
    return rate, float(p99.group(1)) * scale


def main():
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (Debian: apt-get install wrk; make bench installs it as root)")
    import json

    workdir = Path(tempfile.mkdtemp(prefix="helpcenter-bench-"))
    site = FreshSite(workdir / "build")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "helpcenter.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "TRUSTED_PROXY_COUNT": "0",
        "PAGE_CACHE_DIR": str(workdir / "page-cache"),
        "LOG_LEVEL": "WARNING",
        # wrk is one address asking for the same file over and over: what mail programs fetch counts toward
        # the render budget, which would answer it 429 (the cost of a refusal is not what is measured)
        "PAGE_CACHE_RENDERS_PER_MINUTE": str(10**9),
    }
    redis = redis_url()
    if redis:
        env["REDIS_URL"] = redis
    else:
        env.pop("REDIS_URL", None)
    say(f"bench: preparing {workdir} (production settings, SQLite, page cache in {'Redis' if redis else 'files'})")
    env = site.environ(workdir, env, static=True)  # this bench's own build: it may write into its static files
    static_root = Path(env["STATIC_ROOT"])
    pages = {
        "help index": "/lv/",
        "search": "/lv/search/?q=parole",
        "autoconfig": "/mail/config-v1.1.xml?emailaddress=anna@inbox.lv",
    }
    uncached_env = {**env, "PAGE_CACHE_ENABLED": "false"}
    measured = json.loads(
        manage(uncached_env, "shell", "-c", QUERIES.format(urls=json.dumps(list(pages.values()))), capture=True)
        .strip()
        .splitlines()[-1]
    )
    guide = measured["longest"]

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_gunicorn(env, port)
    body = urllib.request.urlopen(base + guide, timeout=30).read()
    stop(server)
    (static_root / "bench").mkdir(parents=True, exist_ok=True)
    (static_root / "bench" / "guide.html").write_bytes(body)
    server = start_gunicorn(env, port)
    uncached_port = free_port()
    uncached = start_gunicorn(uncached_env, uncached_port)
    bare_port = free_port()
    bare_env = {**env, "BENCH_BODY": str(static_root / "bench" / "guide.html")}
    bare = start_gunicorn(bare_env, bare_port, ("--pythonpath", str(ROOT / "tools"), "bare_wsgi:application"))
    try:
        targets = {
            "static copy of the guide": (base + "/static/bench/guide.html", None),
            BARE: (f"http://127.0.0.1:{bare_port}/", None),
            f"guide {guide}, cached": (base + guide, None),
            f"guide {guide}, rendered": (f"http://127.0.0.1:{uncached_port}{guide}", None),
            "help index /lv/, cached": (base + pages["help index"], None),
            "search, cached": (base + pages["search"], None),
            "autoconfig for an address": (base + pages["autoconfig"], None),
        }
        for url, header in targets.values():  # warm up: stored pages, worker imports
            urllib.request.urlopen(
                urllib.request.Request(url, headers=dict([header.split(": ")]) if header else {}), timeout=30
            ).read()
        results = {name: [] for name in targets}
        for round_number in range(1, ROUNDS + 1):
            say(f"bench: round {round_number} of {ROUNDS} ({len(targets)} targets × {SECONDS} s)")
            for name, (url, header) in targets.items():
                results[name].append(wrk(url, header))
    finally:
        stop(server)
        stop(uncached)
        stop(bare)
        shutil.rmtree(workdir, ignore_errors=True)

    static_rate = statistics.median(r for r, _ in results["static copy of the guide"])
    counts = measured["counts"]

    def rendered(url):  # first render after a content change / the next ones
        return f"{counts[url][1]}/{counts[url][2]}"

    queries = {  # SQL queries of one request (a stored page needs none)
        "static copy of the guide": "0",
        BARE: "0",
        f"guide {guide}, cached": "0",
        f"guide {guide}, rendered": rendered(guide),
        "help index /lv/, cached": f"0 (rendered {rendered(pages['help index'])})",
        "search, cached": f"0 (rendered {rendered(pages['search'])})",
        "autoconfig for an address": rendered(pages["autoconfig"]),
    }
    say("")
    say(f"{len(body) / 1024:.1f} KB guide of {measured['steps']} steps; gunicorn, {workers(env)} worker(s)")
    say(f"wrk -t2 -c{CONNECTIONS} -d{SECONDS}s, median of {ROUNDS} alternating rounds")
    say(f"{'page':<44} {'req/s':>9} {'× static':>9} {'p99 ms':>8}  SQL queries (after a change/then)")
    ratios = {}
    for name in targets:
        rate = statistics.median(r for r, _ in results[name])
        p99 = statistics.median(p for _, p in results[name])
        ratios[name] = rate / static_rate
        say(f"{name:<44} {rate:>9.1f} {ratios[name]:>9.3f} {p99:>8.1f}  {queries[name]}")
    cached = ratios[f"guide {guide}, cached"]
    rendered = ratios[f"guide {guide}, rendered"]
    say(f"cached guide: {cached / ratios[BARE]:.3f}× the bare WSGI app (the limit of this stack)")
    failures = []
    if cached < CACHED_MIN:
        failures.append(f"cached guide {cached:.3f}× static, under {CACHED_MIN}")
    if ratios["search, cached"] < CACHED_MIN:
        failures.append(f"cached search {ratios['search, cached']:.3f}× static, under {CACHED_MIN}")
    if rendered < UNCACHED_MIN:
        failures.append(f"rendered guide {rendered:.3f}× static, under {UNCACHED_MIN}")
    if failures:
        raise SystemExit("bench: " + "; ".join(failures))
    say("bench: cached guide and search, rendered guide within the limits")


if __name__ == "__main__":
    main()
