"""Content releases (guides/releases.py), as an operator runs them: `load_content` after the files changed,
on the shipped site where an editor changed one guide and left another alone."""

import io
import shutil

import pytest
from django.core.management import call_command
from django.utils import translation
from wagtail.models import PageLogEntry

from guides.content import CONTENT_DIR
from guides.models import GuidePage, LoadedRelease, ReleaseConflict
from guides.texts import walk_page
from guides.translations import tracking
from tests.guides.test_roles import EDITORS, TRANSLATORS
from tests.helpers import logged_in, user_in

LEFT, EDITED = "thunderbird-imap", "outlook-2013-imap"


def run(*args):
    out = io.StringIO()
    call_command("load_content", *args, stdout=out)
    return out.getvalue()


def change(folder, slug, old, new):
    path = folder / "guides" / f"{slug}.toml"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


@pytest.fixture
def release(tmp_path, monkeypatch, db):
    """A copy of the shipped files with corrections to two guides, as the next release brings them."""
    folder = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, folder)
    monkeypatch.setattr("guides.content.CONTENT_DIR", folder)
    monkeypatch.setattr("guides.management.commands.load_content.CONTENT_DIR", folder)
    # the first heading: its Latvian source and its Russian translation corrected together
    change(folder, LEFT, 'text.lv = "Pirms sākat"', 'text.lv = "Pirms jūs sākat"')
    change(folder, LEFT, 'text.ru = "Перед началом"', 'text.ru = "Прежде чем начать"')
    change(folder, EDITED, '[title]\nlv = "', '[title]\nlv = "Labots: ')
    return folder


def guide(slug):
    return GuidePage.objects.get(slug=slug)


def first_heading(page):
    return next(t for t in walk_page(page) if t.step == 1 and t.field == "text")


def edit_as_editor(page):
    page.summary_en = "Corrected by support in the admin."
    page.save_revision().publish()


def test_the_untouched_guide_gets_the_release_and_the_edited_one_a_draft_and_a_conflict(release):
    edit_as_editor(guide(EDITED))
    edited_live_revision = guide(EDITED).live_revision_id

    output = run()

    left = guide(LEFT)
    assert left.steps.order_by("sort_order").first().text_lv == "Pirms jūs sākat"
    assert not left.has_unpublished_changes and left.latest_revision_id == left.live_revision_id
    entry = PageLogEntry.objects.get(page=left, action="guides.content_release")
    assert entry.revision_id == left.live_revision_id and entry.data["outcome"] == "published"
    with translation.override("en"):
        assert entry.message == f"Content release {entry.data['release']}"
    heading = first_heading(left)
    states = tracking.states_for([heading])
    assert tracking.status(heading, "ru", states) == tracking.CURRENT  # translated with the new source
    assert tracking.status(heading, "en", states) == tracking.STALE  # the release did not translate it

    edited = guide(EDITED)
    assert edited.live_revision_id == edited_live_revision  # nothing of the editor's lost
    assert edited.summary_en == "Corrected by support in the admin." and not edited.title.startswith("Labots")
    draft = edited.latest_revision.as_object()
    assert edited.has_unpublished_changes and draft.title_lv.startswith("Labots: ")
    assert draft.summary_en == "Corrected by support in the admin."  # the draft keeps the editor's change too
    conflict = ReleaseConflict.objects.get(page=edited)
    assert conflict.revision_id == edited.latest_revision_id
    assert "+title_lv: Labots: " in conflict.difference
    assert f"Conflict: {edited.title}" in output and "+title_lv: Labots: " in output
    assert ReleaseConflict.objects.count() == 1

    again = run()  # the same release again: nothing new
    assert ReleaseConflict.objects.count() == 1
    assert f"guide {LEFT}: kept (unchanged)" in again and f"guide {EDITED}: kept (unchanged)" in again


def test_once_the_draft_is_published_the_next_release_is_published_again(release):
    edit_as_editor(guide(EDITED))
    run()
    guide(EDITED).latest_revision.publish()  # an editor takes the release
    change(release, EDITED, 'lv = "Labots: ', 'lv = "Labots vēlreiz: ')

    output = run()

    assert guide(EDITED).title_lv.startswith("Labots vēlreiz: ")
    assert f"guide {EDITED}: release" in output and "published" in output
    assert ReleaseConflict.objects.count() == 1


def test_a_dry_run_says_what_would_happen_and_changes_nothing(release):
    edit_as_editor(guide(EDITED))
    releases = list(LoadedRelease.objects.values_list("page_id", "digest", "revision_id"))

    output = run("--dry-run")

    assert f"(dry run) guide {LEFT}: release" in output and f"(dry run) guide {EDITED}: changed by editors" in output
    assert "nothing changed" in output
    assert guide(LEFT).steps.order_by("sort_order").first().text_lv == "Pirms sākat"
    assert not guide(EDITED).has_unpublished_changes
    assert not ReleaseConflict.objects.exists()
    assert list(LoadedRelease.objects.values_list("page_id", "digest", "revision_id")) == releases


def test_editors_see_the_conflicts_and_translators_are_refused(release, django_user_model):
    edit_as_editor(guide(EDITED))
    run()
    page = guide(EDITED)

    response = logged_in(user_in(django_user_model, EDITORS, "release-editor")).get("/admin/release-conflicts/")
    assert response.status_code == 200
    body = response.content.decode()
    assert page.title in body and f'data-page="{page.pk}" data-record="" data-open="yes"' in body
    assert f"/admin/pages/{page.pk}/revisions/compare/live...{page.latest_revision_id}/" in body

    refused = logged_in(user_in(django_user_model, TRANSLATORS, "release-translator")).get("/admin/release-conflicts/")
    assert refused.status_code in (302, 403)


def test_the_pages_of_index_toml_are_released_too(release):
    """content/index.toml's pages: the untouched troubleshooting hub gets its corrected intro published, the
    help index an editor changed gets a draft and a conflict, and loading again changes nothing more."""
    from guides.models import HelpIndexPage, TroubleshootingPage

    index_toml = release / "index.toml"
    text = index_toml.read_text()
    text = text.replace('[troubleshooting.intro]\nlv = "', '[troubleshooting.intro]\nlv = "Labots. ', 1)
    text = text.replace('[index.intro]\nlv = "', '[index.intro]\nlv = "Jauns ievads. ', 1)
    index_toml.write_text(text)
    index = HelpIndexPage.objects.get()
    index.intro_en = "Changed by support in the admin."
    index.save_revision().publish()

    output = run()

    hub = TroubleshootingPage.objects.get()
    assert hub.intro_lv.startswith("Labots. ") and not hub.has_unpublished_changes
    assert "troubleshooting troubleshooting: release" in output and "published" in output
    index = HelpIndexPage.objects.get()
    assert index.intro_en == "Changed by support in the admin." and not index.intro_lv.startswith("Jauns ievads.")
    draft = index.get_latest_revision_as_object()
    assert draft.intro_lv.startswith("Jauns ievads. ") and draft.intro_en == "Changed by support in the admin."
    assert ReleaseConflict.objects.filter(page_id=index.pk).count() == 1
    assert "Conflict:" in output
    assert "release" not in run().replace("Content loaded (release", "")  # nothing new the second time


def change_settings(folder, old, new):
    path = folder / "settings.toml"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_a_settings_release_is_published_to_an_untouched_record_and_reaches_the_pages(release, client):
    from guides.content import RECORD_FIELDS, read, record_fields
    from guides.models import ServerSettings

    assert set(RECORD_FIELDS) == set(record_fields(read(release / "settings.toml")))
    change_settings(release, "alt_port = 25", "alt_port = 2525")

    output = run()

    record = ServerSettings.objects.get()
    assert record.smtp_alt_port == 2525 and not record.has_unpublished_changes
    assert "server settings: release" in output and "published" in output
    assert "2525" in client.get("/en/settings/").content.decode()
    assert "server settings: kept" in run()  # the same release again: nothing new


def test_a_settings_release_meets_a_record_changed_in_the_admin_as_a_draft_and_a_conflict(release, django_user_model):
    from guides.models import ServerSettings
    from tests.guides.test_roles import SETTINGS_ADMINISTRATORS

    record = ServerSettings.objects.get()
    record.imap_port = 1993
    record.save_revision().publish()  # a settings administrator's decision
    change_settings(release, "alt_port = 25", "alt_port = 2525")

    output = run()

    record = ServerSettings.objects.get()
    assert (record.imap_port, record.smtp_alt_port) == (1993, 25)  # live: nothing of theirs lost
    draft = record.latest_revision.as_object()
    assert record.has_unpublished_changes and (draft.imap_port, draft.smtp_alt_port) == (1993, 2525)
    conflict = ReleaseConflict.objects.get(record=record)
    assert "+smtp_alt_port: 2525" in conflict.difference and "Conflict: " in output

    admin = logged_in(user_in(django_user_model, SETTINGS_ADMINISTRATORS, "release-settings"))
    body = admin.get("/admin/release-conflicts/").content.decode()
    assert f'data-page="" data-record="{record.pk}" data-open="yes"' in body
    assert f"/admin/snippets/guides/serversettings/history/{record.pk}/revisions/compare/live" in body


def test_the_conflicts_export_writes_no_formula(db, django_user_model):
    """Titles and differences come from editors and content files: a cell starting with = is text in the CSV."""
    page = GuidePage.objects.live().first()
    page.title = '=HYPERLINK("https://evil.example")'
    page.save()
    ReleaseConflict.objects.create(page=page, release="r1", difference="-old\n+=1+1")
    admin = logged_in(user_in(django_user_model, EDITORS, "release-export"))
    text = b"".join(admin.get("/admin/release-conflicts/", {"export": "csv"}).streaming_content).decode()
    assert "'=HYPERLINK" in text and ",=HYPERLINK" not in text
    assert "\n=HYPERLINK" not in text
