"""Words readers use for what the pages call otherwise, kept by editors (Admin › Snippets › Search
synonyms): a group of words that mean the same, in one language or in all. Any word of a group that a
reader types finds the pages that use any other (search/vocabulary.py); a change takes effect on the next
search (a save or a delete makes a new content generation, search/apps.py)."""

from __future__ import annotations

import re
import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable, Page

from guides.models import HelpIndexPage

from .query import MAX_QUERY_LENGTH, normalize_query

MAX_WORDS = 20
MAX_WORD_LENGTH = 40
MIN_WORD_LETTERS = 3  # a one- or two-letter word would make its group match nearly every page


def scripts(word: str) -> set[str]:
    """The alphabets of a word's letters by their Unicode names (LATIN, CYRILLIC, GREEK, …): "Оutlook" with
    a Cyrillic О is two, a word no reader types and no page holds."""
    return {unicodedata.name(c, "?").split()[0] for c in word if c.isalpha()}


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
            elif len([c for c in word if c.isalpha()]) < MIN_WORD_LETTERS:
                problems.append(
                    _("“%(word)s” is too short: a synonym has at least %(count)d letters.")
                    % {"word": word, "count": MIN_WORD_LETTERS}
                )
            elif len(scripts(word)) > 1:
                problems.append(
                    _("“%(word)s” mixes letters of different alphabets (%(scripts)s): type it in one.")
                    % {"word": word, "scripts": ", ".join(sorted(scripts(word)))}
                )
        if problems:
            raise ValidationError({"words": problems})


class SearchLog(models.Model):
    """What readers searched, for editors (Reports › Searches): the query as the search page read it, the
    language, how many pages it found, when. Nothing that identifies a reader: no address, no cookie, no
    session. `count` is how many searches one row stands for: the page cache answers repeated searches
    without Django and counts them in the process (helpcenter/page_cache/searches.py; search/log.py writes
    them). Kept SEARCH_LOG_DAYS days (`manage.py prune_search_log`)."""

    query = models.CharField(_("query"), max_length=200)
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES)
    results = models.PositiveIntegerField(_("pages found"))
    count = models.PositiveIntegerField(_("searches"), default=1)
    searched_at = models.DateTimeField(_("searched at"), auto_now_add=True, db_index=True)

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("search")
        verbose_name_plural = _("searches")
        indexes = [models.Index(fields=["language", "query"])]

    def __str__(self):
        return f"{self.language}: {self.query}"


class SearchClick(models.Model):
    """A result a reader opened from a search (through /<lang>/search/open/), as anonymous as SearchLog."""

    query = models.CharField(_("query"), max_length=200)
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES)
    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("page opened"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    clicked_at = models.DateTimeField(_("opened at"), auto_now_add=True, db_index=True)

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("opened search result")
        verbose_name_plural = _("opened search results")
        indexes = [models.Index(fields=["language", "query"])]

    def __str__(self):
        return f"{self.language}: {self.query} → {self.page_id}"


class Promotion(Orderable):
    """A page editors put first for a query readers search (Admin › Search promotions, or "Promote a page"
    in Reports › Searches …): search/promotions.py moves it to the front of that query's results, or adds
    it when the search did not find it. Several pages may be promoted for one query; they are shown in
    their sort order. A save or a delete makes a new content generation (search/apps.py), so no stored
    search page keeps the old order."""

    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES)
    query = models.CharField(
        _("query"),
        max_length=MAX_QUERY_LENGTH,
        help_text=_("What readers search, as Reports › Searches lists it (case and spacing do not matter)."),
    )
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("A published page of the help center that every reader may see."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("promoted by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("promoted at"), auto_now_add=True)

    wagtail_reference_index_ignore = True

    panels = [FieldPanel("language"), FieldPanel("query"), FieldPanel("page")]

    class Meta:
        verbose_name = _("search promotion")
        verbose_name_plural = _("search promotions")
        ordering = ["sort_order", "pk"]
        constraints = [models.UniqueConstraint(fields=["language", "query", "page"], name="search_promotion_once")]

    def __str__(self):
        return f"{self.language}: {self.query} → {self.page_id}"

    def save(self, *args, **kwargs):
        self.query = normalize_query(self.query)  # as the search page reads it, however it was created
        super().save(*args, **kwargs)

    def clean_fields(self, exclude=None):
        # the normal form before the field's checks: blank once spaces are collapsed, too long as searched
        self.query = " ".join(unicodedata.normalize("NFC", self.query or "").lower().split())
        super().clean_fields(exclude)

    def clean(self):
        super().clean()
        if self.page_id is not None:
            problem = page_problem(self.page_id)
            if problem:
                raise ValidationError({"page": problem})

    def unique_error_message(self, model_class, unique_check):
        if set(unique_check) == {"language", "query", "page"}:
            return ValidationError(
                _("This page is already promoted for this query in this language."), code="unique_together"
            )
        return super().unique_error_message(model_class, unique_check)


def page_problem(page_id: int) -> str | None:
    """Why a page cannot be promoted (search shows only live, public pages of a help center), or None."""
    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        return None  # the field's own check says so
    title = {"title": page.title}
    if not page.live:
        return _("“%(title)s” is not published: search shows only published pages.") % title
    if not Page.objects.filter(pk=page_id).public().exists():
        return _("“%(title)s” is private: search shows only pages every reader may see.") % title
    if not HelpIndexPage.objects.live().public().ancestor_of(page, inclusive=True).exists():
        return _("“%(title)s” is not a page of the help center.") % title
    return None
