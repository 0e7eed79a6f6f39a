"""Editors and Site administrators may read the troubleshooter's answers (Reports › Troubleshooter
answers): `troubleshooter.view_causeanswer`. Translators and Settings administrators may not. Idempotent,
like the other role migrations; the reverse takes the permission away from those two groups."""

from django.db import migrations

READERS = ("Editors", "Site administrators")


def permission(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label="troubleshooter", model="causeanswer")
    return Permission.objects.get_or_create(
        content_type=content_type, codename="view_causeanswer", defaults={"name": "Can view answer at a cause"}
    )[0]


def grant(apps, schema_editor):
    for group in apps.get_model("auth", "Group").objects.filter(name__in=READERS):
        group.permissions.add(permission(apps))


def revoke(apps, schema_editor):
    for group in apps.get_model("auth", "Group").objects.filter(name__in=READERS):
        group.permissions.remove(permission(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("troubleshooter", "0001_answers"),
        ("guides", "0005_site_administrators"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
