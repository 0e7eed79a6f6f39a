"""The help center's pages: a help index bound to a settings record, and its guides, articles and
settings page. Guides and articles are made of ordered steps (models/steps.py)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.models import Page
from wagtail.search import index

# The one dependency of a model on the admin: Wagtail takes a page's editor form from its model.
# The form imports nothing from the models (it asks the page for its help index).
from ..admin.forms import TokenTextPageForm
from ..mail.values import PageLink, with_token_list
from ..sections import build_sections


class HelpIndexPage(Page):
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
    # Translated per language (guides/translation.py); tokens allowed in both.
    translated_fields = ("intro", "preconditions")
    token_fields = translated_fields
    base_form_class = TokenTextPageForm
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["guides.GuidePage", "guides.ArticlePage", "guides.SettingsReferencePage"]

    class Meta:
        verbose_name = _("help index")

    @property
    def help_index(self):
        return self

    @property
    def record(self):
        return self.server_settings

    @property
    def precondition_list(self):
        return [line.strip() for line in (self.preconditions or "").splitlines() if line.strip()]

    def page_links(self, request, pages=None) -> dict[str, PageLink]:
        """{page:slug} targets: the live pages of this help center, titled in the active language."""
        pages = self.get_children().live() if pages is None else pages
        source = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
        return {getattr(p, f"slug_{source}"): PageLink(p.title, p.get_url(request)) for p in pages}

    def live_guides(self):
        return GuidePage.objects.live().descendant_of(self).order_by("path")

    def live_settings_pages(self):
        return SettingsReferencePage.objects.live().descendant_of(self).order_by("path")

    def link_slugs(self) -> set[str]:
        source = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
        return set(Page.objects.child_of(self).values_list(f"slug_{source}", flat=True))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["values"] = self.record.values()
        children = list(self.get_children().live().specific().order_by("path"))
        context["page_links"] = self.page_links(request, children)
        context["guides"] = [p for p in children if isinstance(p, GuidePage)]
        context["articles"] = [p for p in children if isinstance(p, ArticlePage)]
        context["reference_pages"] = [p for p in children if isinstance(p, SettingsReferencePage)]
        return context


class HelpCenterChildPage(Page):
    """A page under a help index; finds its settings record through that index."""

    # The fields translated per language (guides/translation.py registers them; the content loader, the
    # drift check and translation tracking read them from here), and those of them where tokens may stand.
    translated_fields: tuple[str, ...] = ()
    token_fields: tuple[str, ...] = ()
    base_form_class = TokenTextPageForm
    parent_page_types = ["guides.HelpIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        abstract = True

    @cached_property
    def help_index(self):
        return HelpIndexPage.objects.ancestor_of(self).select_related("server_settings").first()

    @property
    def record(self):
        return self.help_index.server_settings

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["help_index"] = self.help_index
        context["values"] = self.record.values()
        context["page_links"] = self.help_index.page_links(request)
        return context


class StepsPageMixin:
    """A page made of ordered steps (guides) or blocks (articles), fetched once per render."""

    @cached_property
    def step_list(self):
        return list(self.steps.all().select_related("image"))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sections"] = build_sections(self.step_list)
        return context

    def related_pages(self):
        """Other live guides of the same help center: same protocol or program first."""
        siblings = [p for p in GuidePage.objects.live().sibling_of(self, inclusive=False).order_by("path")]

        def closeness(p):
            return (p.protocol != getattr(self, "protocol", None), p.program != getattr(self, "program", None))

        return sorted(siblings, key=closeness)[:3]


class GuidePage(StepsPageMixin, HelpCenterChildPage):
    """How to set up one mail program (and version) as ordered, structured steps."""

    program = models.CharField(_("mail program"), max_length=100, help_text=_("As the program names itself."))
    program_version = models.CharField(_("version"), max_length=50, blank=True)
    platform = models.CharField(_("platform"), max_length=50, blank=True)
    protocol = models.CharField(
        _("protocol"), max_length=10, choices=[("imap", "IMAP"), ("pop3", "POP3")], default="imap"
    )
    summary = models.TextField(_("summary"), blank=True)
    offers_apple_profile = models.BooleanField(
        _("offer the Apple configuration profile"),
        default=False,
        help_text=_("Shows an “Install the profile” form (and a QR code for computers) on this guide."),
    )

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("program"), FieldPanel("program_version")]),
        FieldRowPanel([FieldPanel("platform"), FieldPanel("protocol")]),
        FieldPanel("summary"),
        FieldPanel("offers_apple_profile"),
        InlinePanel("steps", heading=_("Steps"), label=_("Step"), max_num=settings.HELPCENTER_MAX_STEPS),
        FieldPanel("typo_fix"),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("program")]
    translated_fields = ("summary",)
    token_fields = translated_fields

    # Platforms whose tile on the help index shows a phone; every other guide shows a computer.
    PHONE_PLATFORMS = ("iPhone", "iOS")

    class Meta:
        verbose_name = _("guide")

    @property
    def program_label(self) -> str:
        """The program and its version as readers know them, e.g. "Outlook 2013"."""
        return f"{self.program} {self.program_version}".strip()

    @property
    def icon(self) -> str:
        """The symbol of static/img/icons.svg that stands for the guide's platform."""
        return "icon-phone" if any(name in self.platform for name in self.PHONE_PLATFORMS) else "icon-desktop"


class ArticlePage(StepsPageMixin, HelpCenterChildPage):
    """Rules, limits, background: ordered blocks of the same kinds as guide steps."""

    summary = models.TextField(_("summary"), blank=True)
    show_settings_table = models.BooleanField(_("show the server settings table"), default=False)

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("show_settings_table"),
        InlinePanel("steps", heading=_("Blocks"), label=_("Block"), max_num=settings.HELPCENTER_MAX_STEPS),
        FieldPanel("typo_fix"),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary")]
    translated_fields = ("summary",)
    token_fields = translated_fields

    class Meta:
        verbose_name = _("article")


class SettingsReferencePage(HelpCenterChildPage):
    """Every value of the settings record in one table, plus the rules."""

    intro = models.TextField(_("introduction"), blank=True)
    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("typo_fix")]
    translated_fields = ("intro",)
    token_fields = translated_fields
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("settings reference")
