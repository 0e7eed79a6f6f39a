"""A Redis at its memory limit, and a Redis that is gone, under both caches (issue 34, item 2): every reader
URL, the mail programs' files and a vote answer as they do with Redis well, never 500. Real redis-server
processes of the test's own, on a Unix socket (HELPCENTER_REQUIRE_REDIS: no skipping in CI)."""

import os
import re
import shutil
import subprocess
import time

import pytest
import redis
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import translation

from feedback.models import Feedback
from guides.models import ArticlePage, CausePage, GuidePage, ProblemPage, TopicPage, TroubleshootingPage
from helpcenter.page_cache import generation
from helpcenter.settings.base import redis_caches
from tests.helpcenter.test_page_cache_defences import call_front, wsgi_environ

pytestmark = [
    pytest.mark.skipif(
        not shutil.which("redis-server") and not os.environ.get("HELPCENTER_REQUIRE_REDIS"), reason="no redis-server"
    ),
    pytest.mark.xdist_group("generation-listeners"),  # one process with the generation's listeners
]


def start_redis(folder, *options) -> tuple[subprocess.Popen, str]:
    socket = folder / "redis.sock"
    process = subprocess.Popen(
        ["redis-server", "--port", "0", "--unixsocket", str(socket), "--save", "", "--appendonly", "no", *options],
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while True:
        try:
            redis.Redis(unix_socket_path=str(socket)).ping()
            return process, str(socket)
        except redis.ConnectionError:
            assert time.monotonic() < deadline, "redis-server did not start"
            time.sleep(0.05)


def fill(socket) -> redis.Redis:
    """Hold 2 MB, then lower `maxmemory` below that: every write is refused from now on, as in a Redis that
    filled up under `noeviction` (README once advised it for a single Redis)."""
    client = redis.Redis(unix_socket_path=socket)
    for number in range(20):
        client.set(f"filler-{number}", b"x" * 100_000)
    client.config_set("maxmemory", "1mb")
    with pytest.raises(redis.exceptions.OutOfMemoryError):
        client.set("one-more", b"x")
    return client


@pytest.fixture
def full_redis(tmp_path):
    process, socket = start_redis(tmp_path, "--maxmemory-policy", "noeviction")
    fill(socket)
    yield socket
    process.kill()
    process.wait()


@pytest.fixture
def gone_redis(tmp_path):
    """The address of a Redis that was stopped."""
    process, socket = start_redis(tmp_path)
    process.kill()
    process.wait()
    return socket


def reader_urls() -> list[str]:
    guide = GuidePage.objects.live().first()
    urls = [f"/{lang}/{guide.slug}/" for lang in ("lv", "en", "ru", "lt")]
    for model in (TopicPage, ArticlePage, ProblemPage, CausePage, TroubleshootingPage):
        urls.append(model.objects.live().first().url)
    return urls + [
        "/lv/",
        "/lv/settings/",
        "/lv/search/?q=imap",
        "/lv/search/?q=0x800CCC0F",
        f"/lv/search/open/?q=imap&to={guide.pk}",
        "/sitemap.xml",
        "/robots.txt",
        "/mail/config-v1.1.xml?emailaddress=anna%40inbox.lv",
        "/.well-known/autoconfig/mail/config-v1.1.xml?emailaddress=anna%40inbox.lt",
        "/mobileconfig/?emailaddress=anna%40inbox.lv",
        "/lv/no-such-page/",
    ]


def answers_everything(db) -> dict:
    """Every reader URL twice through the front and Django, a vote, a troubleshooter answer and an
    Autodiscover request: url -> statuses."""
    answered = {}
    for url in reader_urls():
        path, _, query = url.partition("?")
        answered[url] = [call_front(wsgi_environ(path, QUERY_STRING=query))[0][:3] for _ in range(2)]
    client = Client(HTTP_ORIGIN="http://testserver")
    guide = GuidePage.objects.live().first()
    with translation.override("lv"):
        vote = reverse("feedback", args=[guide.pk])
    answered["vote"] = [str(client.post(vote, {"helpful": "yes"}).status_code)]
    problem = client.get(ProblemPage.objects.live().first().url).content.decode()
    still = re.search(r'href="(/lv/troubleshooter/[^"]+/still/)"', problem).group(1)
    answered["troubleshooter"] = [str(client.get(still).status_code)]
    request = b'<?xml version="1.0"?><Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006"><Request><EMailAddress>anna@inbox.lv</EMailAddress><AcceptableResponseSchema>http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a</AcceptableResponseSchema></Request></Autodiscover>'
    answered["autodiscover"] = [
        str(client.post("/autodiscover/autodiscover.xml", request, content_type="text/xml").status_code)
    ]
    return answered


@pytest.fixture
def caches_at(settings):
    def use(socket):
        url = f"unix://{socket}?db=0"
        return override_settings(CACHES=redis_caches(url, url, "test"))

    generation.PUSH.stop()
    yield use
    generation.PUSH.stop()


@pytest.mark.parametrize("state", ["full", "gone"])
def test_no_reader_url_answers_500_when_redis_is_full_or_gone(db, request, caches_at, state, caplog):
    socket = request.getfixturevalue(f"{state}_redis")
    with caches_at(socket):
        answered = answers_everything(db)
    failed = {url: statuses for url, statuses in answered.items() if any(s.startswith("5") for s in statuses)}
    assert failed == {}
    assert answered["vote"] == ["303"] and Feedback.objects.count() == 1  # the vote's limits let it through
    assert answered["/lv/no-such-page/"] == ["404", "404"]
    assert all(s == ["200", "200"] for url, s in answered.items() if url.startswith("/lv/search/?")), answered
    # each kind of failure logged a few times, not once a request
    redis_lines = [r for r in caplog.records if r.name in ("helpcenter.redis", "helpcenter.limits")]
    assert len(redis_lines) <= 4, [r.getMessage() for r in redis_lines]


def test_a_publish_into_a_full_redis_removes_the_old_generation(db, tmp_path, caches_at):
    process, socket = start_redis(tmp_path, "--maxmemory-policy", "noeviction")
    try:
        with caches_at(socket):
            old = generation.stored_generation()
            client = fill(socket)
            generation.bump_generation()  # refused by Redis; never raised
            assert not client.keys("*" + generation.GENERATION_KEY)  # so no page of `old` is replayed
            with pytest.raises(redis.exceptions.OutOfMemoryError):
                generation.stored_generation()  # a new one cannot be stored yet: every request renders
            client.config_set("maxmemory", "0")
            assert generation.stored_generation() != old
    finally:
        process.kill()
        process.wait()
