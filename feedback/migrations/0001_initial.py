"""Feedback moves from the guides app to its own app, keeping its table, its rows and its permissions.

State only: the model appears here as it stood in guides (migration guides 0006), on the same table
`guides_feedback`; guides 0007 removes it from the guides app's state. Nothing in the database is
created or dropped. The content type guides.feedback becomes feedback.feedback, so the permissions
attached to it (view, add, change, delete feedback) and every group or user holding them keep them
under their new names (`feedback.view_feedback`, ...).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def move_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="feedback", model="feedback").exists():
        ContentType.objects.filter(app_label="guides", model="feedback").update(app_label="feedback")


def move_content_type_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="guides", model="feedback").exists():
        ContentType.objects.filter(app_label="feedback", model="feedback").update(app_label="guides")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("guides", "0006_feedback_outlives_its_page"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Feedback",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "original_page_id",
                            models.PositiveBigIntegerField(db_index=True, editable=False, verbose_name="page ID"),
                        ),
                        (
                            "page_title",
                            models.CharField(blank=True, editable=False, max_length=255, verbose_name="page title"),
                        ),
                        (
                            "page_url_path",
                            models.CharField(blank=True, editable=False, max_length=255, verbose_name="page path"),
                        ),
                        (
                            "language",
                            models.CharField(
                                choices=[("lv", "Latvian"), ("en", "English"), ("ru", "Russian"), ("lt", "Lithuanian")],
                                max_length=2,
                                verbose_name="language",
                            ),
                        ),
                        ("helpful", models.BooleanField(verbose_name="helpful")),
                        ("reason", models.CharField(blank=True, max_length=500, verbose_name="reason")),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                        ("voter", models.CharField(editable=False, max_length=64, verbose_name="voter (keyed hash)")),
                        (
                            "page",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="feedback",
                                to=settings.WAGTAIL_PAGE_MODEL,
                                verbose_name="page",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "feedback",
                        "verbose_name_plural": "feedback",
                        "db_table": "guides_feedback",
                        "constraints": [
                            models.UniqueConstraint(fields=("page", "voter"), name="one_feedback_per_voter_and_page")
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]
