"""Feedback moved from the guides app to its own app: the votes, their table and the permissions that
groups and users already held survive the move (feedback/migrations/0001 and 0002)."""

import importlib

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from feedback.models import Feedback

MOVE = importlib.import_module("feedback.migrations.0001_initial")


def holders_of_view_feedback():
    permission = Permission.objects.get(codename="view_feedback")
    app_label = permission.content_type.app_label
    return app_label, sorted(permission.group_set.values_list("name", flat=True))


def test_editors_and_site_administrators_may_read_the_report(db):
    assert holders_of_view_feedback() == ("feedback", ["Editors", "Site administrators"])


def test_the_move_keeps_each_groups_permission_and_the_votes(db, guide):
    apps = MigrationLoader(connection).project_state(("feedback", "0001_initial")).apps
    Feedback.objects.create(page=guide, language="lv", helpful=True, voter="v1")
    analysts = Group.objects.create(name="Analysts")
    analysts.permissions.add(Permission.objects.get(codename="view_feedback"))

    MOVE.move_content_type_back(apps, None)  # as it stood before the move: guides.view_feedback
    assert holders_of_view_feedback() == ("guides", ["Analysts", "Editors", "Site administrators"])

    MOVE.move_content_type(apps, None)
    MOVE.move_content_type(apps, None)  # idempotent
    ContentType.objects.clear_cache()
    assert holders_of_view_feedback() == ("feedback", ["Analysts", "Editors", "Site administrators"])
    assert ContentType.objects.filter(model="feedback").count() == 1
    assert Feedback.objects.get().page_id == guide.pk
    assert Feedback._meta.db_table == "feedback_feedback"
