"""What the shipped content's releases brought to each page (guides/releases.py says how they are used)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LoadedRelease(models.Model):
    """The last release of a page's content file (or of content/settings.toml, for the settings record): its
    form and the revision it published or offered."""

    page = models.OneToOneField("wagtailcore.Page", null=True, on_delete=models.CASCADE, related_name="loaded_release")
    record = models.OneToOneField(
        "guides.ServerSettings", null=True, on_delete=models.CASCADE, related_name="loaded_release"
    )
    release = models.CharField(max_length=12)
    digest = models.CharField(max_length=64)
    form = models.JSONField()
    revision = models.ForeignKey("wagtailcore.Revision", null=True, on_delete=models.SET_NULL, related_name="+")
    loaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(page__isnull=True) ^ models.Q(record__isnull=True), name="loaded_page_or_record"
            )
        ]

    def __str__(self):
        return f"{self.page_id or self.record_id}: {self.release}"


class ReleaseConflict(models.Model):
    """A release that reached a page editors had changed: offered as a draft revision, listed for them."""

    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        null=True,
        on_delete=models.CASCADE,
        related_name="release_conflicts",
    )
    record = models.ForeignKey(
        "guides.ServerSettings",
        verbose_name=_("server settings"),
        null=True,
        on_delete=models.CASCADE,
        related_name="release_conflicts",
    )
    release = models.CharField(_("release"), max_length=12)
    revision = models.ForeignKey(
        "wagtailcore.Revision", verbose_name=_("draft"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    difference = models.TextField(_("what the release changes"))
    created_at = models.DateTimeField(_("loaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("content release conflict")
        verbose_name_plural = _("content release conflicts")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(page__isnull=True) ^ models.Q(record__isnull=True), name="conflict_page_or_record"
            )
        ]

    def __str__(self):
        return f"{self.page_id or self.record_id}: {self.release}"

    @property
    def subject(self):
        """The page, or the settings record, the release met changed."""
        return self.page if self.page_id else self.record
