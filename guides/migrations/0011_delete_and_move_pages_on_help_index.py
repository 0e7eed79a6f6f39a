"""The permission "Can delete and move pages" moves from TranslationState, where 0005 declared it, to
HelpIndexPage: it is about pages. The row itself moves (its content type changes), so its name stays
`guides.delete_and_move_pages` and every group and user that held it (Site administrators) still does.

Idempotent and reversible, like feedback/migrations/0001_initial.py: moving twice changes nothing; should
both rows exist, the holders of the old one get the new one and the old one is deleted.
"""

from django.db import migrations

CODENAME = "delete_and_move_pages"


def move_permission(apps, source_model, target_model):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    old = Permission.objects.filter(
        content_type__app_label="guides", content_type__model=source_model, codename=CODENAME
    ).first()
    if old is None:
        return
    target, _ = ContentType.objects.get_or_create(app_label="guides", model=target_model)
    new = Permission.objects.filter(content_type=target, codename=CODENAME).first()
    if new is None:
        old.content_type = target
        old.save(update_fields=["content_type"])
        return
    for group in old.group_set.all():
        group.permissions.add(new)
    for user in old.user_set.all():
        user.user_permissions.add(new)
    old.delete()


def to_help_index(apps, schema_editor):
    move_permission(apps, "translationstate", "helpindexpage")


def back_to_translation_state(apps, schema_editor):
    move_permission(apps, "helpindexpage", "translationstate")


class Migration(migrations.Migration):

    dependencies = [
        ("guides", "0010_troubleshooting"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(to_help_index, back_to_translation_state),
        migrations.AlterModelOptions(
            name="helpindexpage",
            options={
                "permissions": [("delete_and_move_pages", "Can delete and move pages")],
                "verbose_name": "help index",
            },
        ),
        migrations.AlterModelOptions(
            name="translationstate",
            options={
                "permissions": [
                    ("translate_pages", "Can translate pages in the translation workspace"),
                    ("publish_translations", "Can publish translations without moderation"),
                ],
                "verbose_name": "translation state",
            },
        ),
    ]
