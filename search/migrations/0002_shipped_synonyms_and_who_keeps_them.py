"""The shipped synonyms, and the roles that keep them: Editors and Site administrators may add, change and
delete search synonyms (translators and the settings administrators may not).

The groups: program names as readers write them (Cyrillic, Latvian and Lithuanian spellings), readers'
words for mail, passwords and settings, and old names of the programs' settings screens. Idempotent: a
group whose words already exist is not added again; the reverse removes only the permissions.
"""

from django.db import migrations

KEEPERS = ("Editors", "Site administrators")
ACTIONS = ("add", "change", "delete", "view")

SHIPPED = [
    # program names, in every language
    ("", "Outlook, Аутлук, Оутлук, Аутлюк, Autluks, Autlukas"),
    ("", "Thunderbird, Тандерберд, Тандербёрд, Сандерберд, Tanderbirds, Tanderbirdas"),
    ("", "iPhone, Айфон, Aifons, Aifonas, Ajfonas"),
    ("", "iPad, Айпад, Aipads, Aipadas"),
    ("", "Windows, Виндовс, Vindovs, Vindovsas"),
    # readers' words for the same thing (in their own language: English words are in every language's
    # pages, in the programs' messages, and would widen every search)
    ("lv", "e-pasts, epasts, meils, pasts"),
    ("lv", "iestatījumi, uzstādījumi"),  # many readers say uzstādījumi
    ("lv", "lietotājvārds, logins, useris"),
    ("en", "e-mail, email, mail"),
    ("en", "password, pass"),
    ("en", "settings, preferences, options"),  # Apple's Mail said Preferences until macOS 13
    ("ru", "почта, мейл, емейл, имейл, мыло"),
    ("ru", "пароль, пасворд"),
    ("ru", "настройки, параметры, опции"),  # Windows names its settings Параметры
    ("lt", "paštas, elpaštas, emailas, meilas"),
    ("lt", "nustatymai, parametrai"),
]


def ship(apps, schema_editor):
    Synonym = apps.get_model("search", "Synonym")
    for language, words in SHIPPED:
        Synonym.objects.get_or_create(language=language, words=words)


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(app_label="search", model="synonym")
    permissions = [
        Permission.objects.get_or_create(
            content_type=content_type, codename=f"{action}_synonym", defaults={"name": f"Can {action} search synonym"}
        )[0]
        for action in ACTIONS
    ]
    for group in Group.objects.filter(name__in=KEEPERS):
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    permissions = Permission.objects.filter(content_type__app_label="search", content_type__model="synonym")
    for group in Group.objects.filter(name__in=KEEPERS):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_synonyms"),
        ("guides", "0011_delete_and_move_pages_on_help_index"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(ship, migrations.RunPython.noop),
        migrations.RunPython(grant, revoke),
    ]
