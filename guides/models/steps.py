"""Steps: the ordered, structured records guides and articles are made of. A step names a value by
its reference (`value_ref`), never by the value itself."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modeltranslation.utils import build_localized_fieldname
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable

from ..admin.steps import StepFieldsPanel, StepImageChooser, StepSelect
from ..values import reference_choices, with_token_list

# Shown above the steps of every page editor: a step's other languages are not in the page's form.
STEPS_HELP = _(
    "The steps are edited here in Latvian. Their English, Russian and Lithuanian words are edited in "
    "Translations (the admin menu)."
)


def source_field(name: str) -> str:
    """The column of a translated field in the source language (the page editor shows only that one)."""
    return build_localized_fieldname(name, settings.MODELTRANSLATION_DEFAULT_LANGUAGE)


class StepKind(models.TextChoices):
    ACTION = "action", _("Do something in the program (menu path)")
    ENTER = "enter", _("Enter a value into a field")
    CHOOSE = "choose", _("Choose an option")
    TICK = "tick", _("Tick a box")
    UNTICK = "untick", _("Untick a box")
    PRESS = "press", _("Press a button")
    NOTE = "note", _("Note")
    WARNING = "warning", _("Warning")
    HEADING = "heading", _("Heading")
    SCREEN = "screen", _("Program window: drawn from the steps below it (title as text, open tab as label)")
    PICTURE = "picture", _("Picture")
    PARAGRAPH = "paragraph", _("Paragraph")
    LIST = "list", _("Bulleted list (one item per line)")


# Kinds that need the name of something on screen (field, option, box, button).
TARGET_REQUIRED = {StepKind.ENTER, StepKind.CHOOSE, StepKind.TICK, StepKind.UNTICK, StepKind.PRESS}
NUMBERED = {StepKind.ACTION, StepKind.ENTER, StepKind.CHOOSE, StepKind.TICK, StepKind.UNTICK, StepKind.PRESS}
TEXT_REQUIRED = {
    StepKind.ACTION,
    StepKind.NOTE,
    StepKind.WARNING,
    StepKind.HEADING,
    StepKind.SCREEN,
    StepKind.PARAGRAPH,
    StepKind.LIST,
}


class StepBase(Orderable):
    """One step of a page. Structure (order, kind, reference) is shared by every language;
    only the words (text, target, image_alt) are translated."""

    kind = models.CharField(_("kind"), max_length=10, choices=StepKind.choices, default=StepKind.ACTION)
    text = models.TextField(
        _("text"),
        blank=True,
        help_text=with_token_list(_("What the reader does, in words. Tokens such as {imap.port} allowed.")),
    )
    target = models.CharField(
        _("label on screen"),
        max_length=255,
        blank=True,
        help_text=_("The field, option, box, button or menu path exactly as the program shows it."),
    )
    value_ref = models.CharField(
        _("value"),
        max_length=40,
        blank=True,
        choices=reference_choices(),
        help_text=_("The value the reader enters or chooses: a reference, never the value itself."),
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("picture"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    image_alt = models.CharField(_("picture description (alt text)"), max_length=255, blank=True)

    # The page editor carries a step's words in the source language only: a long guide's form stays a
    # quarter of the size (and its editor as quick), and translators work in the translation workspace.
    panels = [
        StepFieldsPanel(
            [
                FieldRowPanel([FieldPanel("kind", widget=StepSelect), FieldPanel("value_ref", widget=StepSelect)]),
                FieldPanel(source_field("target")),
                FieldPanel(source_field("text")),
                FieldRowPanel([FieldPanel("image", widget=StepImageChooser), FieldPanel(source_field("image_alt"))]),
            ]
        )
    ]
    # registered in guides/language_columns.py, walked by guides/texts.py
    translated_fields = ("text", "target", "image_alt")
    token_fields = ("text", "target")

    class Meta(Orderable.Meta):
        abstract = True
        verbose_name = _("step")
        verbose_name_plural = _("steps")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.target or self.text[:40]}"

    @property
    def numbered(self) -> bool:
        return self.kind in NUMBERED

    @property
    def list_items(self) -> list[str]:
        return [line.strip() for line in (self.text or "").splitlines() if line.strip()]

    def clean(self):
        super().clean()
        # Structure is checked on the source language; errors name its admin field (text_lv, ...).
        source = settings.MODELTRANSLATION_DEFAULT_LANGUAGE

        def field(name):
            return build_localized_fieldname(name, source)

        errors = {}
        if self.kind in TARGET_REQUIRED and not getattr(self, field("target")):
            errors[field("target")] = _("This kind of step needs the label the program shows.")
        if self.kind == StepKind.SCREEN and not getattr(self, field("text")):
            errors[field("text")] = _("A program window needs its title, as the program shows it.")
        elif self.kind in TEXT_REQUIRED and not getattr(self, field("text")):
            errors[field("text")] = _("Write what the reader should know or do.")
        if self.kind == StepKind.PICTURE:
            if not self.image_id:
                errors["image"] = _("Choose a picture.")
            if not getattr(self, field("image_alt")):
                errors[field("image_alt")] = _("Describe the picture for readers who cannot see it.")
        if errors:
            raise ValidationError(errors)


class GuideStep(StepBase):
    page = ParentalKey("guides.GuidePage", on_delete=models.CASCADE, related_name="steps")
    version = models.CharField(
        _("program version"),
        max_length=40,
        blank=True,
        help_text=_(
            "Only for the program versions named here, as readers know them (for example “2016/2019”); empty: "
            "every version. Steps of several versions in a row become blocks the reader chooses from."
        ),
    )

    translated_fields = (*StepBase.translated_fields, "version")
    same_words_fields = ("version",)  # "2016/2019" reads the same in most languages
    panels = [
        StepFieldsPanel(
            [
                FieldRowPanel([FieldPanel("kind", widget=StepSelect), FieldPanel("value_ref", widget=StepSelect)]),
                FieldPanel(source_field("target")),
                FieldPanel(source_field("text")),
                FieldPanel(source_field("version")),
                FieldRowPanel([FieldPanel("image", widget=StepImageChooser), FieldPanel(source_field("image_alt"))]),
            ]
        )
    ]

    @property
    def version_key(self) -> str:
        """The version's name in every language (fragments, the reader's remembered choice): the source
        language's words as a slug."""
        return slugify((getattr(self, source_field("version")) or "").replace("/", " "))

    def clean(self):
        super().clean()
        named = getattr(self, source_field("version")) or ""
        if named.strip() and not self.version_key:
            raise ValidationError({source_field("version"): _("Name the version with letters or digits.")})
        if self.version_key and self.kind == StepKind.HEADING:
            raise ValidationError(
                {source_field("version"): _("A heading is shared by every version: put the version on its steps.")}
            )


class ArticleBlock(StepBase):
    page = ParentalKey("guides.ArticlePage", on_delete=models.CASCADE, related_name="steps")

    class Meta(StepBase.Meta):
        verbose_name = _("block")
        verbose_name_plural = _("blocks")
