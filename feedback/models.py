from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname


class WhyNot(models.TextChoices):
    """What a reader who answered "No" may say was wrong (asked after the answer, feedback/views.py)."""

    INACCURATE = "inaccurate", _("Something in it is not correct")
    CONFUSING = "confusing", _("It is hard to follow")
    PICTURES = "pictures", _("Pictures are missing or unclear")
    MISSING = "missing", _("It does not have the information I need")
    OTHER = "other", _("Something else")


class Feedback(models.Model):
    """One reader's answer to "Was this helpful?" on a guide or article.

    Anonymous: no IP address and no user are stored. `voter` is HMAC-SHA256 (keyed with
    SECRET_KEY) of the page id and a random per-browser id from the `hc_voter` cookie, so one
    browser has one vote per page and the hash cannot be traced back to anyone (see feedback.views).

    Votes outlive their page. Deleting a page sets `page` to NULL instead of deleting its votes:
    what readers said about a guide stays worth reading after the guide is gone (why it was
    replaced, what the new one must do better), and a page deletion must not silently shrink the
    report. Protecting the page instead (PROTECT) was rejected: every page that readers ever voted
    on could then only be deleted after its votes, which loses them all the same, and
    `load_content --reload` could no longer delete the help center. So that the report can still say
    which page a vote was about, each vote keeps the page's id and a snapshot of its title and URL
    path in the source language (Latvian), taken when the vote is saved.
    """

    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="feedback",
    )
    # The three snapshot fields are filled by save() from `page`; they are not personal data.
    original_page_id = models.PositiveBigIntegerField(_("page ID"), editable=False, db_index=True)
    page_title = models.CharField(_("page title"), max_length=255, blank=True, editable=False)
    page_url_path = models.CharField(_("page path"), max_length=255, blank=True, editable=False)
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES)
    helpful = models.BooleanField(_("helpful"))
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    why_not = models.CharField(_("why not helpful"), max_length=12, choices=WhyNot.choices, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    voter = models.CharField(_("voter (keyed hash)"), max_length=64, editable=False)

    # Votes point at pages but are not content: keep them out of Wagtail's reference index.
    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        constraints = [models.UniqueConstraint(fields=["page", "voter"], name="one_feedback_per_voter_and_page")]

    def __str__(self):
        return f"{self.original_page_id} {self.language} {'yes' if self.helpful else 'no'}"

    def save(self, *args, **kwargs):
        if self.page_id is not None:
            self.remember_page(self.page)
        super().save(*args, **kwargs)

    def remember_page(self, page):
        """Copy what the report shows of a deleted page: its id, source-language title and URL path."""
        source = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
        title = getattr(page, build_localized_fieldname("title", source), None) or page.title or ""
        url_path = getattr(page, build_localized_fieldname("url_path", source), None) or page.url_path or ""
        self.original_page_id = page.pk
        self.page_title = title[:255]
        self.page_url_path = url_path[:255]
