from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from guides.models import ProblemStep, ProblemStepKind
from guides.models.troubleshooting import PROGRAMS


def source_title(page) -> str:
    """The page's title in the source language (Latvian), as the report shows a deleted page."""
    source = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    return (getattr(page, build_localized_fieldname("title", source), None) or page.title or "")[:255]


class CauseAnswer(models.Model):
    """One reader's answer at one cause of a problem: "This fixed it" (`fixed`) or "Still not working".

    Anonymous: no IP address, no user, no cookie value and nothing the reader typed. `voter` is a keyed
    hash (HMAC-SHA256 with SECRET_KEY) of the problem, the cause and the browser's random id from the
    signed `hc_voter` cookie (helpcenter/voters.py), so one browser answers once per cause of a problem and
    the value cannot be traced to anyone nor linked to its other answers. `program` is one of the known
    program kinds (guides PROGRAMS) when the link said which, else empty.

    Answers outlive their pages, as "Was this helpful?" votes do (feedback/models.py): deleting a problem or
    a cause empties the foreign key; the page's id and its Latvian title, saved with the answer, keep the
    report's rows.
    """

    problem = models.ForeignKey(
        "guides.ProblemPage",
        verbose_name=_("problem"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cause = models.ForeignKey(
        "guides.CausePage",
        verbose_name=_("cause"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    original_problem_id = models.PositiveBigIntegerField(_("problem ID"), editable=False, db_index=True)
    original_cause_id = models.PositiveBigIntegerField(_("cause ID"), editable=False)
    problem_title = models.CharField(_("problem title"), max_length=255, blank=True, editable=False)
    cause_title = models.CharField(_("cause title"), max_length=255, blank=True, editable=False)
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES)
    program = models.CharField(_("program"), max_length=20, blank=True, choices=PROGRAMS)
    fixed = models.BooleanField(_("fixed it"))
    answered_at = models.DateTimeField(_("answered at"), auto_now_add=True, db_index=True)
    voter = models.CharField(_("voter (keyed hash)"), max_length=64, editable=False)

    # Answers point at pages but are not content: keep them out of Wagtail's reference index.
    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("answer at a cause")
        verbose_name_plural = _("answers at causes")
        constraints = [
            models.UniqueConstraint(
                fields=["original_problem_id", "original_cause_id", "voter"], name="one_answer_per_voter_and_cause"
            )
        ]

    def __str__(self):
        answer = "fixed" if self.fixed else "still"
        return f"{self.original_problem_id}/{self.original_cause_id} {self.language} {answer}"

    def save(self, *args, **kwargs):
        if self.problem_id is not None:
            self.original_problem_id = self.problem_id
            self.problem_title = source_title(self.problem)
        if self.cause_id is not None:
            self.original_cause_id = self.cause_id
            self.cause_title = source_title(self.cause)
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.problem_id is None or self.cause_id is None:
            raise ValidationError(_("An answer is given at a cause of a problem."))
        on_the_problem = ProblemStep.objects.filter(
            page_id=self.problem_id, cause_id=self.cause_id, kind=ProblemStepKind.CAUSE
        ).exists()
        if not on_the_problem:
            raise ValidationError({"cause": _("This cause is not one of the problem's causes.")})
