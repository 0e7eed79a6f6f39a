"""Feedback now belongs to the feedback app (feedback/migrations/0001_initial.py): removed from this
app's state only; its table and rows stay where they are."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("guides", "0006_feedback_outlives_its_page"),
        ("feedback", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel(name="Feedback")]),
    ]
