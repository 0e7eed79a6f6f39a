"""The fourth role, "Site administrators": everything Editors may do, plus deleting and moving pages.

Wagtail lets anyone with "change" and "publish" on a page delete (a leaf) or move it; it has no
separate page permission for that. The custom permission `guides.delete_and_move_pages` is that switch:
the help-center pages' permission tester (guides/models/permissions.py) refuses deleting and moving pages
to everyone without it, superusers excepted. Declared here on TranslationState's Meta, next to the other
help-center-wide rights; 0011 moves it to HelpIndexPage, and the functions below find it on either.

The group gets the page permissions of Editors on the tree root (add, change, publish, lock, unlock —
not "bulk_delete", so a page with children needs a superuser), adding, changing and choosing images
in every collection, admin access, and the custom permission.

Idempotent (get_or_create everywhere), like 0003: running it again adds only what is missing.
Reversible: the reverse deletes the group (its page and collection rows cascade) and the custom
permission, which the schema before this migration does not declare.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

SITE_ADMINISTRATORS = "Site administrators"

ACCESS_ADMIN = ("wagtailadmin", "admin", "access_admin", "Can access Wagtail admin")
DELETE_AND_MOVE_PAGES = ("guides", "translationstate", "delete_and_move_pages", "Can delete and move pages")

# The same as Editors (guides/migrations/0003_roles.py), granted on the tree root and the root collection.
PAGE_CODENAMES = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]
IMAGE_CODENAMES = ["add_image", "change_image", "choose_image"]


def ensure_permissions_exist(apps):
    """Create the ContentTypes and Meta permissions of the apps this migration grants from.

    On a fresh database Django creates them only in post_migrate, after every migration.
    """
    # Not guides: its one permission used here is created by get_permission, and creating the guides
    # permissions of this state on a later schema would add a second "delete_and_move_pages" (0011).
    for label in ("wagtailcore", "wagtailimages"):
        app_config = apps.get_app_config(label)
        # A historical AppConfigStub has no models_module, and create_permissions skips an app without one.
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


def delete_and_move_pages(apps):
    """The custom permission, on whichever guides model declares it by now (0011 moves it)."""
    Permission = apps.get_model("auth", "Permission")
    app_label, _model, codename, _name = DELETE_AND_MOVE_PAGES
    existing = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
    return existing or get_permission(apps, *DELETE_AND_MOVE_PAGES)


def create_site_administrators(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    ensure_permissions_exist(apps)
    group, _ = Group.objects.get_or_create(name=SITE_ADMINISTRATORS)
    group.permissions.add(get_permission(apps, *ACCESS_ADMIN), delete_and_move_pages(apps))

    root_page = Page.objects.filter(depth=1).order_by("path").first()
    if root_page is not None:
        for codename in PAGE_CODENAMES:
            name = "Can %s page" % codename.split("_")[0]
            permission = get_permission(apps, "wagtailcore", "page", codename, name)
            GroupPagePermission.objects.get_or_create(group=group, page=root_page, permission=permission)

    root_collection = Collection.objects.filter(depth=1).order_by("path").first()
    for codename in IMAGE_CODENAMES:
        name = "Can %s image" % codename.split("_")[0]
        permission = get_permission(apps, "wagtailimages", "image", codename, name)
        group.permissions.add(permission)
        if root_collection is not None:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection, permission=permission
            )


def remove_site_administrators(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    app_label, _model, codename, _name = DELETE_AND_MOVE_PAGES

    Group.objects.filter(name=SITE_ADMINISTRATORS).delete()
    Permission.objects.filter(content_type__app_label=app_label, codename=codename).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("guides", "0004_feedback"),
    ]

    # The group first: with the options change before it, reversing would hand the reverse function
    # historical models rendered at two different moments (the options change re-renders the models
    # related to TranslationState, among them auth.User and so auth.Group, but not wagtailcore's
    # GroupPagePermission), and deleting the group would fail.
    operations = [
        migrations.RunPython(create_site_administrators, remove_site_administrators),
        migrations.AlterModelOptions(
            name="translationstate",
            options={
                "permissions": [
                    ("translate_pages", "Can translate pages in the translation workspace"),
                    ("publish_translations", "Can publish translations without moderation"),
                    ("delete_and_move_pages", "Can delete and move pages"),
                ],
                "verbose_name": "translation state",
            },
        ),
    ]
