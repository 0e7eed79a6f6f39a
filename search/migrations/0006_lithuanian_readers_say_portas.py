"""One more shipped synonym group: Lithuanian readers say "portas" where the pages say "prievadas".
Idempotent, as 0002: a group whose words already exist is not added again."""

from django.db import migrations

SHIPPED = [
    ("lt", "prievadas, portas"),
]


def ship(apps, schema_editor):
    Synonym = apps.get_model("search", "Synonym")
    for language, words in SHIPPED:
        Synonym.objects.get_or_create(language=language, words=words)


class Migration(migrations.Migration):
    dependencies = [("search", "0005_promotions")]

    operations = [migrations.RunPython(ship, migrations.RunPython.noop)]
