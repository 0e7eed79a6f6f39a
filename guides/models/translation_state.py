"""Translation bookkeeping: which Latvian source each translated text was based on."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TranslationState(models.Model):
    """Which Latvian source a translated text was based on (Kitsune's `based_on`, per text).

    A translation is stale when the source text's hash differs from `source_hash`; missing when
    the translated column is empty. Texts are addressed as (object, field, language).
    """

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    field = models.CharField(max_length=50)
    language = models.CharField(max_length=10)
    source_hash = models.CharField(max_length=64)
    source_text = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("translation state")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "field", "language"], name="one_state_per_text"
            )
        ]
        permissions = [
            ("translate_pages", _("Can translate pages in the translation workspace")),
            ("publish_translations", _("Can publish translations without moderation")),
        ]

    def __str__(self):
        return f"{self.content_type_id}:{self.object_id} {self.field}_{self.language}"


class TranslationCount(models.Model):
    """How many texts of a page are missing, out of date and up to date in a language: the translations
    dashboard's rows, read a screen at a time and summed in the database. A row is deleted whenever its
    page or one of its translation states is saved, and counted again when the dashboard next needs it
    (guides/translations/counts.py)."""

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    language = models.CharField(max_length=10)
    missing = models.PositiveIntegerField()
    stale = models.PositiveIntegerField()
    current = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("translation count")
        constraints = [models.UniqueConstraint(fields=["page", "language"], name="one_count_per_page_language")]

    def __str__(self):
        return f"{self.page_id} {self.language}: {self.missing}/{self.stale}/{self.current}"
