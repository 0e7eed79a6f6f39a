"""dump_content, as an operator runs it: a dump of the freshly loaded site says what the shipped files say,
and load_content of a dump reproduces the site, an editor's change included."""

import io

from django.core.management import call_command

from guides.content import (
    CONTENT_DIR,
    FOLDERS,
    INDEX_PARTS,
    PAGE_MODELS,
    PageSource,
    fill_texts,
    holder,
    read,
    record_fields,
)
from guides.management.commands.load_content import Command as LoadContent
from guides.models import CausePage, GuidePage, HelpIndexPage, TopicPage
from guides.releases import columns, form_of, live_form


def dump(folder):
    out = io.StringIO()
    call_command("dump_content", "--to", str(folder), stdout=out)
    return out.getvalue()


def file_form(index, kind, path):
    source = PageSource(path, read(path), kind)
    return form_of(kind, *LoadContent().build(index, source))


def test_a_dump_of_the_shipped_site_says_what_the_shipped_files_say(db, tmp_path):
    output = dump(tmp_path)
    index = HelpIndexPage.objects.get()

    shipped = sorted(p.relative_to(CONTENT_DIR) for p in CONTENT_DIR.rglob("*.toml"))
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*.toml")) == shipped
    assert f"Wrote {len(shipped)} files" in output
    assert record_fields(read(tmp_path / "settings.toml")) == record_fields(read(CONTENT_DIR / "settings.toml"))
    ours, theirs = read(tmp_path / "index.toml"), read(CONTENT_DIR / "index.toml")
    for part, model in (("index", HelpIndexPage), *INDEX_PARTS.items()):
        assert columns(fill_texts(holder(model), ours[part]), ()) == columns(
            fill_texts(holder(model), theirs[part]), ()
        )
        assert ours[part]["slug"] == theirs[part]["slug"]
    assert ours["index"]["access_page"] == theirs["index"]["access_page"]
    assert read(tmp_path / "links.toml") == read(CONTENT_DIR / "links.toml")
    assert read(tmp_path / "old-site.toml") == read(CONTENT_DIR / "old-site.toml")
    for kind, folder in FOLDERS.items():
        files = sorted((CONTENT_DIR / folder).glob("*.toml"))
        for path in files:
            assert file_form(index, kind, tmp_path / folder / path.name) == file_form(index, kind, path), path.name

        def in_order(root, files=files, folder=folder):
            return [
                p.stem for p in sorted(files, key=lambda p: (read(root / folder / p.name).get("order", 100), p.name))
            ]

        assert in_order(tmp_path) == in_order(CONTENT_DIR)


def comparable(page, kind):
    """A page's live form with its causes and topic named by slug (a reload gives them new ids)."""
    form = live_form(kind, page)
    if form["page"].get("topic_id"):
        form["page"]["topic_id"] = TopicPage.objects.get(pk=form["page"]["topic_id"]).slug
    for step in form["steps"]:
        if step.get("cause_id"):
            step["cause_id"] = CausePage.objects.get(pk=step["cause_id"]).slug
    return form


def site():
    index = HelpIndexPage.objects.get()
    return {
        (kind, page.slug): comparable(page, kind)
        for kind in FOLDERS
        for page in PAGE_MODELS[kind][0].objects.child_of(index)
    }


def test_loading_a_dump_reproduces_the_site_with_an_editors_change(db, tmp_path, monkeypatch):
    step = GuidePage.objects.get(slug="outlook-2013-imap").steps.order_by("sort_order")[2]
    step.text_ru = 'Исправлено редактором: «кавычки», "escapes" \\ и\nперевод строки.'
    step.save()
    before = site()
    dump(tmp_path)
    monkeypatch.setattr("guides.content.CONTENT_DIR", tmp_path)
    monkeypatch.setattr("guides.management.commands.load_content.CONTENT_DIR", tmp_path)

    call_command("load_content", "--reload", stdout=io.StringIO())

    assert site() == before
    reloaded = GuidePage.objects.get(slug="outlook-2013-imap").steps.order_by("sort_order")[2]
    assert reloaded.text_ru == step.text_ru
