"""The feedback table takes this app's name (guides_feedback -> feedback_feedback), and the roles that
look after content may read the report: Editors and Site administrators get `feedback.view_feedback`.

Idempotent like the role migrations of the guides app; the reverse takes the permission away from
those two groups and gives the table its old name back.
"""

from django.db import migrations

READERS_OF_THE_REPORT = ("Editors", "Site administrators")


def view_feedback(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label="feedback", model="feedback")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename="view_feedback", defaults={"name": "Can view feedback"}
    )
    return permission


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    permission = view_feedback(apps)
    for group in Group.objects.filter(name__in=READERS_OF_THE_REPORT):
        group.permissions.add(permission)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    permission = view_feedback(apps)
    for group in Group.objects.filter(name__in=READERS_OF_THE_REPORT):
        group.permissions.remove(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0001_initial"),
        ("guides", "0007_feedback_moves_to_its_app"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.AlterModelTable(name="feedback", table=None),
        migrations.RunPython(grant, revoke),
    ]
