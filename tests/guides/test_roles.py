"""The four roles (Editors, Settings administrators, Translators, created by guides/migrations/0003_roles.py;
Site administrators, by 0005_site_administrators.py) enforced by the server: each is driven through the
admin's HTTP interface like a browser, and every request outside the role is refused without changing
anything.

Refusals in Wagtail 8: a view the user has no permission for answers 302 to the admin home
(/admin/) and queues the error message "Sorry, you do not have permission to access this area." —
for GET and POST alike, never a 403 (only the admin API, a REST endpoint, answers 403). Wagtail
composes that message outside the user's preferred-language override, so it comes in the request's
language (LocaleMiddleware: the browser's Accept-Language, else the site default, Latvian), not in
the user's admin language.
"""

import importlib
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.test import Client
from django.urls import reverse
from django.utils import translation
from wagtail.actions.delete_page import DeletePageAction
from wagtail.actions.move_page import MovePageAction
from wagtail.admin.views.chooser import can_choose_page
from wagtail.admin.wagtail_hooks import PageListingDeleteButton, PageListingMoveButton
from wagtail.models import GroupCollectionPermission, GroupPagePermission, Page, Revision, get_page_models
from wagtail.users.models import UserProfile

from feedback.models import Feedback
from guides.models import (
    CausePage,
    GuidePage,
    GuideStep,
    HelpIndexPage,
    ProblemPage,
    ServerSettings,
    TroubleshootingPage,
)
from guides.models.permissions import HelpCenterPagePermissionTester
from tests import factories
from tests.forms import error_texts, form_values
from tests.helpers import logged_in, publish_settings, user_in, visible_text, whole_number

EDITORS = "Editors"
SETTINGS_ADMINISTRATORS = "Settings administrators"
TRANSLATORS = "Translators"

DENIED = "Sorry, you do not have permission to access this area."

SYNONYM_PERMISSIONS = {f"search.{action}_synonym" for action in ("add", "change", "delete", "view")}
PROMOTION_PERMISSIONS = {f"search.{action}_promotion" for action in ("add", "change", "delete", "view")}
# synonyms, promoted results, and reading the search log
SEARCH_PERMISSIONS = SYNONYM_PERMISSIONS | PROMOTION_PERMISSIONS | {"search.view_searchlog"}
EDITOR_PERMISSIONS = {
    "wagtailadmin.access_admin",
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
    "feedback.view_feedback",
    "troubleshooter.view_causeanswer",  # Reports › Troubleshooter answers (troubleshooter/migrations/0002)
    "guides.view_releaseconflict",
    # the page editor carries a step's Latvian only: an editor fixes its other languages in the workspace
    "guides.translate_pages",
    "guides.publish_translations",
    *SEARCH_PERMISSIONS,
    *(f"guides.{action}_stablelink" for action in ("add", "change", "view")),  # guides/migrations/0025
}
# What Wagtail's own migrations give its built-in "Editors" group, which the roles migration reuses
# and leaves in place.
WAGTAIL_EDITOR_DEFAULTS = {
    "wagtailimages.delete_image",
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
    "wagtaildocs.delete_document",
}
EDITOR_PAGE_PERMISSIONS = {"add_page", "change_page", "publish_page", "lock_page", "unlock_page"}
EDITOR_IMAGE_COLLECTION_PERMISSIONS = {"add_image", "change_image", "choose_image"}
SETTINGS_ADMINISTRATOR_PERMISSIONS = {
    "wagtailadmin.access_admin",
    "guides.add_serversettings",
    "guides.change_serversettings",
    "guides.publish_serversettings",
    "guides.view_serversettings",
    "guides.view_releaseconflict",  # a release of content/settings.toml that met their change (migration 0017)
}
TRANSLATOR_PERMISSIONS = {"wagtailadmin.access_admin", "guides.translate_pages", "guides.publish_translations"}


def codenames(group):
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}


@pytest.fixture
def editor_browser(db, django_user_model):
    return logged_in(user_in(django_user_model, EDITORS, "role-editor"))


@pytest.fixture
def settings_admin_browser(db, django_user_model):
    return logged_in(user_in(django_user_model, SETTINGS_ADMINISTRATORS, "role-settings"))


@pytest.fixture
def translator_browser(db, django_user_model):
    return logged_in(user_in(django_user_model, TRANSLATORS, "role-translator"))


@pytest.fixture
def superuser_browser(db, django_user_model):
    """Only to read complete edit forms that a refused user then posts (a crafted request)."""
    user = django_user_model.objects.create_superuser("role-super", "role-super@example.com", "pw-role-1")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    return logged_in(user)


def settings_url(record):
    return f"/admin/snippets/guides/serversettings/edit/{record.pk}/"


def page_url(page):
    return f"/admin/pages/{page.pk}/edit/"


def assert_refused(browser, response):
    """Wagtail's refusal: 302 to the admin home, which then shows the permission message."""
    assert response.status_code == 302, response.status_code
    assert response["Location"] == reverse("wagtailadmin_home")
    home = browser.get(response["Location"])
    assert home.status_code == 200
    messages = []
    for shown in BeautifulSoup(home.content, "html.parser").select(".messages li"):
        for button in shown.select("button"):  # "Go to the first error", beside an error's words
            button.decompose()
        messages.append(" ".join(shown.get_text(" ").split()))
    expected = set()
    for lang in ("en", settings.LANGUAGE_CODE):
        with translation.override(lang):
            expected.add(translation.gettext(DENIED))
    assert messages and set(messages) <= expected, messages


def settings_snapshot():
    record = ServerSettings.objects.get()
    fields = {f.attname: getattr(record, f.attname) for f in ServerSettings._meta.concrete_fields}
    return fields, Revision.objects.count()


def page_snapshot(page):
    page = GuidePage.objects.get(pk=page.pk)
    with translation.override(settings.LANGUAGE_CODE):  # `title` and the like read the active language
        fields = {f.attname: getattr(page, f.attname) for f in GuidePage._meta.concrete_fields}
    steps = list(
        GuideStep.objects.filter(page=page)
        .order_by("sort_order")
        .values_list("kind", "value_ref", "text_lv", "text_en", "text_ru", "text_lt")
    )
    return fields, steps, Revision.objects.count()


def first_text_step(data):
    """The form index of the first step with Latvian text."""
    for key, value in data.items():
        if key.startswith("steps-") and key.endswith("-text_lv") and value.strip():
            return key.split("-")[1]
    raise AssertionError("no step with text_lv")


# The groups the migration creates


def test_editors_may_edit_and_publish_pages_and_use_images_but_not_the_settings(db):
    editors = Group.objects.get(name=EDITORS)
    assert codenames(editors) == EDITOR_PERMISSIONS | WAGTAIL_EDITOR_DEFAULTS
    assert {c for c in codenames(editors) if c.startswith("guides.")} == {
        "guides.view_releaseconflict",
        "guides.translate_pages",
        "guides.publish_translations",
        "guides.add_stablelink",
        "guides.change_stablelink",
        "guides.view_stablelink",
    }  # not the record; stable links, but not deleting one

    root = Page.objects.get(depth=1)
    page_permissions = GroupPagePermission.objects.filter(group=editors)
    assert set(page_permissions.values_list("page_id", flat=True)) == {root.pk}
    assert set(page_permissions.values_list("permission__codename", flat=True)) == EDITOR_PAGE_PERMISSIONS
    assert set(page_permissions.values_list("permission__content_type__app_label", flat=True)) == {"wagtailcore"}

    collection_permissions = GroupCollectionPermission.objects.filter(group=editors, collection__depth=1)
    image_codenames = set(
        collection_permissions.filter(permission__content_type__app_label="wagtailimages").values_list(
            "permission__codename", flat=True
        )
    )
    assert image_codenames == EDITOR_IMAGE_COLLECTION_PERMISSIONS


def test_settings_administrators_have_the_record_and_nothing_else(db):
    group = Group.objects.get(name=SETTINGS_ADMINISTRATORS)
    assert codenames(group) == SETTINGS_ADMINISTRATOR_PERMISSIONS
    assert not GroupPagePermission.objects.filter(group=group).exists()
    assert not GroupCollectionPermission.objects.filter(group=group).exists()


def test_translators_have_the_translation_workspace_and_nothing_else(db):
    group = Group.objects.get(name=TRANSLATORS)
    assert codenames(group) == TRANSLATOR_PERMISSIONS
    assert not GroupPagePermission.objects.filter(group=group).exists()
    assert not GroupCollectionPermission.objects.filter(group=group).exists()


def test_each_role_is_one_group_and_its_permissions_exist_once(db):
    for name in (EDITORS, SETTINGS_ADMINISTRATORS, TRANSLATORS):
        assert Group.objects.filter(name=name).count() == 1
    for codename in ("publish_serversettings", "translate_pages", "access_admin", "publish_page"):
        assert Permission.objects.filter(codename=codename).count() == 1, codename


# Editors


def test_editor_edits_and_publishes_a_guide(editor_browser, shipped_guide_part, client):
    url = page_url(shipped_guide_part)
    response = editor_browser.get(url)
    assert response.status_code == 200
    data = form_values(response.content.decode(), "page-edit-form")
    i = first_text_step(data)
    sentence = "Redaktora lomas pārbaudes teikums."
    data[f"steps-{i}-text_lv"] = f"{data[f'steps-{i}-text_lv']} {sentence}"
    data["action-publish"] = "action-publish"

    response = editor_browser.post(url, data)

    assert response.status_code == 302, error_texts(response.content.decode())
    page = GuidePage.objects.get(pk=shipped_guide_part.pk)
    assert page.live and not page.has_unpublished_changes
    assert sentence in visible_text(client.get(f"/lv/{shipped_guide_part.slug_lv}/").content.decode())


def test_editor_fixes_a_steps_english_in_the_translation_workspace(editor_browser, shipped_guide_part, client):
    """The page editor carries a step's Latvian only; the step's other languages are the workspace's."""
    from django.contrib.contenttypes.models import ContentType

    step = shipped_guide_part.steps.filter(kind="action").order_by("sort_order").first()
    form = form_values(editor_browser.get(page_url(shipped_guide_part)).content.decode(), "page-edit-form")
    assert not [key for key in form if key.startswith("steps-") and key.endswith(("_en", "_ru", "_lt"))]
    key = f"t-{ContentType.objects.get_for_model(step).id}-{step.pk}-text"
    workspace = f"/admin/translations/{shipped_guide_part.pk}/en/"
    assert key in editor_browser.get(workspace).content.decode()

    response = editor_browser.post(workspace, {key: "Open Outlook, as the editor corrected it."})

    assert response.status_code == 302
    english = visible_text(client.get(f"/en/{shipped_guide_part.slug_en}/").content.decode())
    assert "Open Outlook, as the editor corrected it." in english


def test_editor_cannot_open_the_settings_record(editor_browser, record):
    assert_refused(editor_browser, editor_browser.get(settings_url(record)))


def test_editor_cannot_publish_a_crafted_settings_change(editor_browser, superuser_browser, record, client, guide):
    data = form_values(superuser_browser.get(settings_url(record)).content.decode())
    data.update({"imap_port": "1993", "action-publish": "action-publish"})
    before = settings_snapshot()

    assert_refused(editor_browser, editor_browser.post(settings_url(record), data))

    assert settings_snapshot() == before
    record.refresh_from_db()
    assert record.imap_port == 993 and record.latest_revision == ServerSettings.objects.get().latest_revision
    text = visible_text(client.get(f"/en/{guide.slug_en}/").content.decode())
    assert whole_number(993).search(text) and not whole_number(1993).search(text)


# Settings administrators


def test_settings_administrator_publishes_a_port_to_every_page(settings_admin_browser, record, client, guide):
    """The role's screen: its publish reaches the pages (every page in every language is
    tests/guides/test_propagation.py's, after a publish through the same form)."""
    urls = [f"/{lang}/{guide.slug}/" for lang in ("lv", "en", "ru", "lt")] + ["/lv/", "/ru/settings/"]
    assert all(whole_number(993).search(visible_text(client.get(url).content.decode())) for url in urls)
    revisions = Revision.objects.count()

    response = publish_settings(settings_admin_browser, record, imap_port=1993)

    assert response.status_code == 302, error_texts(response.content.decode())
    record.refresh_from_db()
    assert record.imap_port == 1993
    assert Revision.objects.count() == revisions + 1
    for url in urls:
        text = visible_text(client.get(url).content.decode())
        assert not whole_number(993).search(text), f"old IMAP port still on {url}"
        assert whole_number(1993).search(text), url


def test_settings_administrator_gets_a_form_error_for_a_number_in_other_digits(settings_admin_browser, record):
    """Unicode digits int() takes ("٣") or refuses with an exception ("²") are form errors (issue 34)."""
    before = settings_snapshot()

    response = publish_settings(
        settings_admin_browser, record, imap_port="٣", closed_ports="110, ²", inactive_months="²"
    )

    assert response.status_code == 200
    errors = error_texts(response.content.decode())
    assert errors.count("Write a whole number with the digits 0–9.") >= 2, errors  # the port and the months
    assert "“²” is not a port number from 1 to 65535." in errors, errors
    assert settings_snapshot() == before


def test_settings_administrator_cannot_open_a_page(settings_admin_browser, guide):
    assert_refused(settings_admin_browser, settings_admin_browser.get(page_url(guide)))


def test_settings_administrator_cannot_post_a_page_edit(
    settings_admin_browser, superuser_browser, shipped_guide_part, client
):
    data = form_values(superuser_browser.get(page_url(shipped_guide_part)).content.decode(), "page-edit-form")
    data["title_lv"] = "Iestatījumu administratora virsraksts"
    data[f"steps-{first_text_step(data)}-text_lv"] = "Iestatījumu administratora teksts."
    data["action-publish"] = "action-publish"
    before = page_snapshot(shipped_guide_part)

    assert_refused(settings_admin_browser, settings_admin_browser.post(page_url(shipped_guide_part), data))

    assert page_snapshot(shipped_guide_part) == before
    text = visible_text(client.get(f"/lv/{shipped_guide_part.slug_lv}/").content.decode())
    assert "Iestatījumu administratora" not in text


# Translators


def test_translator_cannot_use_the_page_editor(translator_browser, superuser_browser, shipped_guide_part, client):
    assert_refused(translator_browser, translator_browser.get(page_url(shipped_guide_part)))

    data = form_values(superuser_browser.get(page_url(shipped_guide_part)).content.decode(), "page-edit-form")
    data["summary_en"] = "Translated around the workspace."
    data["action-publish"] = "action-publish"
    before = page_snapshot(shipped_guide_part)

    assert_refused(translator_browser, translator_browser.post(page_url(shipped_guide_part), data))

    assert page_snapshot(shipped_guide_part) == before
    assert "around the workspace" not in client.get(f"/en/{shipped_guide_part.slug_en}/").content.decode()


def test_translator_cannot_change_the_settings_record(translator_browser, superuser_browser, record):
    assert_refused(translator_browser, translator_browser.get(settings_url(record)))

    data = form_values(superuser_browser.get(settings_url(record)).content.decode())
    data.update({"imap_port": "1993", "action-publish": "action-publish"})
    before = settings_snapshot()

    assert_refused(translator_browser, translator_browser.post(settings_url(record), data))

    assert settings_snapshot() == before
    assert ServerSettings.objects.get().imap_port == 993


# Site administrators: deleting and moving pages (Wagtail lets "change" + "publish" do both; the roles
# keep them for this group and superusers: the pages' permission tester, guides/models/permissions.py)

SITE_ADMINISTRATORS = "Site administrators"
SITE_ADMINISTRATOR_PERMISSIONS = {
    "wagtailadmin.access_admin",
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
    "guides.delete_and_move_pages",
    "feedback.view_feedback",
    "troubleshooter.view_causeanswer",  # Reports › Troubleshooter answers (troubleshooter/migrations/0002)
    "guides.view_releaseconflict",
    *SEARCH_PERMISSIONS,
    *(f"guides.{action}_stablelink" for action in ("add", "change", "view", "delete")),  # guides/migrations/0025
}
API_FORBIDDEN = 403  # the admin API (Django REST framework) answers a refusal with 403, not a redirect


@pytest.fixture
def site_admin_browser(db, django_user_model):
    return logged_in(user_in(django_user_model, SITE_ADMINISTRATORS, "role-site-admin"))


@pytest.fixture
def index(guide):
    return guide.get_parent().specific


def delete_url(page):
    return f"/admin/pages/{page.pk}/delete/"


def move_url(page):
    return f"/admin/pages/{page.pk}/move/"


def move_confirm_url(page, destination):
    return f"/admin/pages/{page.pk}/move/{destination.pk}/confirm/"


def bulk_url(action, *pages):
    return f"/admin/bulk/wagtailcore/page/{action}/?" + "&".join(f"id={page.pk}" for page in pages)


def api_action_url(page, action):
    return f"/admin/api/main/pages/{page.pk}/action/{action}/"


def add_votes(page, *answers):
    for i, (lang, helpful, reason) in enumerate(answers):
        Feedback.objects.create(page=page, language=lang, helpful=helpful, reason=reason, voter=f"role-voter-{i}")


def changed(before, after) -> dict:
    """What differs between two snapshots of a page: its fields by name, then the rest (empty: nothing)."""
    (fields_before, *rest_before), (fields_after, *rest_after) = before, after
    diff = {k: (v, fields_after.get(k)) for k, v in fields_before.items() if fields_after.get(k) != v}
    if rest_before != rest_after:
        diff["(steps, revisions, tree, votes)"] = (rest_before, rest_after)
    return diff


def tree_snapshot(page):
    """The page (fields, steps, revisions), where it is in the tree, the whole tree's size and the votes."""
    votes = list(Feedback.objects.order_by("pk").values_list("pk", "page_id"))
    fields, steps, revisions = page_snapshot(page)
    return fields, steps, revisions, Page.objects.count(), Page.objects.get(pk=page.pk).path, votes


def links_to(html, *urls):
    """Those of the URLs that some link or form on the page leads to (ignoring query strings)."""
    soup = BeautifulSoup(html, "html.parser")
    targets = {urlsplit(tag.get("href") or tag.get("action") or "").path for tag in soup.find_all(["a", "form"])}
    return {url for url in urls if url in targets}


def test_site_administrators_have_the_editors_rights_plus_deleting_and_moving_pages(db):
    group = Group.objects.get(name=SITE_ADMINISTRATORS)
    assert codenames(group) == SITE_ADMINISTRATOR_PERMISSIONS

    root = Page.objects.get(depth=1)
    page_permissions = GroupPagePermission.objects.filter(group=group)
    assert set(page_permissions.values_list("page_id", flat=True)) == {root.pk}
    assert set(page_permissions.values_list("permission__codename", flat=True)) == EDITOR_PAGE_PERMISSIONS

    collection_permissions = GroupCollectionPermission.objects.filter(group=group)
    assert set(collection_permissions.values_list("collection__depth", flat=True)) == {1}
    assert set(collection_permissions.values_list("permission__codename", flat=True)) == (
        EDITOR_IMAGE_COLLECTION_PERMISSIONS
    )


def test_only_site_administrators_may_delete_and_move_pages(db):
    assert Group.objects.filter(name=SITE_ADMINISTRATORS).count() == 1
    assert Permission.objects.filter(codename="delete_and_move_pages").count() == 1
    holders = Group.objects.filter(permissions__codename="delete_and_move_pages")
    assert list(holders.values_list("name", flat=True)) == [SITE_ADMINISTRATORS]
    assert "guides.delete_and_move_pages" not in codenames(Group.objects.get(name=EDITORS))


def test_the_site_administrators_migration_is_idempotent_and_reversible(db):
    migration = importlib.import_module("guides.migrations.0005_site_administrators")
    apps = MigrationLoader(connection).project_state(("guides", "0005_site_administrators")).apps
    feedback_migration = importlib.import_module("feedback.migrations.0002_own_table_and_editors_read_it")
    feedback_apps = MigrationLoader(connection).project_state(("feedback", "0002_own_table_and_editors_read_it")).apps
    synonyms_migration = importlib.import_module("search.migrations.0002_shipped_synonyms_and_who_keeps_them")
    search_log_migration = importlib.import_module("search.migrations.0004_editors_read_the_search_log")
    search_log_apps = MigrationLoader(connection).project_state(("search", "0004_editors_read_the_search_log")).apps
    conflicts_migration = importlib.import_module("guides.migrations.0013_editors_read_release_conflicts")
    conflicts_apps = MigrationLoader(connection).project_state(("guides", "0013_editors_read_release_conflicts")).apps
    synonyms_apps = (
        MigrationLoader(connection).project_state(("search", "0002_shipped_synonyms_and_who_keeps_them")).apps
    )
    promotions_migration = importlib.import_module("search.migrations.0005_promotions")
    promotions_apps = MigrationLoader(connection).project_state(("search", "0005_promotions")).apps
    answers_migration = importlib.import_module("troubleshooter.migrations.0002_editors_read_the_answers")
    answers_apps = MigrationLoader(connection).project_state(("troubleshooter", "0002_editors_read_the_answers")).apps
    links_migration = importlib.import_module("guides.migrations.0025_stable_links")
    links_apps = MigrationLoader(connection).project_state(("guides", "0025_stable_links")).apps

    def state():
        group = Group.objects.get(name=SITE_ADMINISTRATORS)
        return (
            Group.objects.filter(name=SITE_ADMINISTRATORS).count(),
            sorted(codenames(group)),
            sorted(GroupPagePermission.objects.filter(group=group).values_list("page_id", "permission__codename")),
            sorted(
                GroupCollectionPermission.objects.filter(group=group).values_list(
                    "collection_id", "permission__codename"
                )
            ),
            Permission.objects.filter(codename="delete_and_move_pages").count(),
        )

    migrated = state()
    migration.create_site_administrators(apps, None)
    migration.create_site_administrators(apps, None)
    assert state() == migrated

    migration.remove_site_administrators(apps, None)
    assert not Group.objects.filter(name=SITE_ADMINISTRATORS).exists()
    assert not Permission.objects.filter(codename="delete_and_move_pages").exists()
    assert Group.objects.filter(name=EDITORS).exists()

    migration.create_site_administrators(apps, None)
    migration.create_site_administrators(apps, None)
    feedback_migration.grant(feedback_apps, None)  # what the later feedback migration adds
    synonyms_migration.grant(synonyms_apps, None)  # and the search app's
    search_log_migration.grant(search_log_apps, None)
    conflicts_migration.grant(conflicts_apps, None)
    promotions_migration.grant(promotions_apps, None)
    answers_migration.grant(answers_apps, None)  # the troubleshooter's report
    links_migration.grant(links_apps, None)  # stable links
    assert state() == migrated


def test_editor_cannot_delete_a_guide(editor_browser, guide):
    assert guide.is_leaf()
    add_votes(guide, ("en", True, "Clear."))
    before = tree_snapshot(guide)

    assert_refused(editor_browser, editor_browser.get(delete_url(guide)))
    assert_refused(editor_browser, editor_browser.post(delete_url(guide)))

    assert not changed(before, tree_snapshot(guide))


def test_editor_cannot_move_a_guide(editor_browser, guide, index):
    before = tree_snapshot(guide)

    assert_refused(editor_browser, editor_browser.get(move_url(guide)))
    assert_refused(editor_browser, editor_browser.post(move_url(guide), {"new_parent_page": index.pk}))
    assert_refused(editor_browser, editor_browser.get(move_confirm_url(guide, index)))
    assert_refused(editor_browser, editor_browser.post(move_confirm_url(guide, index)))

    assert not changed(before, tree_snapshot(guide))


def test_editor_cannot_delete_or_move_guides_in_bulk(editor_browser, guide, index):
    other = GuidePage.objects.live().exclude(pk=guide.pk).order_by("path").first()
    before = tree_snapshot(guide), tree_snapshot(other)

    for action in ("delete", "move"):
        assert_refused(editor_browser, editor_browser.get(bulk_url(action, guide, other)))
    assert_refused(editor_browser, editor_browser.post(bulk_url("delete", guide, other)))
    assert_refused(editor_browser, editor_browser.post(bulk_url("move", guide, other), {"chooser": index.pk}))

    assert (tree_snapshot(guide), tree_snapshot(other)) == before


def test_editor_cannot_delete_or_move_a_guide_through_the_admin_api(editor_browser, guide, index):
    before = tree_snapshot(guide)

    response = editor_browser.post(api_action_url(guide, "delete"), {}, content_type="application/json")
    assert response.status_code == API_FORBIDDEN, response.status_code
    response = editor_browser.post(
        api_action_url(guide, "move"),
        {"destination_page_id": index.pk, "position": "first-child"},
        content_type="application/json",
    )
    assert response.status_code == API_FORBIDDEN, response.status_code

    assert not changed(before, tree_snapshot(guide))


def test_editor_does_not_see_delete_or_move(editor_browser, superuser_browser, shipped_guide_part, index):
    hidden = (delete_url(shipped_guide_part), move_url(shipped_guide_part), delete_url(index), move_url(index))
    editor_html = editor_browser.get(page_url(shipped_guide_part)).content.decode()
    explorer_html = editor_browser.get(f"/admin/pages/{index.pk}/").content.decode()

    assert links_to(editor_html, *hidden) == set()
    assert links_to(explorer_html, *hidden) == set()
    # The same screens offer both to a superuser, so the check above looks in the right places.
    assert links_to(superuser_browser.get(page_url(shipped_guide_part)).content.decode(), *hidden) == {
        delete_url(shipped_guide_part),
        move_url(shipped_guide_part),
    }
    assert links_to(superuser_browser.get(f"/admin/pages/{index.pk}/").content.decode(), *hidden) == set(hidden)


def test_editor_still_sorts_the_pages_under_a_parent(editor_browser, index):
    """Sorting ("Sort menu order") is no move: the page keeps its parent and address; Editors may do it."""
    last = index.get_last_child()
    url_path = last.url_path
    assert editor_browser.get(f"/admin/pages/{index.pk}/?ordering=ord").status_code == 200

    response = editor_browser.post(f"/admin/pages/{last.pk}/set_position/?position=0")

    assert response.status_code == 200
    assert index.get_first_child().pk == last.pk
    assert Page.objects.get(pk=last.pk).url_path == url_path


@pytest.mark.parametrize("browser", ["site_admin_browser", "superuser_browser"])
def test_deleting_a_guide_keeps_its_readers_feedback(request, browser, shipped_guide_part, index, superuser_browser):
    """Wagtail's delete view for a Site administrator and a superuser; the votes stay, named by the page."""
    browser = request.getfixturevalue(browser)
    add_votes(shipped_guide_part, ("en", True, "Clear."), ("lv", True, ""))
    reader = Client()  # and one through the readers' form, as on the site
    vote = reader.post(f"/en/feedback/{shipped_guide_part.pk}/", {"helpful": "no", "reason": "Step 3 is unclear."})
    assert vote.status_code == 303
    guide_id, title = shipped_guide_part.pk, shipped_guide_part.title_lv
    assert links_to(browser.get(page_url(shipped_guide_part)).content.decode(), delete_url(shipped_guide_part)) == {
        delete_url(shipped_guide_part)
    }
    assert browser.get(delete_url(shipped_guide_part)).status_code == 200

    response = browser.post(delete_url(shipped_guide_part))

    assert response.status_code == 302, error_texts(response.content.decode())
    assert response["Location"] == f"/admin/pages/{index.pk}/"
    assert not Page.objects.filter(pk=guide_id).exists()
    votes = Feedback.objects.filter(original_page_id=guide_id)
    assert votes.count() == 3
    assert set(votes.values_list("page_id", "page_title")) == {(None, title)}

    soup = BeautifulSoup(superuser_browser.get("/admin/feedback/").content.decode(), "html.parser")
    rows = {row["data-lang"]: row for row in soup.select(f"table.feedback-report tbody tr[data-page='{guide_id}']")}
    assert set(rows) == {"en", "lv"}
    assert (rows["en"]["data-yes"], rows["en"]["data-no"], rows["lv"]["data-yes"]) == ("1", "1", "1")
    heading = rows["en"].th
    assert title in heading.get_text() and "deleted" in heading.get_text()
    assert heading.find("a") is None  # no link to an edit view that no longer exists
    assert "Step 3 is unclear." in rows["en"].get_text()


def test_site_administrator_may_move_a_guide_and_use_the_bulk_actions(site_admin_browser, guide, index):
    assert index.get_last_child().pk != guide.pk
    assert site_admin_browser.get(move_url(guide)).status_code == 200
    assert site_admin_browser.get(move_confirm_url(guide, index)).status_code == 200
    for action in ("delete", "move"):
        assert site_admin_browser.get(bulk_url(action, guide)).status_code == 200

    response = site_admin_browser.post(move_confirm_url(guide, index))

    assert response.status_code == 302
    assert response["Location"] == f"/admin/pages/{index.pk}/"
    assert Page.objects.get(pk=guide.pk).get_parent().pk == index.pk
    assert index.get_last_child().pk == guide.pk  # moved to the end of the same parent's children


# The rule itself: the help-center pages' permission tester (guides/models/permissions.py)


@pytest.fixture
def small_guide(db):
    return factories.guide("dzesanas-parbaude", steps=[factories.step(text="Atveriet programmu.")])


@pytest.fixture
def other_index(record):
    index = HelpIndexPage(server_settings=record, title_lv="Otrs centrs")
    for lang in factories.LANGUAGES:
        setattr(index, f"slug_{lang}", "otrs-centrs")
    Page.objects.get(depth=1).add_child(instance=index)
    return index


@pytest.fixture
def role_users(db, django_user_model):
    inactive = user_in(django_user_model, SITE_ADMINISTRATORS, "role-inactive-site-admin")
    inactive.is_active = False
    inactive.save()
    return {
        "editor": user_in(django_user_model, EDITORS, "role-editor"),
        "translator": user_in(django_user_model, TRANSLATORS, "role-translator"),
        "site administrator": user_in(django_user_model, SITE_ADMINISTRATORS, "role-site-admin"),
        "inactive site administrator": inactive,
        "superuser": django_user_model.objects.create_superuser("role-super", "role-super@example.com", "pw-role-1"),
    }


# role: (delete, move, move to another help index, sort under its own parent)
TESTER_ANSWERS = {
    "editor": (False, False, False, True),
    "translator": (False, False, False, False),
    "site administrator": (True, True, True, True),
    "inactive site administrator": (False, False, False, False),
    "superuser": (True, True, True, True),
}


def test_the_tester_keeps_deleting_and_moving_for_site_administrators_and_superusers(
    small_guide, other_index, role_users
):
    parent = small_guide.get_parent()
    generic = Page.objects.get(pk=small_guide.pk)  # as listings and bulk actions hold it
    assert type(generic) is Page
    for role, user in role_users.items():
        for page in (small_guide, generic):
            tester = page.permissions_for_user(user)
            assert isinstance(tester, HelpCenterPagePermissionTester), role
            moves = tester.can_move_to(other_index), tester.can_move_to(parent)
            assert (tester.can_delete(), tester.can_move(), *moves) == TESTER_ANSWERS[role], (role, type(page))


def test_wagtails_rules_still_apply_on_top_of_the_role(small_guide, role_users):
    """A Site administrator may not delete a page with pages under it (no "Delete pages with children"),
    but may move it; a superuser may do both."""
    index = small_guide.get_parent().specific
    site_admin = index.permissions_for_user(role_users["site administrator"])
    superuser = index.permissions_for_user(role_users["superuser"])
    assert (site_admin.can_delete(), site_admin.can_move()) == (False, True)
    assert (superuser.can_delete(), superuser.can_move()) == (True, True)


def test_every_page_type_answers_with_the_help_centers_tester(role_users):
    page_types = [model for model in get_page_models() if model is not Page]
    assert {HelpIndexPage, GuidePage, ProblemPage, CausePage, TroubleshootingPage} <= set(page_types)
    for model in page_types:
        assert isinstance(model().permissions_for_user(role_users["editor"]), HelpCenterPagePermissionTester), model


def test_wagtails_page_actions_and_buttons_ask_the_tester(small_guide, other_index, role_users):
    """Paths the old hooks did not cover: Wagtail's actions called from code, the listing and header
    buttons on a generic Page row, and the move-destination chooser."""
    editor, site_admin = role_users["editor"], role_users["site administrator"]
    generic = Page.objects.get(pk=small_guide.pk)
    before = Page.objects.get(pk=small_guide.pk).path

    with pytest.raises(PermissionDenied):
        DeletePageAction(generic, user=editor).execute()
    with pytest.raises(PermissionDenied):
        MovePageAction(generic, other_index, pos="last-child", user=editor).execute()
    assert Page.objects.get(pk=small_guide.pk).path == before

    for button in (PageListingDeleteButton(page=generic), PageListingMoveButton(page=generic)):
        assert (button.is_shown(editor), button.is_shown(site_admin)) == (False, True), type(button).__name__
    assert not can_choose_page(other_index, editor, (HelpIndexPage,), user_perm="move_to", target_pages=[generic])
    assert can_choose_page(other_index, site_admin, (HelpIndexPage,), user_perm="move_to", target_pages=[generic])

    MovePageAction(generic, other_index, pos="last-child", user=site_admin).execute()
    assert Page.objects.get(pk=small_guide.pk).get_parent().pk == other_index.pk


def test_the_explorer_offers_delete_and_move_in_a_row_only_to_site_administrators(
    editor_browser, site_admin_browser, small_guide
):
    """The row's "More options" menu of a small guide in its help index's listing, and the bulk actions'
    answer to each role."""
    index = small_guide.get_parent()
    row = (delete_url(small_guide), move_url(small_guide))

    assert links_to(editor_browser.get(f"/admin/pages/{index.pk}/").content.decode(), *row) == set()
    assert links_to(site_admin_browser.get(f"/admin/pages/{index.pk}/").content.decode(), *row) == set(row)
    for action in ("delete", "move"):
        assert_refused(editor_browser, editor_browser.get(bulk_url(action, small_guide)))
        assert site_admin_browser.get(bulk_url(action, small_guide)).status_code == 200


def test_the_permission_moved_to_the_help_index_and_its_holders_kept_it(db):
    migration = importlib.import_module("guides.migrations.0011_delete_and_move_pages_on_help_index")
    apps = MigrationLoader(connection).project_state(("guides", "0011_delete_and_move_pages_on_help_index")).apps
    analyst = Group.objects.create(name="Analysts")
    analyst.permissions.add(Permission.objects.get(codename="delete_and_move_pages"))

    def where():
        permission = Permission.objects.select_related("content_type").get(codename="delete_and_move_pages")
        holders = sorted(permission.group_set.values_list("name", flat=True))
        return permission.content_type.model, holders

    assert where() == ("helpindexpage", ["Analysts", SITE_ADMINISTRATORS])
    migration.back_to_translation_state(apps, None)
    assert where() == ("translationstate", ["Analysts", SITE_ADMINISTRATORS])
    migration.to_help_index(apps, None)
    migration.to_help_index(apps, None)  # idempotent
    assert where() == ("helpindexpage", ["Analysts", SITE_ADMINISTRATORS])
    assert Permission.objects.filter(codename="delete_and_move_pages").count() == 1
