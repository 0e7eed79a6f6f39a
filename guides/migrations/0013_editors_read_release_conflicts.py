"""Editors and Site administrators may read the content release conflicts (Reports › Content release
conflicts): `guides.view_releaseconflict`. Idempotent; the reverse takes it away again."""

from django.db import migrations

READERS = ("Editors", "Site administrators")


def permission(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label="guides", model="releaseconflict")
    return Permission.objects.get_or_create(
        content_type=content_type,
        codename="view_releaseconflict",
        defaults={"name": "Can view content release conflict"},
    )[0]


def grant(apps, schema_editor):
    for group in apps.get_model("auth", "Group").objects.filter(name__in=READERS):
        group.permissions.add(permission(apps))


def revoke(apps, schema_editor):
    for group in apps.get_model("auth", "Group").objects.filter(name__in=READERS):
        group.permissions.remove(permission(apps))


class Migration(migrations.Migration):
    dependencies = [("guides", "0012_content_releases")]

    operations = [migrations.RunPython(grant, revoke)]
