"""Troubleshooting: from the message a mail program shows to the provider's rule behind it.

Three page types under the help index, so that they are published, revised, translated (per-text stale
tracking), drift-checked, loaded, searched and invalidated exactly as guides and articles are:

- a **cause** (CausePage) is one provider-side reason ("external access is switched off"), with ordered
  steps saying how to check it and how to fix it; its steps reference the record like every step;
- a **problem** (ProblemPage) is what a reader sees: ordered steps of its own kinds, the exact messages
  (per program, with their codes, in each language as the program shows it), the outgoing server's
  replies (an SMTP reply code with its standard meaning: "smtp_reply" in place of a program) and the
  causes to check, in order, each a reference to a cause page: one cause serves every problem it explains;
- the **troubleshooting hub** (TroubleshootingPage) lists every problem by program and message.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modeltranslation.utils import build_localized_fieldname
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, PageChooserPanel

from ..admin.steps import StepFieldsPanel
from ..sections import build_sections
from ..values import PROGRAM_KINDS, normal_reply_code, reply_parts, split_reply_code, with_token_list
from .pages import HelpCenterChildPage, StepsPageMixin
from .questions import ReaderQuestionsMixin, questions_panel
from .steps import STEPS_HELP, StepBase, source_field

CODE_RE = re.compile(r"(?:0x)?([0-9a-f]{8})", re.IGNORECASE)
# Programs in the order the hub and a problem list them.
PROGRAMS = [(kind, label) for kind, label in PROGRAM_KINDS if kind]
# A message entry's "program" may instead be the outgoing server: its reply, quoted inside the programs'
# messages. Not a program (no guide has it, the hub's program list leaves it out): shown under its own heading.
SMTP_REPLY = "smtp_reply"
# Programs shipped in Latvian, English, Russian and Lithuanian: an English message there only means that its
# wording in that language is not recorded yet, never that the program shows it in English (issue 33, item 6).
IN_EVERY_LANGUAGE = ("outlook", "windows_live_mail")
MESSAGE_SOURCES = [*PROGRAMS, (SMTP_REPLY, _("The outgoing server's reply"))]


def normal_code(code: str) -> str:
    """0x800CCC92 for 0x800ccc92, 800CCC92 or " 0X800CCC92 "; "" for anything else."""
    match = CODE_RE.fullmatch((code or "").strip())
    return f"0x{match.group(1).upper()}" if match else ""


def normal_message_code(program: str, code: str) -> str:
    """A message's code written one way: an SMTP reply code for the server's reply ("550 5.7.1"), a
    program's code otherwise (0x800CCC92); "" if it is not one."""
    return normal_reply_code(code) if program == SMTP_REPLY else normal_code(code)


def message_code_error(program: str, code: str) -> str:
    """Why `code` is no code of a message of `program` ("" when it is one)."""
    if normal_message_code(program, code):
        return ""
    if program != SMTP_REPLY:
        return _("Write the code as the program shows it, e.g. 0x800CCC92.")
    parts = split_reply_code(code)
    if parts is not None:  # the form is right, the classes disagree
        return _(
            "The enhanced code must start with the reply code's first digit (a %(basic)s reply carries "
            "%(digit)s.x.x): check the reply."
        ) % {"basic": parts[0], "digit": parts[0][0]}
    return _(
        "Write the code that starts the server's reply: three digits, the first 2 to 5 and the second 0 "
        "to 5 (e.g. 550), an enhanced code class.subject.detail with class 2, 4 or 5 (e.g. 5.7.1), or "
        "both (550 5.7.1)."
    )


class Stage(models.TextChoices):
    SETUP = "setup", _("Setting up the account")
    CONNECT = "connect", _("Connecting to the server")
    SECURE = "secure", _("Securing the connection")
    LOGIN = "login", _("Logging in")
    RECEIVE = "receive", _("Receiving mail")
    SEND = "send", _("Sending mail")


class CausePage(StepsPageMixin, ReaderQuestionsMixin, HelpCenterChildPage):
    """One reason on the provider's side, shared by every problem it explains: how to check, how to fix."""

    summary = models.TextField(_("summary"), blank=True, help_text=with_token_list(_("One sentence.")))

    content_panels = HelpCenterChildPage.content_panels + [
        FieldPanel("summary"),
        questions_panel(),
        InlinePanel(
            "steps", heading=_("Steps"), label=_("Step"), max_num=settings.HELPCENTER_MAX_STEPS, help_text=STEPS_HELP
        ),
        FieldPanel("typo_fix"),
    ]
    translated_fields = ("summary", "questions")
    token_fields = translated_fields

    class Meta:
        verbose_name = _("cause of a problem")
        verbose_name_plural = _("causes of problems")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        problems = [p for p in self.help_center_pages if p.specific_class is ProblemPage]
        ids = set(ProblemStep.objects.filter(cause=self, page__in=problems).values_list("page_id", flat=True))
        context["problems"] = [p for p in problems if p.pk in ids]
        return context


class CauseStep(StepBase):
    page = ParentalKey("guides.CausePage", on_delete=models.CASCADE, related_name="steps")


class ProblemStepKind(models.TextChoices):
    MESSAGE = "message", _("A message the program shows")
    CAUSE = "cause", _("A cause to check (in order)")
    NOTE = "note", _("Note")
    PARAGRAPH = "paragraph", _("Paragraph")


class ProblemPage(ReaderQuestionsMixin, HelpCenterChildPage):
    """What a reader sees when mail stops working: the programs' messages, then the causes in order."""

    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices, default=Stage.LOGIN)
    summary = models.TextField(_("summary"), blank=True, help_text=with_token_list(_("The symptom, in a sentence.")))

    content_panels = HelpCenterChildPage.content_panels + [
        FieldPanel("stage"),
        FieldPanel("summary"),
        questions_panel(),
        InlinePanel(
            "steps",
            heading=_("Messages and causes"),
            label=_("Entry"),
            max_num=settings.HELPCENTER_MAX_STEPS,
            help_text=STEPS_HELP,
        ),
        FieldPanel("typo_fix"),
    ]
    translated_fields = ("summary", "questions")
    token_fields = translated_fields

    class Meta:
        verbose_name = _("problem")

    @cached_property
    def step_list(self):
        return list(self.steps.all().select_related("cause"))

    @property
    def messages(self):
        return [s for s in self.step_list if s.kind == ProblemStepKind.MESSAGE]

    @property
    def codes(self) -> list[str]:
        return list(dict.fromkeys(s.code for s in self.messages if s.code))

    @property
    def replies(self):
        """The outgoing server's replies (their codes and meanings), shown apart from the programs."""
        return [s for s in self.messages if s.program == SMTP_REPLY]

    def messages_by_program(self) -> list[tuple[str, str, list]]:
        """[(program kind, program name, its messages)] in PROGRAMS order, programs without messages left out
        (the server's replies are no program's: `replies`)."""
        groups = []
        for kind, label in PROGRAMS:
            found = [s for s in self.messages if s.program == kind]
            if found:
                groups.append((kind, label, found))
        return groups

    def causes(self) -> list[CausePage]:
        """The live causes to check, in order, each with its `sections` (one query for all their steps)."""
        live = {p.pk for p in self.help_center_pages}
        causes = [s.cause for s in self.step_list if s.kind == ProblemStepKind.CAUSE and s.cause_id in live]
        steps: dict[int, list] = {}
        for step in CauseStep.objects.filter(page__in=causes).select_related("image").order_by("page_id", "sort_order"):
            steps.setdefault(step.page_id, []).append(step)
        for cause in causes:
            cause.sections = build_sections(steps.get(cause.pk, []))
        return causes

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["programs"] = self.messages_by_program()
        context["replies"] = self.replies
        context["causes"] = self.causes()
        context["notes"] = [s for s in self.step_list if s.kind in (ProblemStepKind.NOTE, ProblemStepKind.PARAGRAPH)]
        return context


class ProblemStep(StepBase):
    """An entry of a problem: a message as a program shows it (or the outgoing server's reply: its SMTP code,
    the standard words in English, its meaning in `text`), or a cause to check. The structure (order, kinds,
    programs, codes, causes) is shared by every language; the words are per language."""

    page = ParentalKey("guides.ProblemPage", on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(_("kind"), max_length=10, choices=ProblemStepKind.choices, default=ProblemStepKind.MESSAGE)
    target = models.TextField(
        _("message as the program shows it"),
        blank=True,
        help_text=_(
            "Word for word, in this language as the program shows it; write … where the program puts a "
            "server name or address. Leave a language empty when the program shows the English text there. "
            "The outgoing server's reply: its code and the standard words, in English only."
        ),
    )
    program = models.CharField(
        _("program"),
        max_length=20,
        blank=True,
        choices=MESSAGE_SOURCES,
        help_text=_("Or “The outgoing server's reply” for the code a server's reply starts with."),
    )
    code = models.CharField(
        _("error or reply code"),
        max_length=20,
        blank=True,
        help_text=_("A program's code, e.g. 0x800CCC92; the server's reply: 550 5.7.1, 550 or 5.7.1."),
    )
    english_in = models.CharField(
        _("shown in English in"),
        max_length=20,
        blank=True,
        help_text=_("Languages in which the program shows this message in English, e.g. “lv lt”."),
    )
    source = models.CharField(
        _("source of the wording"), max_length=500, blank=True, help_text=_("Where the exact wording is quoted from.")
    )
    wording_source = models.CharField(
        _("source of this language's wording"),
        max_length=500,
        blank=True,
        help_text=_(
            "Where this language's wording of the message is quoted from (a program's translation file, its "
            "window), when the source above does not name it. Required with a wording added in the translation "
            "workspace."
        ),
    )
    cause = models.ForeignKey(
        "guides.CausePage",
        verbose_name=_("cause"),
        null=True,
        blank=True,
        # Deleting a help center deletes its causes with its problems; a cause deleted on its own drops out
        # of the problems that named it (Wagtail's delete screen lists them: the reference index).
        on_delete=models.SET_NULL,
        related_name="+",
    )

    pasted_fields = ("target",)  # search reads the message in English too: readers paste what the program shows
    translated_fields = (*StepBase.translated_fields, "wording_source")
    own_language_fields = ("wording_source",)  # each language's own source, never another language's
    panels = [
        StepFieldsPanel(
            [
                FieldRowPanel([FieldPanel("kind"), FieldPanel("program"), FieldPanel("code")]),
                FieldPanel(source_field("target")),
                FieldPanel(source_field("text")),
                FieldRowPanel([FieldPanel("english_in"), FieldPanel("source")]),
                FieldPanel(source_field("wording_source")),
                PageChooserPanel("cause", page_type="guides.CausePage"),
            ]
        )
    ]

    class Meta(StepBase.Meta):
        verbose_name = _("entry")
        verbose_name_plural = _("entries")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.code or self.target[:40] or self.cause or self.text[:40]}"

    @property
    def english_languages(self) -> set[str]:
        return set(re.split(r"[\s,]+", self.english_in.strip().lower())) - {""}

    @property
    def is_reply(self) -> bool:
        """The outgoing server's reply (an SMTP code and its meaning), not a program's message."""
        return self.kind == ProblemStepKind.MESSAGE and self.program == SMTP_REPLY

    @property
    def shown(self) -> str:
        """The message in the active language as the program shows it, else its English wording (a server's
        reply is English only)."""
        own = "" if self.is_reply else getattr(self, build_localized_fieldname("target", get_language() or "en"), None)
        return own or getattr(self, build_localized_fieldname("target", "en"), None) or ""

    @property
    def reply_words(self) -> str:
        """A server reply's standard words without the code it starts with ("Authentication required")."""
        code, words = reply_parts(getattr(self, build_localized_fieldname("target", "en"), None) or "")
        return words if code == self.code else " ".join(filter(None, (code, words)))

    @property
    def english_here(self) -> bool:
        """The program shows this message in English in the active language (the note the labels have; a
        server's reply is always English and needs none)."""
        lang = get_language()
        return (
            not self.is_reply
            and lang != "en"
            and (lang in self.english_languages or not getattr(self, build_localized_fieldname("target", lang), None))
        )

    @property
    def fields_without_source(self) -> tuple[str, ...]:
        """Texts translators may fill although the Latvian one is empty: a program's message and its source
        in each language (Outlook's Russian wording may be found before its Latvian one); the English
        wording stands for the source."""
        return ("target", "wording_source") if self.kind == ProblemStepKind.MESSAGE and not self.is_reply else ()

    def reference_for(self, field: str) -> tuple[str, str]:
        """(language, text) a translator works from when the Latvian text is empty: the message's English
        wording, or the source of the wordings recorded so far."""
        if field == "target":
            return "en", getattr(self, build_localized_fieldname("target", "en"), None) or ""
        return "en", self.source

    @property
    def english_by_the_program(self) -> bool:
        """Whether the program itself shows the message in English in the active language (it has no such
        language version, as its source says); otherwise an English text here only means that this
        language's wording is not recorded yet."""
        return get_language() in self.english_languages

    def clean(self):
        source = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
        errors = {}
        if self.code:
            error = message_code_error(self.program, self.code)
            if error:
                errors["code"] = error
            else:
                self.code = normal_message_code(self.program, self.code)
        unknown = self.english_languages - set(settings.MODELTRANSLATION_LANGUAGES)
        if unknown:
            errors["english_in"] = _("Unknown language code(s): %(codes)s.") % {"codes": ", ".join(sorted(unknown))}
        elif self.program in IN_EVERY_LANGUAGE and self.english_languages - {"en"}:
            errors["english_in"] = _(
                "This program exists in every language of the help center: where its wording is not known yet, "
                "leave the language empty (readers are told it is not recorded yet)."
            )
        if self.is_reply:
            if not self.code:
                errors["code"] = _("Give the code the server's reply starts with, e.g. 550 5.7.1.")
            if not getattr(self, build_localized_fieldname("text", source)):
                errors[build_localized_fieldname("text", source)] = _(
                    "Say what the reply means and which cause to check."
                )
        elif self.kind == ProblemStepKind.MESSAGE:
            if not self.program:
                errors["program"] = _("Say which program shows this message.")
            has_message = any(getattr(self, build_localized_fieldname("target", lang)) for lang in ("en", source))
            if not has_message and not self.code:
                errors[build_localized_fieldname("target", "en")] = _(
                    "Give the message (in English at least) or its code."
                )
        elif self.kind == ProblemStepKind.CAUSE:
            if not self.cause_id:
                errors["cause"] = _("Choose the cause to check.")
        elif not getattr(self, build_localized_fieldname("text", source)):
            errors[build_localized_fieldname("text", source)] = _("Write what the reader should know or do.")
        if errors:
            raise ValidationError(errors)


class TroubleshootingPage(ReaderQuestionsMixin, HelpCenterChildPage):
    """ "Mail stopped working?": every problem of the help center by program, stage and message."""

    intro = models.TextField(_("introduction"), blank=True, help_text=with_token_list(_("Tokens allowed.")))
    content_panels = HelpCenterChildPage.content_panels + [
        FieldPanel("intro"),
        questions_panel(),
        FieldPanel("typo_fix"),
    ]
    translated_fields = ("intro", "questions")
    token_fields = translated_fields
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("troubleshooting hub")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        groups, context["other_problems"] = problems_by_program(self.help_center_pages)
        context["programs"] = [group for group in groups if group[0] != SMTP_REPLY]
        context["replies"] = next((rows for kind, _label, rows in groups if kind == SMTP_REPLY), [])
        return context


def problems_by_program(help_center_pages, only: str | None = None):
    """([(program kind, name, [(problem, its messages in that program)])], problems without messages),
    for the hub and a guide's box (`only` its program): the problems are the help center's live pages
    (titles and URLs already read), their messages one query. The outgoing server's replies come last, as
    the group of SMTP_REPLY (the hub shows them under their own heading)."""
    problems = [p for p in help_center_pages if p.specific_class is ProblemPage]
    messages: dict[int, list] = {}
    entries = ProblemStep.objects.filter(page_id__in=[p.pk for p in problems], kind=ProblemStepKind.MESSAGE)
    for step in entries.order_by("page_id", "sort_order"):
        messages.setdefault(step.page_id, []).append(step)
    groups = []
    for kind, label in MESSAGE_SOURCES:
        if only is not None and kind != only:
            continue
        rows = [(p, [m for m in messages.get(p.pk, []) if m.program == kind]) for p in problems]
        rows = [(p, found) for p, found in rows if found]
        if rows:
            groups.append((kind, label, rows))
    return groups, [p for p in problems if p.pk not in messages]
