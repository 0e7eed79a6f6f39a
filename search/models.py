"""Words readers use for what the pages call otherwise, kept by editors (Admin › Snippets › Search
synonyms): a group of words that mean the same, in one language or in all. Any word of a group that a
reader types finds the pages that use any other (search/vocabulary.py); a change takes effect on the next
search (a save or a delete makes a new content generation, search/apps.py)."""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

MAX_WORDS = 20
MAX_WORD_LENGTH = 40
SEPARATORS = re.compile(r"[,\n]")
ONE_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*\.?")  # letters; inner hyphens or apostrophes; "el."


class Synonym(models.Model):
    language = models.CharField(
        _("language"),
        max_length=2,
        blank=True,
        choices=[("", _("Every language")), *settings.LANGUAGES],
        help_text=_("The language whose readers write these words; every language for program names."),
    )
    words = models.TextField(
        _("words that mean the same"),
        help_text=_(
            "One word per line or separated by commas: how readers write it and how the pages do, for "
            "example Outlook, Аутлук. Letters only; codes, ports and host names are always searched as typed."
        ),
    )

    panels = [FieldPanel("language"), FieldPanel("words")]

    class Meta:
        verbose_name = _("search synonym")
        verbose_name_plural = _("search synonyms")
        ordering = ["language", "pk"]

    def __str__(self):
        return ", ".join(self.word_list())

    def word_list(self) -> list[str]:
        return list(dict.fromkeys(w.strip() for w in SEPARATORS.split(self.words or "") if w.strip()))

    def clean(self):
        super().clean()
        words = self.word_list()
        problems = []
        if len(words) < 2:
            problems.append(_("Give at least two words: the readers' word and the pages' word."))
        if len(words) > MAX_WORDS:
            problems.append(_("At most %(count)d words in one group.") % {"count": MAX_WORDS})
        for word in words:
            if len(word) > MAX_WORD_LENGTH or not ONE_WORD.fullmatch(word):
                problems.append(
                    _("“%(word)s” is not one word of letters (at most %(length)d).")
                    % {"word": word[:60], "length": MAX_WORD_LENGTH}
                )
        if problems:
            raise ValidationError({"words": problems})
