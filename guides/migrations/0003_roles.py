"""The three roles of the help center as auth groups: Editors, Settings administrators, Translators.

Idempotent (get_or_create everywhere): running it on a database where the groups, permissions or
rows already exist adds only what is missing. Wagtail's own migrations already create an "Editors"
group (page add/change on the root, images, documents, admin access); that group is reused and
completed, never duplicated, and what Wagtail gave it is left in place.

On a fresh database the Permission and ContentType rows of the guides/wagtailcore/wagtailimages apps
may not exist yet (Django creates them in post_migrate), so they are created here first, through the
historical models. `publish_serversettings` is not a Meta permission: Wagtail's snippets app adds it
in post_migrate for DraftStateMixin models, so it is created here explicitly, with the same name.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = "Editors"
SETTINGS_ADMINISTRATORS = "Settings administrators"
TRANSLATORS = "Translators"

ACCESS_ADMIN = ("wagtailadmin", "admin", "access_admin", "Can access Wagtail admin")

# Page permissions granted on the tree root (depth 1), i.e. on every page.
EDITOR_PAGE_CODENAMES = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]
# Only the ones this migration adds to what Wagtail's initial data gives its Editors group
# (add_page and change_page); the reverse operation removes just these from Editors.
EDITOR_PAGE_CODENAMES_ADDED_HERE = ["publish_page", "lock_page", "unlock_page"]
EDITOR_IMAGE_CODENAMES = ["add_image", "change_image", "choose_image"]

SETTINGS_PERMISSIONS = [
    ("guides", "serversettings", "add_serversettings", "Can add server settings"),
    ("guides", "serversettings", "change_serversettings", "Can change server settings"),
    ("guides", "serversettings", "publish_serversettings", "Can publish server settings"),
    ("guides", "serversettings", "view_serversettings", "Can view server settings"),
]
TRANSLATOR_PERMISSIONS = [
    ("guides", "translationstate", "translate_pages", "Can translate pages in the translation workspace"),
    # Translators change only the words of their language, so their saves go live without moderation.
    ("guides", "translationstate", "publish_translations", "Can publish translations without moderation"),
]


def ensure_permissions_exist(apps):
    """Create the ContentTypes and Meta permissions of the apps this migration grants from."""
    for label in ("wagtailcore", "wagtailimages", "guides"):
        app_config = apps.get_app_config(label)
        # A historical AppConfigStub has no models_module, and create_permissions skips an app without
        # one; Wagtail's own migration wagtailcore 0086 sets it the same way.
        app_config.models_module = True
        try:
            create_permissions(app_config, verbosity=0, apps=apps)
        finally:
            app_config.models_module = None


def get_permission(apps, app_label, model, codename, name):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": name}
    )
    return permission


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    ensure_permissions_exist(apps)
    access_admin = get_permission(apps, *ACCESS_ADMIN)

    # Editors: write and publish every page, use and upload images. Nothing on the server settings.
    editors, _ = Group.objects.get_or_create(name=EDITORS)
    editors.permissions.add(access_admin)
    root_page = Page.objects.filter(depth=1).order_by("path").first()
    if root_page is not None:
        for codename in EDITOR_PAGE_CODENAMES:
            name = "Can %s page" % codename.split("_")[0]
            permission = get_permission(apps, "wagtailcore", "page", codename, name)
            GroupPagePermission.objects.get_or_create(group=editors, page=root_page, permission=permission)
    root_collection = Collection.objects.filter(depth=1).order_by("path").first()
    for codename in EDITOR_IMAGE_CODENAMES:
        name = "Can %s image" % codename.split("_")[0]
        permission = get_permission(apps, "wagtailimages", "image", codename, name)
        editors.permissions.add(permission)
        if root_collection is not None:
            GroupCollectionPermission.objects.get_or_create(
                group=editors, collection=root_collection, permission=permission
            )

    # Settings administrators: the server-settings record only (edit, publish). No pages.
    settings_admins, _ = Group.objects.get_or_create(name=SETTINGS_ADMINISTRATORS)
    settings_admins.permissions.add(access_admin, *(get_permission(apps, *p) for p in SETTINGS_PERMISSIONS))

    # Translators: the translation workspace only. No pages, no snippets.
    translators, _ = Group.objects.get_or_create(name=TRANSLATORS)
    translators.permissions.add(access_admin, *(get_permission(apps, *p) for p in TRANSLATOR_PERMISSIONS))


def remove_roles(apps, schema_editor):
    """Delete the two groups this migration owns (their page/collection rows cascade).

    "Editors" is Wagtail's own group, created by wagtailcore's initial data before this migration:
    deleting it would take Wagtail's grants (documents, images) with it, so only the page
    permissions this migration added beyond Wagtail's are removed from it.
    """
    Group = apps.get_model("auth", "Group")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")

    Group.objects.filter(name__in=[SETTINGS_ADMINISTRATORS, TRANSLATORS]).delete()
    GroupPagePermission.objects.filter(
        group__name=EDITORS,
        page__depth=1,
        permission__content_type__app_label="wagtailcore",
        permission__content_type__model="page",
        permission__codename__in=EDITOR_PAGE_CODENAMES_ADDED_HERE,
    ).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("guides", "0002_translation_state"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        # wagtaildocs 0011 gives choose_document to every group with access_admin that exists when it
        # runs; it must run before this migration, or Translators and Settings administrators get it too.
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [
        migrations.RunPython(create_roles, remove_roles),
    ]
