"""Editors may use the translation workspace (`guides.translate_pages`, `guides.publish_translations`):
the page editor carries a step's words in the source language only, so an editor's fix of a step's
English, Russian or Lithuanian words is made there. Idempotent; the reverse takes both away again."""

from django.db import migrations

EDITORS = "Editors"
CODENAMES = {
    "translate_pages": "Can translate pages in the translation workspace",
    "publish_translations": "Can publish translations without moderation",
}


def permissions(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label="guides", model="translationstate")
    return [
        Permission.objects.get_or_create(content_type=content_type, codename=codename, defaults={"name": name})[0]
        for codename, name in CODENAMES.items()
    ]


def grant(apps, schema_editor):
    for group in apps.get_model("auth", "Group").objects.filter(name=EDITORS):
        group.permissions.add(*permissions(apps))


def revoke(apps, schema_editor):
    for group in apps.get_model("auth", "Group").objects.filter(name=EDITORS):
        group.permissions.remove(*permissions(apps))


class Migration(migrations.Migration):
    dependencies = [("guides", "0013_editors_read_release_conflicts")]

    operations = [migrations.RunPython(grant, revoke)]
