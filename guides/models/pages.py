"""The help center's pages: a help index bound to a settings record, and its guides, articles and
settings page. Guides and articles are made of ordered steps (models/steps.py)."""

from __future__ import annotations

from collections.abc import Mapping

from django.conf import settings
from django.core.paginator import Paginator
from django.db import models
from django.db.models.functions import Coalesce, RowNumber
from django.dispatch import Signal
from django.http import Http404
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.models import Page, PageViewRestriction
from wagtail.search import index
from wagtail.url_routing import RouteResult

from helpcenter.numbers import whole_number

# The one dependency of a model on the admin: Wagtail takes a page's editor form from its model.
# The form imports nothing from the models (it asks the page for its help index).
from ..admin.forms import TokenTextPageForm
from ..sections import build_sections, versions_of
from ..values import PROGRAM_KINDS, PageLink, with_token_list
from .permissions import HelpCenterPagePermissions
from .questions import ReaderQuestionsMixin, questions_panel
from .steps import STEPS_HELP

# Sent around the save of a page with its ordered steps, blocks or entries: GuidesConfig.ready connects
# guides/reference_index.py to them, so the page's references are indexed once per save instead of after
# each step's save (a publish of 150 steps walked them 150 times).
saving_with_steps = Signal()
saved_with_steps = Signal()


class OneQueryViewRestrictionsMixin:
    """Wagtail's view-restriction rule (the page's own and its ancestors' restrictions; an alias uses
    those of the page it copies) in one query instead of two: every reader request runs it."""

    def get_view_restrictions(self):
        paths = [self.path[:end] for end in range(self.steplen, len(self.path) + 1, self.steplen)]
        aliased = Page.objects.filter(path__in=paths, alias_of__isnull=False).values("alias_of_id")
        return PageViewRestriction.objects.filter(
            models.Q(page__path__in=paths, page__alias_of__isnull=True) | models.Q(page_id__in=aliased)
        )


class PageLinks(Mapping):
    """{page:slug} targets by source-language slug, each made a PageLink (title and URL in the active
    language) only when a text names it: a page names a handful, its help center may hold thousands."""

    def __init__(self, request, pages):
        source = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
        self._request = request
        self._pages = {getattr(page, f"slug_{source}"): page for page in pages}
        self._made: dict[str, PageLink] = {}

    def __getitem__(self, slug: str) -> PageLink:
        if slug not in self._made:
            page = self._pages[slug]
            self._made[slug] = PageLink(page.title, page.get_url(self._request))
        return self._made[slug]

    def __iter__(self):
        return iter(self._pages)

    def __len__(self):
        return len(self._pages)


class HelpIndexPage(HelpCenterPagePermissions, OneQueryViewRestrictionsMixin, Page):
    """The root of a help center: binds its guides to one server-settings record."""

    server_settings = models.ForeignKey(
        "guides.ServerSettings",
        verbose_name=_("server settings"),
        on_delete=models.PROTECT,
        related_name="help_indexes",
    )
    intro = models.TextField(_("introduction"), blank=True)
    preconditions = models.TextField(
        _("before you start"),
        blank=True,
        help_text=with_token_list(_("One precondition per line. Tokens such as {imap.host} allowed.")),
    )

    access_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page on enabling access"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Mail programs that cannot connect send readers here (Thunderbird's autoconfig)."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("server_settings"),
        FieldPanel("intro"),
        FieldPanel("preconditions"),
        FieldPanel("access_page"),
        FieldPanel("typo_fix"),
    ]
    # Translated per language (guides/language_columns.py); tokens allowed in both (guides/texts.py reads these).
    translated_fields = ("intro", "preconditions")
    token_fields = translated_fields
    line_fields = ("preconditions",)
    base_form_class = TokenTextPageForm
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "guides.TopicPage",
        "guides.GuidePage",
        "guides.ArticlePage",
        "guides.SettingsReferencePage",
        "guides.TroubleshootingPage",
        "guides.ProblemPage",
        "guides.CausePage",
    ]

    class Meta:
        verbose_name = _("help index")
        permissions = [
            # Checked by every help-center page's permission tester (models/permissions.py); declared on
            # the page type at the top of the help center's tree (the "Site administrators" role).
            ("delete_and_move_pages", _("Can delete and move pages")),
        ]

    @property
    def help_index(self):
        return self

    @property
    def record(self):
        return self.server_settings

    @property
    def precondition_list(self):
        return [line.strip() for line in (self.preconditions or "").splitlines() if line.strip()]

    @cached_property
    def live_children(self) -> list[Page]:
        """The live pages of this help center in tree order, as plain pages (title, slug, URL), each guide
        with its `guide_program` and `guide_protocol` (None for other pages): one query, then remembered
        by this instance (helpcenter/sites.py keeps the help index of a content generation)."""
        guide = GuidePage.objects.filter(pk=models.OuterRef("pk"))
        return list(
            self.get_children()
            .live()
            .order_by("path")
            .annotate(
                guide_program=models.Subquery(guide.values("program")[:1]),
                guide_protocol=models.Subquery(guide.values("protocol")[:1]),
            )
        )

    def route_to_child(self, request, path_components):
        """Wagtail's routing to a child by its slug in the active language (as wagtail-modeltranslation's
        `route`, which GuidesConfig.ready replaces with this), reading the children once for routing,
        links and related guides, and handing the child its help index (no query to find it)."""
        if not path_components:
            if self.live:
                return RouteResult(self)
            raise Http404
        children = self.live_children
        for child in children:
            if child.slug == path_components[0]:
                page = child.specific
                if isinstance(page, HelpCenterChildPage):
                    page.help_index, page.help_center_pages = self, children
                return page.route(request, path_components[1:])
        raise Http404

    def page_links(self, request, pages) -> PageLinks:
        """{page:slug} targets: `pages` (this help index and its live pages), titled in the active language."""
        return PageLinks(request, pages)

    def live_guides(self):
        return GuidePage.objects.live().descendant_of(self).order_by("path")

    def live_settings_pages(self):
        return SettingsReferencePage.objects.live().descendant_of(self).order_by("path")

    def link_slugs(self) -> set[str]:
        """What {page:slug} may name: this help index and its pages."""
        source = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
        return set(Page.objects.child_of(self).values_list(f"slug_{source}", flat=True)) | {
            getattr(self, f"slug_{source}")
        }

    # The help index shows at most this many programs and pages without a topic: it stays one screen at
    # thousands of guides (topic pages list the rest, a screen at a time).
    PROGRAMS_SHOWN = 8
    OTHERS_SHOWN = 24

    def topics(self) -> list[TopicPage]:
        """The live topics in the editors' order, each with its `guide_count`, `article_count` and `preview`
        (its first few guides and articles): three queries, whatever the number of pages."""
        counted = {
            name: Coalesce(
                models.Subquery(
                    model.objects.live()
                    .filter(topic=models.OuterRef("pk"))
                    .order_by()
                    .values("topic")
                    .annotate(n=models.Count("pk"))
                    .values("n")
                ),
                0,
            )
            for name, model in (("guide_count", GuidePage), ("article_count", ArticlePage))
        }
        topics = list(TopicPage.objects.live().child_of(self).order_by("path").annotate(**counted))
        previews: dict[int, list] = {}
        for model in (GuidePage, ArticlePage):
            # ranked on their ids and paths only, then the few fetched whole (ranking whole rows costs more)
            first = (
                model.objects.live()
                .filter(topic__in=[topic.pk for topic in topics])
                .annotate(rank=models.Window(RowNumber(), partition_by=models.F("topic_id"), order_by="path"))
                .filter(rank__lte=TopicPage.PREVIEW)
                .values("pk")
            )
            for page in model.objects.filter(pk__in=first).order_by("path"):
                previews.setdefault(page.topic_id, []).append(page)
        for topic in topics:
            topic.preview = sorted(previews.get(topic.pk, []), key=lambda page: page.path)[: TopicPage.PREVIEW]
        return topics

    def programs(self) -> list[GuidePage]:
        """The guides editors marked as most used (else the first guides), at most PROGRAMS_SHOWN."""
        guides = GuidePage.objects.live().child_of(self).order_by("path")
        return list(guides.filter(featured=True)[: self.PROGRAMS_SHOWN]) or list(guides[: self.PROGRAMS_SHOWN])

    def pages_without_topic(self) -> list[Page]:
        """Live guides and articles no topic holds, at most OTHERS_SHOWN (and one more, to tell there are more)."""
        return list(
            Page.objects.live()
            .child_of(self)
            .filter(
                models.Q(guidepage__isnull=False, guidepage__topic__isnull=True)
                | models.Q(articlepage__isnull=False, articlepage__topic__isnull=True)
            )
            .order_by("path")[: self.OTHERS_SHOWN + 1]
            .specific()
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["values"] = self.record.values(language=get_language())
        children = self.live_children  # plain pages, remembered for the content generation (routing)
        context["page_links"] = self.page_links(request, [self, *children])
        context["topics"] = self.topics()
        context["programs"] = self.programs()
        others = self.pages_without_topic()
        context["other_guides"] = [p for p in others[: self.OTHERS_SHOWN] if isinstance(p, GuidePage)]
        context["other_articles"] = [p for p in others[: self.OTHERS_SHOWN] if isinstance(p, ArticlePage)]
        context["more_others"] = len(others) > self.OTHERS_SHOWN
        context["reference_pages"] = list(self.live_settings_pages())  # one query, not a walk of every page
        context["help_center_pages"] = children  # {% troubleshooting %} finds the hub in them
        return context


class HelpCenterChildPage(HelpCenterPagePermissions, OneQueryViewRestrictionsMixin, Page):
    """A page under a help index; finds its settings record through that index."""

    # The fields translated per language (guides/language_columns.py registers them; guides/texts.py walks them
    # for every other use), those of them where tokens may stand, and those shown only in their own
    # language (no fallback).
    translated_fields: tuple[str, ...] = ()
    token_fields: tuple[str, ...] = ()
    own_language_fields: tuple[str, ...] = ()
    base_form_class = TokenTextPageForm
    parent_page_types = ["guides.HelpIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not hasattr(self, "steps"):
            return super().save(*args, **kwargs)
        paused = any(answer for _receiver, answer in saving_with_steps.send(sender=type(self), instance=self))
        saved = False
        try:
            result = super().save(*args, **kwargs)
            saved = True
            return result
        finally:
            saved_with_steps.send(sender=type(self), instance=self, paused=paused, saved=saved)

    @cached_property
    def help_index(self):
        return HelpIndexPage.objects.ancestor_of(self).select_related("server_settings").first()

    @cached_property
    def help_center_pages(self) -> list[Page]:
        """The live pages of the help center (HelpIndexPage.live_children; routing hands them over)."""
        return self.help_index.live_children

    @property
    def record(self):
        return self.help_index.server_settings

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["help_index"] = self.help_index
        context["values"] = self.record.values(program_kind=getattr(self, "program_kind", ""), language=get_language())
        context["help_center_pages"] = self.help_center_pages
        context["page_links"] = self.help_index.page_links(request, [self.help_index, *self.help_center_pages])
        return context


class StepsPageMixin:
    """A page made of ordered steps (guides) or blocks (articles), fetched once per render."""

    @cached_property
    def step_list(self):
        return list(self.steps.all().select_related("image"))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sections"] = build_sections(self.step_list)
        context["versions"] = versions_of(context["sections"])
        context["related_pages"] = self.related_pages(context["help_center_pages"])
        return context

    def related_pages(self, help_center_pages) -> list[Page]:
        """Up to three other live guides of the same help center (from HelpIndexPage.live_children):
        same protocol or program first, then in tree order."""
        others = [p for p in help_center_pages if p.guide_program is not None and p.pk != self.pk]

        def closeness(p):
            return (
                p.guide_protocol != getattr(self, "protocol", None),
                p.guide_program != getattr(self, "program", None),
            )

        return sorted(others, key=closeness)[:3]


def topic_field():
    """A guide's or article's topic: the topic of its help index that lists it (its URL does not depend on it)."""
    return models.ForeignKey(
        "guides.TopicPage",
        verbose_name=_("topic"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The topic of the help index that lists this page."),
    )


class GuidePage(StepsPageMixin, ReaderQuestionsMixin, HelpCenterChildPage):
    """How to set up one mail program (and version) as ordered, structured steps."""

    program = models.CharField(_("mail program"), max_length=100, help_text=_("As the program names itself."))
    topic = topic_field()
    program_version = models.CharField(_("version"), max_length=50, blank=True)
    program_kind = models.CharField(
        _("program's own words"),
        max_length=20,
        blank=True,
        choices=PROGRAM_KINDS,
        help_text=_("Whose names of the encryption settings the steps show (e.g. Outlook says SSL and TLS)."),
    )
    platform = models.CharField(_("platform"), max_length=50, blank=True)
    protocol = models.CharField(
        _("protocol"), max_length=10, choices=[("imap", "IMAP"), ("pop3", "POP3")], default="imap"
    )
    summary = models.TextField(_("summary"), blank=True)
    labels_note = models.TextField(
        _("note on the program's labels"),
        blank=True,
        help_text=_(
            "Shown above the steps in this language only: say here when the program shows its labels in "
            "English in this language (no version in it), or that they are those of the English version."
        ),
    )
    featured = models.BooleanField(
        _("one of the most-used programs"),
        default=False,
        help_text=_("Shown among the most-used programs on the help index."),
    )
    offers_apple_profile = models.BooleanField(
        _("offer the Apple configuration profile"),
        default=False,
        help_text=_("Shows an “Install the profile” form (and a QR code for computers) on this guide."),
    )

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("program"), FieldPanel("program_version"), FieldPanel("program_kind")]),
        FieldRowPanel([FieldPanel("platform"), FieldPanel("protocol")]),
        FieldRowPanel([FieldPanel("topic"), FieldPanel("featured")]),
        FieldPanel("summary"),
        questions_panel(),
        FieldPanel("labels_note"),
        FieldPanel("offers_apple_profile"),
        InlinePanel(
            "steps", heading=_("Steps"), label=_("Step"), max_num=settings.HELPCENTER_MAX_STEPS, help_text=STEPS_HELP
        ),
        FieldPanel("typo_fix"),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("program")]
    translated_fields = ("summary", "labels_note", "questions")
    token_fields = translated_fields
    own_language_fields = ("labels_note",)  # see labels_note_here

    # Platforms whose tile on the help index shows a phone; every other guide shows a computer.
    PHONE_PLATFORMS = ("iPhone", "iOS")

    class Meta:
        verbose_name = _("guide")

    @property
    def program_label(self) -> str:
        """The program and its version as readers know them, e.g. "Outlook 2013"."""
        return f"{self.program} {self.program_version}".strip()

    @property
    def labels_note_here(self) -> str:
        """The note in the active language, never another language's (no fallback: a note that iOS has no
        Latvian version must not appear on the Russian page)."""
        return getattr(self, build_localized_fieldname("labels_note", get_language()), None) or ""

    @property
    def icon(self) -> str:
        """The symbol of static/img/icons.svg that stands for the guide's platform."""
        return "icon-phone" if any(name in self.platform for name in self.PHONE_PLATFORMS) else "icon-desktop"


class ArticlePage(StepsPageMixin, ReaderQuestionsMixin, HelpCenterChildPage):
    """Rules, limits, background: ordered blocks of the same kinds as guide steps."""

    topic = topic_field()
    summary = models.TextField(_("summary"), blank=True)
    show_settings_table = models.BooleanField(_("show the server settings table"), default=False)

    content_panels = Page.content_panels + [
        FieldPanel("topic"),
        FieldPanel("summary"),
        questions_panel(),
        FieldPanel("show_settings_table"),
        InlinePanel(
            "steps", heading=_("Blocks"), label=_("Block"), max_num=settings.HELPCENTER_MAX_STEPS, help_text=STEPS_HELP
        ),
        FieldPanel("typo_fix"),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary")]
    translated_fields = ("summary", "questions")
    token_fields = translated_fields

    class Meta:
        verbose_name = _("article")


class SettingsReferencePage(ReaderQuestionsMixin, HelpCenterChildPage):
    """Every value of the settings record in one table, plus the rules."""

    intro = models.TextField(_("introduction"), blank=True)
    content_panels = Page.content_panels + [FieldPanel("intro"), questions_panel(), FieldPanel("typo_fix")]
    translated_fields = ("intro", "questions")
    token_fields = translated_fields
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("settings reference")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["programs"] = self.help_index.programs()  # the guides the help index shows first
        return context


class TopicPage(HelpCenterChildPage):
    """A group of guides and articles of the help index ("Computers", "Phones and tablets"). Editors create
    topics under the help index and order them there; a guide or article names its topic, so its own URL
    stays where it is. The topic's page lists them a screen at a time: /<topic>/, /<topic>/2/, …"""

    intro = models.TextField(_("introduction"), blank=True)
    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("typo_fix")]
    translated_fields = ("intro",)
    token_fields = translated_fields

    PAGE_SIZE = 48  # guides and articles a screen
    MAX_SCREEN = 10**6  # a screen number beyond this is no screen of ours (never a number read at any length)
    PREVIEW = 4  # of them named on the help index

    class Meta:
        verbose_name = _("topic")

    def members(self):
        """The topic's live guides and articles in tree order, as plain pages."""
        return (
            Page.objects.live()
            .filter(models.Q(guidepage__topic=self) | models.Q(articlepage__topic=self))
            .order_by("path")
        )

    def route_to_screen(self, request, path_components):
        """/<topic>/<n>/ is the topic's screen n (from 2: the first is the topic's own URL). Its `route`
        (GuidesConfig.ready sets it, over wagtail-modeltranslation's)."""
        number = whole_number(path_components[0], 0, self.MAX_SCREEN) if len(path_components) == 1 else None
        if number is not None and self.live:
            if path_components[0].startswith("0") or number < 2:
                raise Http404
            return RouteResult(self, kwargs={"screen": number})
        return super().route(request, path_components)

    def get_context(self, request, *args, screen: int = 1, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        paginator = Paginator(self.members(), self.PAGE_SIZE)
        if screen > paginator.num_pages:
            raise Http404
        shown = paginator.page(screen)
        pages = list(shown.object_list.specific())
        context["guides"] = [p for p in pages if isinstance(p, GuidePage)]
        context["articles"] = [p for p in pages if isinstance(p, ArticlePage)]
        context["screen"] = shown
        return context
