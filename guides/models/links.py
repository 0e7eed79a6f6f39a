"""Stable links: `/go/<key>`, a name for a page (and a place on it) that never changes with its slug or title.

The provider's web mailbox, its notices and the old site's addresses (content/old-site.toml) point at keys;
editors point a key at another page when its target moves (guides/links/). A key, once saved, is never
renamed: `clean()` refuses it and the admin form shows it read-only, so a link in the wild cannot change
silently under anyone (docs/decisions.md, "Stable links").
"""

import re

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .pages import HelpIndexPage

KEY_MAX_LENGTH = 64
# lower-case ASCII letters and digits, words joined by single hyphens
KEY_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
ANCHOR_MAX_LENGTH = 64
ANCHOR_RE = re.compile(r"[a-z][a-z0-9-]*")  # the ids the pages give their sections and entries


def is_key(text: str) -> bool:
    return len(text) <= KEY_MAX_LENGTH and KEY_RE.fullmatch(text) is not None


class StableLink(models.Model):
    key = models.CharField(
        _("key"),
        max_length=KEY_MAX_LENGTH,
        unique=True,
        validators=[
            RegexValidator(
                re.compile(rf"^{KEY_RE.pattern}\Z"),
                _("Lower-case letters a–z, digits and single hyphens between them, for example too-many-connections."),
            )
        ],
        help_text=_("The link is /go/<key>. It cannot be changed once saved: links in the wild use it."),
    )
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Where the link leads, in the reader's language. Without a live page it leads to the help index."),
    )
    anchor = models.CharField(
        _("place on the page"),
        max_length=ANCHOR_MAX_LENGTH,
        blank=True,
        validators=[RegexValidator(re.compile(rf"^{ANCHOR_RE.pattern}\Z"), _("An id on the page, such as section-2."))],
        help_text=_("Optional: the id of a section or entry on the page, such as section-2 (without #)."),
    )
    purpose = models.CharField(
        _("used for"),
        max_length=200,
        blank=True,
        help_text=_("Who links here and why, for example: the notice sent when access is switched off."),
    )

    class Meta:
        verbose_name = _("stable link")
        verbose_name_plural = _("stable links")
        ordering = ["key"]

    def __str__(self):
        return f"/go/{self.key}"

    def save(self, *args, **kwargs):
        if self.renamed():  # also from code and the shell, not only through the form
            raise ValidationError({"key": _("A key is never renamed: add a new link instead.")})
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.renamed():
            raise ValidationError({"key": _("A key is never renamed: add a new link instead.")})
        if self.page_id and not HelpIndexPage.objects.ancestor_of(self.page, inclusive=True).exists():
            raise ValidationError({"page": _("“%(title)s” is not a page of the help center.") % {"title": self.page}})

    def renamed(self) -> bool:
        if self.pk is None:
            return False
        saved = StableLink.objects.filter(pk=self.pk).values_list("key", flat=True).first()
        return saved is not None and saved != self.key
