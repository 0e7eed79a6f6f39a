"""Search promotions (search/models.py: Promotion), and who keeps them: Editors and Site administrators may
add, change, delete and view them, like search synonyms (0002). Idempotent; the reverse removes only the
permissions from the groups."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

KEEPERS = ("Editors", "Site administrators")
ACTIONS = ("add", "change", "delete", "view")


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(app_label="search", model="promotion")
    permissions = [
        Permission.objects.get_or_create(
            content_type=content_type,
            codename=f"{action}_promotion",
            defaults={"name": f"Can {action} search promotion"},
        )[0]
        for action in ACTIONS
    ]
    for group in Group.objects.filter(name__in=KEEPERS):
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    permissions = Permission.objects.filter(content_type__app_label="search", content_type__model="promotion")
    for group in Group.objects.filter(name__in=KEEPERS):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0004_editors_read_the_search_log"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.CreateModel(
            name="Promotion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("sort_order", models.IntegerField(blank=True, editable=False, null=True)),
                (
                    "language",
                    models.CharField(
                        choices=[("lv", "Latvian"), ("en", "English"), ("ru", "Russian"), ("lt", "Lithuanian")],
                        max_length=2,
                        verbose_name="language",
                    ),
                ),
                (
                    "query",
                    models.CharField(
                        help_text="What readers search, as Reports › Searches lists it (case and spacing do not matter).",
                        max_length=200,
                        verbose_name="query",
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="promoted at")),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="promoted by",
                    ),
                ),
                (
                    "page",
                    models.ForeignKey(
                        help_text="A published page of the help center that every reader may see.",
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.WAGTAIL_PAGE_MODEL,
                        verbose_name="page",
                    ),
                ),
            ],
            options={
                "verbose_name": "search promotion",
                "verbose_name_plural": "search promotions",
                "ordering": ["sort_order", "pk"],
                "constraints": [
                    models.UniqueConstraint(fields=("language", "query", "page"), name="search_promotion_once")
                ],
            },
        ),
        migrations.RunPython(grant, revoke),
    ]
