"""Editors and the record: where it is used, previews with unpublished values, revisions and restoring them.

Everything goes through the admin's HTTP interface, as an editor's browser would.
"""

import re

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse

from guides.models import ArticlePage, GuidePage, HelpIndexPage, ServerSettings, SettingsReferencePage
from tests.forms import form_values
from tests.helpers import live_page_urls, publish_settings, visible_text, whole_number

VIEWS = "wagtailsnippets_guides_serversettings"


def admin_url(view, *args):
    return reverse(f"{VIEWS}:{view}", args=args)


def counted(n, noun):
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def bound_live(page_model, record):
    """Live pages of page_model under the help indexes bound to record, straight from the tree."""
    pages = []
    for index in HelpIndexPage.objects.filter(server_settings=record):
        pages += page_model.objects.live().descendant_of(index)
    return pages


def edit_form(client, record):
    return form_values(client.get(admin_url("edit", record.pk)).content.decode())


def public_text(url):
    return visible_text(Client().get(url).content.decode())


# where the record is used ---------------------------------------------------------------------


def test_edit_view_shows_where_the_record_is_used(editor_client, record):
    help_centers = HelpIndexPage.objects.filter(server_settings=record).count()
    guides = bound_live(GuidePage, record)
    articles = bound_live(ArticlePage, record)
    assert guides and articles, "the shipped content binds guides and articles to the record"

    response = editor_client.get(admin_url("edit", record.pk))
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    usage = soup.select_one("[data-usage]")
    assert usage is not None, "no usage panel on the edit view"
    expected = (
        f"Used by {counted(len(guides), 'guide')} and {counted(len(articles), 'article')}"
        f" in {counted(help_centers, 'help center')}"
    )
    assert expected in " ".join(usage.get_text(" ").split())

    links = {a["href"]: a.get_text(strip=True) for a in usage.select("a[href]")}
    for guide in guides:
        edit_page = reverse("wagtailadmin_pages:edit", args=[guide.pk])
        assert links.get(edit_page) == guide.title_en, f"no link to {guide.title_en}"  # the admin speaks English
    # the panel comes first, above the record's fields
    assert str(soup).index("data-usage") < str(soup).index('name="imap_port"')


def test_usage_counts_follow_the_tree(editor_client, record, guide):
    guide.unpublish()
    expected_guides = len(bound_live(GuidePage, record))
    html = editor_client.get(admin_url("edit", record.pk)).content.decode()
    assert f"Used by {counted(expected_guides, 'guide')} and" in " ".join(visible_text(html).split())
    assert reverse("wagtailadmin_pages:edit", args=[guide.pk]) not in html


# preview with unpublished values -------------------------------------------------------------


def test_edit_view_offers_a_preview_per_guide(editor_client, record):
    html = editor_client.get(admin_url("edit", record.pk)).content.decode()
    assert admin_url("preview_on_edit", record.pk) in html, "no preview panel on the edit view"
    soup = BeautifulSoup(html, "html.parser")
    select = soup.select_one("select[name=preview_mode]")
    modes = {o["value"]: o.get_text(strip=True) for o in select.select("option")}
    guides = bound_live(GuidePage, record)
    assert modes == {str(g.pk): g.title_en for g in guides}
    assert select.select_one("option[selected]")["value"] == str(guides[0].pk)


def test_preview_shows_unpublished_values_and_publishes_nothing(editor_client, record, guide):
    preview_url = admin_url("preview_on_edit", record.pk)
    data = edit_form(editor_client, record)
    data["imap_port"] = "2993"
    response = editor_client.post(preview_url, data)
    assert response.json() == {"is_valid": True, "is_available": True}

    response = editor_client.get(preview_url, {"mode": str(guide.pk)})
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.h1.get_text(strip=True) == guide.title_lv  # the guide page itself, in the source language
    assert [c.get_text() for c in soup.select('.steps [data-ref="imap.port"]')] == ["2993"]
    imap_row = soup.select_one(".settings-table tbody tr")
    assert "2993" in imap_row.get_text()
    text = visible_text(response.content.decode())
    assert whole_number(2993).search(text) and not whole_number(993).search(text)
    # the admin shows previews in a same-origin frame
    assert "frame-ancestors 'self'" in response.headers["Content-Security-Policy"]

    # nothing published, nothing saved
    assert ServerSettings.objects.get().imap_port == 993
    assert ServerSettings.objects.get().latest_revision.content["imap_port"] == 993
    for url in (f"/en/{guide.slug_en}/", f"/lv/{guide.slug_lv}/"):
        text = public_text(url)
        assert whole_number(993).search(text) and not whole_number(2993).search(text), url


def test_preview_without_a_mode_shows_the_first_guide(editor_client, record):
    preview_url = admin_url("preview_on_edit", record.pk)
    data = edit_form(editor_client, record)
    data["smtp_port"] = "2587"
    editor_client.post(preview_url, data)
    soup = BeautifulSoup(editor_client.get(preview_url).content, "html.parser")
    first = bound_live(GuidePage, record)[0]
    assert soup.h1.get_text(strip=True) == first.title_lv
    assert "2587" in [c.get_text() for c in soup.select('[data-ref="smtp.port"]')]


def test_preview_of_a_page_gone_since_shows_the_settings_table(editor_client, record, guide):
    preview_url = admin_url("preview_on_edit", record.pk)
    data = edit_form(editor_client, record)
    data["imap_port"] = "2993"
    editor_client.post(preview_url, data)
    guide.unpublish()  # after the editor opened the form: its mode is still offered
    response = editor_client.get(preview_url, {"mode": str(guide.pk)})
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.h1.get_text(strip=True) == record.name
    assert "2993" in soup.select_one(".settings-table tbody tr").get_text()


def test_preview_without_live_guides_falls_back_to_the_settings_page(editor_client, record):
    for guide in bound_live(GuidePage, record):
        guide.unpublish()
    (reference,) = bound_live(SettingsReferencePage, record)
    preview_url = admin_url("preview_on_edit", record.pk)
    data = edit_form(editor_client, record)
    data["imap_port"] = "2993"
    editor_client.post(preview_url, data)

    soup = BeautifulSoup(editor_client.get(preview_url).content, "html.parser")
    assert soup.h1.get_text(strip=True) == reference.title_lv
    assert "2993" in soup.select_one(".settings-table tbody tr").get_text()

    reference.unpublish()
    soup = BeautifulSoup(editor_client.get(preview_url).content, "html.parser")
    assert soup.h1.get_text(strip=True) == record.name
    assert "2993" in soup.select_one(".settings-table tbody tr").get_text()


def test_invalid_values_are_not_previewed(editor_client, record, guide):
    preview_url = admin_url("preview_on_edit", record.pk)
    data = edit_form(editor_client, record)
    data["imap_port"] = "110"  # a closed port: the record refuses it
    assert editor_client.post(preview_url, data).json()["is_valid"] is False


# revisions: who and when, and restoring them --------------------------------------------------


def history_rows(client, record):
    response = client.get(admin_url("history", record.pk))
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return [" ".join(row.get_text(" ").split()) for row in soup.select("table tbody tr")]


def test_history_lists_each_publish_with_the_user(editor_client, editor, record):
    assert publish_settings(editor_client, record, imap_port=1993).status_code == 302
    record.refresh_from_db()
    assert record.revisions.count() == 2

    rows = history_rows(editor_client, record)
    published = [row for row in rows if row.startswith("Published")]
    assert len(published) == 2, rows
    assert editor.get_username() in published[0], "the newest publish names the editor"
    assert "system" in published[1], "the shipped record was published by the loader"
    # the editor's revision can be previewed from the history
    html = editor_client.get(admin_url("history", record.pk)).content.decode()
    assert admin_url("revisions_view", record.pk, record.latest_revision_id) in html

    # once it is no longer the newest, it can be reviewed and restored from the history too
    mine = record.latest_revision_id
    assert publish_settings(editor_client, record, imap_port=2993).status_code == 302
    html = editor_client.get(admin_url("history", record.pk)).content.decode()
    assert admin_url("revisions_revert", record.pk, mine) in html
    preview = BeautifulSoup(editor_client.get(admin_url("revisions_view", record.pk, mine)).content, "html.parser")
    assert [c.get_text() for c in preview.select('.steps [data-ref="imap.port"]')] == ["1993"]


def test_restoring_the_first_revision_restores_every_page(editor_client, editor, record):
    urls = live_page_urls()
    showing_port = {url for url in urls if whole_number(993).search(public_text(url))}
    assert showing_port, "the shipped pages show the IMAP port"
    first = record.revisions.order_by("created_at", "pk").first()

    assert publish_settings(editor_client, record, imap_port=1993).status_code == 302
    assert all(whole_number(1993).search(public_text(url)) for url in showing_port)

    revert_url = admin_url("revisions_revert", record.pk, first.pk)
    response = editor_client.get(revert_url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "You are viewing a previous version" in html
    data = form_values(html)
    assert data["imap_port"] == "993", "the revert form shows the old revision's values"
    data["action-publish"] = "action-publish"
    response = editor_client.post(revert_url, data)
    assert response.status_code == 302, response.content.decode()[:2000]

    record.refresh_from_db()
    assert record.imap_port == 993 and record.live
    assert record.live_revision == record.latest_revision
    assert record.latest_revision.user == editor
    assert record.revisions.count() == 3, "restoring publishes a new revision; the history stays"
    for url in urls:
        text = public_text(url)
        assert not whole_number(1993).search(text), f"1993 still on {url}"
        if url in showing_port:
            assert whole_number(993).search(text), f"993 missing on {url}"

    rows = history_rows(editor_client, record)
    assert len([row for row in rows if "Published" in row]) == 3, rows


@pytest.mark.parametrize("view", ["edit", "preview_on_edit", "history"])
def test_users_without_admin_access_see_nothing(client, record, django_user_model, view):
    user = django_user_model.objects.create_user("reader", "reader@example.com", "pw-reader-1")
    client.force_login(user)
    response = client.get(admin_url(view, record.pk))
    assert response.status_code in (302, 403)
    assert not re.search(r"Used by \d+ guide|\b993\b", response.content.decode())
