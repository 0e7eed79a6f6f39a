"""Reader feedback outlives its page (see the Feedback model for why).

`page` becomes nullable with on_delete=SET_NULL (it was CASCADE), and each vote gets the page's id and a
snapshot of its source-language title and URL path, so the feedback report can still name a deleted
page. Existing votes get their snapshot here; new ones get it in Feedback.save().

The reverse deletes the votes whose page is already gone: the schema before this migration cannot
hold them.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def source_columns(connection, table):
    """The page table's columns holding the source-language title and URL path.

    wagtail-modeltranslation adds title_<lang> and url_path_<lang> outside migrations (after
    `migrate`), so historical models do not know them; read them by name where they exist. The
    plain columns, which Wagtail itself uses, are the fallback.
    """
    with connection.cursor() as cursor:
        columns = {column.name for column in connection.introspection.get_table_description(cursor, table)}
    source = getattr(settings, "MODELTRANSLATION_DEFAULT_LANGUAGE", "")
    title = f"title_{source}" if f"title_{source}" in columns else "title"
    url_path = f"url_path_{source}" if f"url_path_{source}" in columns else "url_path"
    return title, url_path


def remember_pages(apps, schema_editor):
    Feedback = apps.get_model("guides", "Feedback")
    Page = apps.get_model("wagtailcore", "Page")
    votes = list(Feedback.objects.filter(page__isnull=False))
    if not votes:
        return
    connection = schema_editor.connection
    title_column, url_path_column = source_columns(connection, Page._meta.db_table)
    quote = connection.ops.quote_name
    page_ids = sorted({vote.page_id for vote in votes})
    pages = {}
    with connection.cursor() as cursor:
        for start in range(0, len(page_ids), 500):
            chunk = page_ids[start : start + 500]
            cursor.execute(
                "SELECT id, %s, %s, title, url_path FROM %s WHERE id IN (%s)"
                % (
                    quote(title_column),
                    quote(url_path_column),
                    quote(Page._meta.db_table),
                    ", ".join(["%s"] * len(chunk)),
                ),
                chunk,
            )
            for page_id, title, url_path, plain_title, plain_url_path in cursor.fetchall():
                pages[page_id] = (title or plain_title or "", url_path or plain_url_path or "")
    for vote in votes:
        title, url_path = pages.get(vote.page_id, ("", ""))
        vote.original_page_id = vote.page_id
        vote.page_title = title[:255]
        vote.page_url_path = url_path[:255]
    Feedback.objects.bulk_update(votes, ["original_page_id", "page_title", "page_url_path"], batch_size=500)


def forget_deleted_pages(apps, schema_editor):
    Feedback = apps.get_model("guides", "Feedback")
    Feedback.objects.filter(page__isnull=True).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("guides", "0005_site_administrators"),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="feedback",
            name="original_page_id",
            field=models.PositiveBigIntegerField(db_index=True, default=0, editable=False, verbose_name="page ID"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="feedback",
            name="page_title",
            field=models.CharField(blank=True, editable=False, max_length=255, verbose_name="page title"),
        ),
        migrations.AddField(
            model_name="feedback",
            name="page_url_path",
            field=models.CharField(blank=True, editable=False, max_length=255, verbose_name="page path"),
        ),
        migrations.AlterField(
            model_name="feedback",
            name="page",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="feedback",
                to=settings.WAGTAIL_PAGE_MODEL,
                verbose_name="page",
            ),
        ),
        migrations.RunPython(remember_pages, forget_deleted_pages),
    ]
