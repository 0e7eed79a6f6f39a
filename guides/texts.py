"""The texts of a page: what each model declares once, and the one walk over a page's texts.

A model declares its translated fields and what holds for them (`translated_fields`, `token_fields`,
`own_language_fields`, `line_fields`, `pasted_fields`, `questions_fields`, `same_words_fields`; a page's
texts start with Wagtail's title fields).
`walk_page(page, steps)` yields a `Text` for every declared field of the page, then of each of its
ordered steps, blocks or entries. Translation tracking, the content loader and `check_content`, the page
form, search documents and picture warnings each filter these records; none chooses fields itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname
from wagtail.models import Page

from .values import LABEL_FIELDS, TITLE_FIELDS

LANGUAGES = tuple(settings.MODELTRANSLATION_LANGUAGES)
SOURCE = settings.MODELTRANSLATION_DEFAULT_LANGUAGE


@dataclass(frozen=True, slots=True)
class TextField:
    """One translated field of a model, as the model declares it."""

    name: str
    title: bool = False  # one of Wagtail's title fields: shown as typed, tokens refused
    tokens: bool = False  # {tokens} may stand in it (and are rendered for readers)
    is_label: bool = False  # words as the program shows them (an empty translation shows the source on purpose)
    own_language: bool = False  # shown only in its own language, never through modeltranslation's fallback
    lines: bool = False  # one item per line
    pasted: bool = False  # readers paste it from their program, often in English
    questions: bool = False  # readers' questions about the page: for search, never shown on the page
    same_words: bool = False  # mostly the same in every language (a version): an empty translation shows the source

    @property
    def checked(self) -> bool:
        """The text rules (unknown tokens, literal values) apply to it."""
        return self.title or self.tokens


@cache
def text_fields(model) -> tuple[TextField, ...]:
    """The model's texts from its declarations, in reading order."""
    titles = TITLE_FIELDS if issubclass(model, Page) else ()
    tokens = set(getattr(model, "token_fields", ()))
    own = set(getattr(model, "own_language_fields", ()))
    lines = set(getattr(model, "line_fields", ()))
    pasted = set(getattr(model, "pasted_fields", ()))
    questions = set(getattr(model, "questions_fields", ()))
    same = set(getattr(model, "same_words_fields", ()))
    return tuple(TextField(name, title=True) for name in titles) + tuple(
        TextField(
            name,
            tokens=name in tokens,
            is_label=name in LABEL_FIELDS,
            own_language=name in own,
            lines=name in lines,
            pasted=name in pasted,
            questions=name in questions,
            same_words=name in same,
        )
        for name in getattr(model, "translated_fields", ())
    )


@dataclass(frozen=True, slots=True)
class Text:
    """One translatable text: the object holding it, its declaration, and its step's number on the page
    (None for the page's own fields)."""

    obj: object
    spec: TextField
    step: int | None = None

    @property
    def field(self) -> str:
        return self.spec.name

    @property
    def tokens(self) -> bool:
        return self.spec.tokens

    @property
    def checked(self) -> bool:
        return self.spec.checked

    @property
    def is_label(self) -> bool:
        return self.spec.is_label

    @property
    def optional(self) -> bool:
        """An empty translation is no gap: a label or version that reads the same, a note only some languages
        need."""
        return self.spec.is_label or self.spec.own_language or self.spec.same_words

    def value(self, lang: str) -> str:
        return getattr(self.obj, build_localized_fieldname(self.field, lang), None) or ""

    def values(self) -> Iterator[tuple[str, str, str]]:
        """(language, column name, value) in every language."""
        for lang in LANGUAGES:
            name = build_localized_fieldname(self.field, lang)
            yield lang, name, getattr(self.obj, name, None) or ""

    @property
    def shown(self) -> str:
        """What a reader sees in the active language: modeltranslation's fallback included."""
        return getattr(self.obj, self.field, None) or ""

    @property
    def source(self) -> str:
        return self.value(SOURCE)

    def lines(self, lang: str | None = None) -> list[str]:
        """The text's non-empty lines, stripped: in `lang` only (no fallback), or without it as a reader of
        the active language would be shown it (`shown`, with modeltranslation's fallback)."""
        text = self.shown if lang is None else self.value(lang)
        return [line.strip() for line in text.splitlines() if line.strip()]

    def set(self, lang: str, value: str) -> None:
        setattr(self.obj, build_localized_fieldname(self.field, lang), value)

    @property
    def content_type_id(self) -> int:
        return ContentType.objects.get_for_model(type(self.obj)).id

    @property
    def address(self) -> tuple[int, int, str]:
        return (self.content_type_id, self.obj.pk, self.field)

    @property
    def key(self) -> str:
        return f"{self.content_type_id}-{self.obj.pk}-{self.field}"

    @property
    def caption(self) -> str:
        """The text's name for editors: the field, and for a step its number and kind."""
        name = self.obj._meta.get_field(self.field).verbose_name
        if self.step is None:
            return str(name)
        return _("Step %(number)s (%(kind)s): %(field)s") % {
            "number": self.step,
            "kind": self.obj.get_kind_display(),
            "field": name,
        }


def texts_of(obj, step: int | None = None) -> Iterator[Text]:
    for spec in text_fields(type(obj)):
        yield Text(obj, spec, step)


def walk_page(page, steps: Iterable | None = None) -> Iterator[Text]:
    """Every text of the page in reading order: its own fields, then each step's (`steps` in their order;
    by default the page's stored steps, blocks or entries)."""
    yield from texts_of(page)
    if steps is None:
        steps = page.steps.all() if hasattr(page, "steps") else ()
    for number, step in enumerate(steps, start=1):
        yield from texts_of(step, number)
