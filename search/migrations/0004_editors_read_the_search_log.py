"""Editors and Site administrators may read the search log (Reports › Searches): `search.view_searchlog`.
Idempotent; the reverse takes it away again."""

from django.db import migrations

READERS = ("Editors", "Site administrators")


def permission(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label="search", model="searchlog")
    return Permission.objects.get_or_create(
        content_type=content_type, codename="view_searchlog", defaults={"name": "Can view search"}
    )[0]


def grant(apps, schema_editor):
    for group in apps.get_model("auth", "Group").objects.filter(name__in=READERS):
        group.permissions.add(permission(apps))


def revoke(apps, schema_editor):
    for group in apps.get_model("auth", "Group").objects.filter(name__in=READERS):
        group.permissions.remove(permission(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0003_search_log"),
        ("search", "0002_shipped_synonyms_and_who_keeps_them"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
