"""The questions readers ask about a page, in their own words, one a line per language.

Guides, articles, problems, causes, the settings page and the troubleshooting hub hold them
(`ReaderQuestionsMixin`); editors write them in Latvian in the page editor, translators in the workspace.
Search finds the page by them (guides/texts.py marks the field, `questions_fields`); the page never shows
them. They are texts like the others: translated, tracked, loaded from content/ (`[questions]`; for the
settings page and the hub content/index.toml's `[reference.questions]` and `[troubleshooting.questions]`),
held to the text rules, and bounded (QUESTIONS_MAX_LINES lines of at most QUESTION_MAX_LENGTH characters).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname
from wagtail.admin.panels import FieldPanel

from ..values import text_problems
from .steps import source_field

# A page's questions readers ask: at most this many lines of at most this many characters, per language.
QUESTIONS_MAX_LINES = 20
QUESTION_MAX_LENGTH = 200


def question_problems(text: str) -> list[str]:
    """What breaks the bounds of a page's questions (one a line; blank lines are not counted)."""
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    problems = []
    if len(lines) > QUESTIONS_MAX_LINES:
        problems.append(
            gettext("At most %(max)s questions, one per line: this has %(count)s.")
            % {"max": QUESTIONS_MAX_LINES, "count": len(lines)}
        )
    for number, line in enumerate(lines, start=1):
        if len(line) > QUESTION_MAX_LENGTH:
            problems.append(
                gettext("Question %(number)s has %(length)s characters: at most %(max)s a question.")
                % {"number": number, "length": len(line), "max": QUESTION_MAX_LENGTH}
            )
    return problems


def validate_questions(text: str) -> None:
    """The field's validator (each language's column has it: the page editor, the translation workspace)."""
    problems = question_problems(text)
    if problems:
        raise ValidationError(problems)


def questions_panel() -> FieldPanel:
    """The questions in the page editor: Latvian only, as a step's words (translators use the workspace)."""
    return FieldPanel(source_field("questions"))


class ReaderQuestionsMixin(models.Model):
    """A page readers look for in their own words: `questions`, one a line, per language. Search finds the
    page by them (guides/texts.py marks them, `questions_fields`); the page never shows them. Its classes
    add "questions" to their `translated_fields` and `token_fields` (the text rules hold for it)."""

    questions = models.TextField(
        _("questions readers ask"),
        blank=True,
        validators=[validate_questions],
        help_text=_(
            "Questions readers ask about this page, one per line, in their own words: search finds the page "
            "by them. Not shown on the page."
        ),
    )

    line_fields = ("questions",)
    questions_fields = ("questions",)

    class Meta:
        abstract = True

    def clean_fields(self, exclude=None):
        """The field's bounds, and the text rules (tokens, literal values of the record) on each language's
        questions that differ from the stored page's: a stored question that a later change of the record
        made a literal is check_content's to list, not a reason to refuse every later save of the page."""
        errors = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        for column, problems in self.question_text_problems(set(exclude or ()) | set(errors)).items():
            errors.setdefault(column, []).extend(problems)
        if errors:
            raise ValidationError(errors)

    def question_text_problems(self, skipped) -> dict[str, list[str]]:
        columns = [
            build_localized_fieldname(name, lang)
            for name in self.questions_fields
            for lang in settings.MODELTRANSLATION_LANGUAGES
        ]
        columns = [column for column in columns if column not in skipped and getattr(self, column, None)]
        if not columns or not self.path:  # a new page outside the tree: its form checks it with its parent's record
            return {}
        stored = type(self).objects.filter(pk=self.pk).values(*columns).first() if self.pk else None
        changed = [column for column in columns if getattr(self, column) != (stored or {}).get(column)]
        index = self.help_index if changed else None
        if index is None:
            return {}
        found = {}
        for column in changed:
            problems = text_problems(getattr(self, column), index.server_settings, True, None, "questions")
            if problems:
                found[column] = problems
        return found
