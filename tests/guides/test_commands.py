"""The management commands `make run` relies on: load_content and ensure_admin."""

import io
import os
import re
import subprocess
import sys
import tomllib

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from wagtail.models import Page, ReferenceIndex, Revision

from guides.content import CONTENT_DIR
from guides.models import NUMBERED, CausePage, GuideStep, HelpIndexPage, ProblemStep, ServerSettings
from tests.helpers import planted_content


def run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_second_load_changes_nothing_and_keeps_editors_changes(guide, record):
    step = guide.steps.filter(kind="action").order_by("sort_order").first()
    step.text_en = "Edited by support."
    step.save()
    record.imap_port = 1993
    record.save()
    counts = (Page.objects.count(), GuideStep.objects.count(), Revision.objects.count(), ServerSettings.objects.count())

    output = run("load_content")

    assert "kept" in output and "created" not in output
    assert counts == (
        Page.objects.count(),
        GuideStep.objects.count(),
        Revision.objects.count(),
        ServerSettings.objects.count(),
    )
    assert GuideStep.objects.get(pk=step.pk).text_en == "Edited by support."
    assert ServerSettings.objects.get().imap_port == 1993


def test_reload_restores_the_shipped_content_and_indexes_every_reference_once(client, guide, record):
    """--reload brings back what editors deleted or changed; references are indexed once per object at the
    end instead of on every step's save, and the usage Wagtail shows (a cause's problems, the record's
    help index) is the same as if each save had indexed."""
    record.imap_port = 1993
    record.save()
    guide.steps.all().delete()

    output = run("load_content", "--reload")

    shipped = tomllib.loads((CONTENT_DIR / "guides" / "outlook-2010-imap.toml").read_text())["steps"]
    assert f"guide outlook-2010-imap: created with {len(shipped)} steps" in output
    assert ServerSettings.objects.get().imap_port == 993
    response = client.get("/en/outlook-2010-imap/")
    assert response.status_code == 200
    numbered = [s for s in shipped if s["kind"] in NUMBERED]
    assert response.content.count(b'class="step ') == len(numbered)
    for cause in CausePage.objects.all():
        using = set(ProblemStep.objects.filter(cause=cause).values_list("page_id", flat=True))
        indexed = {ref.object_id for ref in ReferenceIndex.get_references_to(cause)}
        assert using and indexed == {str(pk) for pk in using}, cause.slug
    record = ServerSettings.objects.get()
    assert {ref.object_id for ref in ReferenceIndex.get_references_to(record)} == {str(HelpIndexPage.objects.get().pk)}


def test_a_literal_port_in_shipped_content_is_refused(tmp_path, settings, monkeypatch, db):
    planted_content(
        tmp_path,
        monkeypatch,
        "bad.toml",
        'slug = "bad"\nprogram = "X"\n[title]\nlv = "X"\n[[steps]]\nkind = "note"\ntext.lv = "Ports 993."\n',
    )
    expected = r"bad.toml, step 1, text_lv: “993” is a value of the server settings: write the token {imap.port}"
    with pytest.raises(CommandError, match=expected):
        run("load_content")
    assert not Page.objects.filter(slug="bad").exists()


def test_ensure_admin_creates_one_admin_with_a_generated_password(db):
    User = get_user_model()
    User.objects.filter(is_superuser=True).delete()
    first = run("ensure_admin")
    password = re.search(r"password: (\S+)", first).group(1)
    assert len(password) >= 12
    admin = User.objects.get(is_superuser=True)
    assert admin.check_password(password)

    second = run("ensure_admin")
    assert password not in second
    assert User.objects.filter(is_superuser=True).count() == 1
    assert User.objects.get(is_superuser=True).check_password(password)


def test_two_admins_get_different_passwords(db):
    User = get_user_model()
    passwords = []
    for _ in range(2):
        User.objects.filter(is_superuser=True).delete()
        passwords.append(re.search(r"password: (\S+)", run("ensure_admin")).group(1))
    assert passwords[0] != passwords[1]


def test_the_file_check_needs_no_database(tmp_path):
    """`check_content --files` as an operator runs it before any migrate: on a database with no tables."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "helpcenter.settings.dev"}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    done = subprocess.run(
        [sys.executable, "manage.py", "check_content", "--files"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "No literal values" in done.stdout
