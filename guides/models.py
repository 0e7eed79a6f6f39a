from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modeltranslation.utils import build_localized_fieldname
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import DraftStateMixin, Orderable, Page, PreviewableMixin, RevisionMixin
from wagtail.search import index

from .forms import TokenTextPageForm
from .sections import build_sections
from .validation import hostname_error
from .values import (
    DOMAIN_PLACEHOLDER,
    SECURITY_CHOICES,
    SSL,
    STARTTLS,
    MailValues,
    PageLink,
    reference_choices,
    with_token_list,
)

PORT_VALIDATORS = [MinValueValidator(1), MaxValueValidator(65535)]
IMPLICIT_TLS_PORTS = {993, 995, 465}
PLAIN_START_PORTS = {143, 110, 587, 25}


def port_field(verbose_name, default):
    return models.PositiveIntegerField(verbose_name, default=default, validators=PORT_VALIDATORS)


def security_field(verbose_name, default):
    return models.CharField(verbose_name, max_length=10, choices=SECURITY_CHOICES, default=default)


class ServerSettings(PreviewableMixin, DraftStateMixin, RevisionMixin, models.Model):
    """The one record every host, port, encryption and rule number is rendered from."""

    name = models.CharField(_("name"), max_length=100, default="Inbox")
    domains = models.TextField(
        _("served domains"),
        default="inbox.lv",
        help_text=_("One mail domain per line, the primary domain first."),
    )
    imap_host = models.CharField(
        _("IMAP host"),
        max_length=253,
        default="mail.{domain}",
        help_text=_("Write {domain} where the reader's mail domain goes, e.g. mail.{domain}."),
    )
    imap_port = port_field(_("IMAP port"), 993)
    imap_security = security_field(_("IMAP encryption"), SSL)
    pop3_host = models.CharField(_("POP3 host"), max_length=253, default="mail.{domain}")
    pop3_port = port_field(_("POP3 port"), 995)
    pop3_security = security_field(_("POP3 encryption"), SSL)
    smtp_host = models.CharField(_("SMTP host"), max_length=253, default="mail.{domain}")
    smtp_port = port_field(_("SMTP port"), 587)
    smtp_security = security_field(_("SMTP encryption"), STARTTLS)
    smtp_ssl_port = port_field(_("SMTP port with SSL/TLS"), 465)
    smtp_alt_port = port_field(_("alternative SMTP port (same encryption as the SMTP port)"), 25)
    closed_ports = models.CharField(
        _("closed ports"), max_length=200, blank=True, default="110", help_text=_("Comma-separated port numbers.")
    )
    username_form = models.CharField(
        _("username"),
        max_length=20,
        choices=[("address", _("the full e-mail address")), ("local_part", _("the part before @"))],
        default="address",
    )
    authentication = models.CharField(
        _("authentication"),
        max_length=20,
        choices=[("password", _("normal password (over an encrypted connection)"))],
        default="password",
    )
    smtp_auth_required = models.BooleanField(_("SMTP requires authentication"), default=True)
    access_url = models.CharField(
        _("where readers enable external access"),
        max_length=300,
        default="https://email.{domain}/prefs?group=enable_pop3",
        help_text=_("{domain} is replaced by the reader's mail domain."),
    )
    free_messages_per_hour = models.PositiveIntegerField(_("free accounts: messages per hour"), default=15)
    free_messages_per_minute = models.PositiveIntegerField(_("free accounts: messages per minute"), default=5)
    min_poll_minutes = models.PositiveIntegerField(_("minimum minutes between mail checks"), default=5)
    inactive_months = models.PositiveIntegerField(_("months unused before access closes"), default=2)
    premium_unlock_business_days = models.PositiveIntegerField(
        _("business days to lift limits for new premium users"), default=2
    )

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="server_settings")

    panels = [
        FieldPanel("name"),
        FieldPanel("domains"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("imap_host"), FieldPanel("imap_port"), FieldPanel("imap_security")])],
            heading=_("Incoming mail: IMAP"),
        ),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("pop3_host"), FieldPanel("pop3_port"), FieldPanel("pop3_security")])],
            heading=_("Incoming mail: POP3"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("smtp_host"), FieldPanel("smtp_port"), FieldPanel("smtp_security")]),
                FieldRowPanel([FieldPanel("smtp_ssl_port"), FieldPanel("smtp_alt_port")]),
                FieldPanel("smtp_auth_required"),
            ],
            heading=_("Outgoing mail: SMTP"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("username_form"),
                FieldPanel("authentication"),
                FieldPanel("closed_ports"),
                FieldPanel("access_url"),
            ],
            heading=_("Access"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("free_messages_per_hour"), FieldPanel("free_messages_per_minute")]),
                FieldRowPanel([FieldPanel("min_poll_minutes"), FieldPanel("inactive_months")]),
                FieldPanel("premium_unlock_business_days"),
            ],
            heading=_("Rules and limits"),
        ),
    ]

    class Meta:
        verbose_name = _("server settings")
        verbose_name_plural = _("server settings")

    def __str__(self):
        return self.name

    @property
    def revisions(self):
        return self._revisions

    @property
    def domain_list(self) -> list[str]:
        return [d.strip().lower() for d in (self.domains or "").splitlines() if d.strip()]

    @property
    def closed_port_list(self) -> list[int]:
        return [int(p) for p in (self.closed_ports or "").replace(" ", "").split(",") if p.isdigit()]

    @property
    def open_ports(self) -> dict[str, tuple[str, int, str]]:
        """field name -> (host pattern, port, security) of every port the record offers."""
        return {
            "imap_port": (self.imap_host, self.imap_port, self.imap_security),
            "pop3_port": (self.pop3_host, self.pop3_port, self.pop3_security),
            "smtp_port": (self.smtp_host, self.smtp_port, self.smtp_security),
            "smtp_ssl_port": (self.smtp_host, self.smtp_ssl_port, SSL),
            "smtp_alt_port": (self.smtp_host, self.smtp_alt_port, self.smtp_security),
        }

    @property
    def all_ports(self) -> set[int]:
        return {port for _h, port, _s in self.open_ports.values()} | set(self.closed_port_list)

    def values(self, address=None, domain=None) -> MailValues:
        return MailValues(self, address=address, domain=domain)

    # where the record is used ------------------------------------------------
    def bound_pages(self, page_model):
        """Live pages of `page_model` in the help centers bound to this record, in tree order."""
        paths = list(self.help_indexes.values_list("path", flat=True)) if self.pk else []
        if not paths:
            return page_model.objects.none()
        in_bound_center = models.Q()
        for path in paths:
            in_bound_center |= models.Q(path__startswith=path)
        return page_model.objects.live().filter(in_bound_center).order_by("path")

    # preview: a guide rendered with the values being edited, before they are published --------
    @cached_property
    def preview_pages(self) -> list:
        """What the preview can show: every live guide bound to this record, else its settings page.
        Looked up once per instance (the admin's views build a fresh one per request)."""
        return list(self.bound_pages(GuidePage)) or list(self.bound_pages(SettingsReferencePage))

    @property
    def preview_modes(self):
        """One mode per live guide (name: its id, label: its title); the first is the default."""
        return [(str(page.pk), page.title) for page in self.preview_pages] or [("", _("Settings table"))]

    def preview_page(self, mode_name):
        """The live bound page a preview mode shows; None shows the settings table on its own
        (no page is bound, or the mode's page was unpublished or moved since the editor opened the form)."""
        return next((p for p in self.preview_pages if str(p.pk) == str(mode_name)), None)

    def get_preview_template(self, request, mode_name):
        page = self.preview_page(mode_name)
        return page.get_template(request) if page else "guides/admin/server_settings_preview.html"

    def get_preview_context(self, request, mode_name):
        """The context the page itself builds (GuidePage.get_context), but with this in-form,
        unpublished instance as its record, so the preview shows the edited values."""
        page = self.preview_page(mode_name)
        if page is None:
            return {
                "object": self,
                "page": None,
                "request": request,
                "values": MailValues(self),
                "page_gone": bool(mode_name),
            }
        page.help_index.server_settings = self  # page.record, wherever the page reads it
        context = page.get_context(request)
        context["values"] = MailValues(self)
        return context

    def clean(self):
        super().clean()
        errors: dict[str, list] = {}

        def add(field, message):
            errors.setdefault(field, []).append(message)

        domains = self.domain_list
        if not domains:
            add("domains", _("List at least one mail domain."))
        for domain in domains:
            problem = hostname_error(domain)
            if problem or "." not in domain:
                add("domains", problem or _("“%(name)s” is not a mail domain.") % {"name": domain})
        if len(set(domains)) != len(domains):
            add("domains", _("Each domain may be listed only once."))

        for field in ("imap_host", "pop3_host", "smtp_host"):
            pattern = (getattr(self, field) or "").strip()
            for domain in domains or ["example.lv"]:
                problem = hostname_error(pattern.replace(DOMAIN_PLACEHOLDER, domain))
                if problem:
                    add(field, problem)
                    break

        raw_closed = [p.strip() for p in (self.closed_ports or "").split(",") if p.strip()]
        for p in raw_closed:
            if not p.isdigit() or not 1 <= int(p) <= 65535:
                add("closed_ports", _("“%(port)s” is not a port number from 1 to 65535.") % {"port": p})

        seen: dict[tuple[str, int], tuple[str, str]] = {}
        for field, (host, port, security) in self.open_ports.items():
            if port is None:
                continue
            if port in self.closed_port_list:
                add(field, _("Port %(port)s is listed as closed.") % {"port": port})
            if security == STARTTLS and port in IMPLICIT_TLS_PORTS:
                add(field, _("Port %(port)s is an SSL/TLS port; it cannot use STARTTLS.") % {"port": port})
            if security == SSL and port in PLAIN_START_PORTS:
                add(field, _("Port %(port)s starts unencrypted; use STARTTLS with it.") % {"port": port})
            other = seen.get((host, port))
            if other and not (field.startswith("smtp") and other[0].startswith("smtp") and other[1] == security):
                add(field, _("Port %(port)s is already used on the same host.") % {"port": port})
            seen.setdefault((host, port), (field, security))
        if self.smtp_port is not None and self.smtp_port in (self.smtp_ssl_port, self.smtp_alt_port):
            add("smtp_port", _("The SMTP ports must differ from each other."))

        try:
            example = self.access_url.replace(DOMAIN_PLACEHOLDER, domains[0] if domains else "example.lv")
            URLValidator(schemes=["https"])(example)
        except ValidationError:
            add("access_url", _("Enter an https:// address; {domain} may stand for the reader's domain."))

        if (
            self.free_messages_per_minute is not None
            and self.free_messages_per_hour is not None
            and self.free_messages_per_minute > self.free_messages_per_hour
        ):
            add("free_messages_per_minute", _("More messages per minute than per hour is a contradiction."))
        if errors:
            raise ValidationError(errors)


def translation_notice(page, steps=None) -> str | None:
    """ "missing" or "stale" when the reader's language lacks or lags behind part of the page."""
    from django.utils import translation

    from . import tracking

    lang = translation.get_language()
    if lang not in tracking.TARGETS:
        return None
    texts = tracking.page_texts(page, steps)
    found = tracking.counts(texts, lang, tracking.states_for(texts))
    return tracking.MISSING if found[tracking.MISSING] else tracking.STALE if found[tracking.STALE] else None


class HelpIndexPage(Page):
    """The root of a help center: binds its guides to one server-settings record."""

    server_settings = models.ForeignKey(
        ServerSettings, verbose_name=_("server settings"), on_delete=models.PROTECT, related_name="help_indexes"
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
    token_fields = ("intro", "preconditions")
    base_form_class = TokenTextPageForm
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["guides.GuidePage", "guides.ArticlePage", "guides.SettingsReferencePage"]

    class Meta:
        verbose_name = _("help index")

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

    def link_slugs(self) -> set[str]:
        source = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
        return set(Page.objects.child_of(self).values_list(f"slug_{source}", flat=True))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["values"] = self.record.values()
        children = list(self.get_children().live().specific().order_by("path"))
        context["page_links"] = self.page_links(request, children)
        context["translation_notice"] = translation_notice(self, [])
        context["guides"] = [p for p in children if isinstance(p, GuidePage)]
        context["articles"] = [p for p in children if isinstance(p, ArticlePage)]
        context["reference_pages"] = [p for p in children if isinstance(p, SettingsReferencePage)]
        return context


class HelpCenterChildPage(Page):
    """A page under a help index; finds its settings record through that index."""

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
        context["translation_notice"] = translation_notice(self, getattr(self, "step_list", None))
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
    token_fields = ("summary",)

    class Meta:
        verbose_name = _("guide")


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
    token_fields = ("summary",)

    class Meta:
        verbose_name = _("article")


class SettingsReferencePage(HelpCenterChildPage):
    """Every value of the settings record in one table, plus the rules."""

    intro = models.TextField(_("introduction"), blank=True)
    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("typo_fix")]
    token_fields = ("intro",)
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("settings reference")


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
    PICTURE = "picture", _("Picture")
    PARAGRAPH = "paragraph", _("Paragraph")
    LIST = "list", _("Bulleted list (one item per line)")


# Kinds that need the name of something on screen (field, option, box, button).
TARGET_REQUIRED = {StepKind.ENTER, StepKind.CHOOSE, StepKind.TICK, StepKind.UNTICK, StepKind.PRESS}
NUMBERED = {StepKind.ACTION, StepKind.ENTER, StepKind.CHOOSE, StepKind.TICK, StepKind.UNTICK, StepKind.PRESS}
TEXT_REQUIRED = {StepKind.ACTION, StepKind.NOTE, StepKind.WARNING, StepKind.HEADING, StepKind.PARAGRAPH, StepKind.LIST}


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

    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("value_ref")]),
        FieldPanel("target"),
        FieldPanel("text"),
        FieldRowPanel([FieldPanel("image"), FieldPanel("image_alt")]),
    ]
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
        if self.kind in TEXT_REQUIRED and not getattr(self, field("text")):
            errors[field("text")] = _("Write what the reader should know or do.")
        if self.kind == StepKind.PICTURE:
            if not self.image_id:
                errors["image"] = _("Choose a picture.")
            if not getattr(self, field("image_alt")):
                errors[field("image_alt")] = _("Describe the picture for readers who cannot see it.")
        if errors:
            raise ValidationError(errors)


class GuideStep(StepBase):
    page = ParentalKey(GuidePage, on_delete=models.CASCADE, related_name="steps")


class ArticleBlock(StepBase):
    page = ParentalKey("guides.ArticlePage", on_delete=models.CASCADE, related_name="steps")

    class Meta(StepBase.Meta):
        verbose_name = _("block")
        verbose_name_plural = _("blocks")


class TranslationState(models.Model):
    """Which Latvian source a translated text was based on (Kitsune's `based_on`, per text).

    A translation is stale when the source text's hash differs from `source_hash`; missing when
    the translated column is empty. Texts are addressed as (object, field, language).
    """

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    field = models.CharField(max_length=50)
    language = models.CharField(max_length=10)
    source_hash = models.CharField(max_length=64)
    source_text = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("translation state")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "field", "language"], name="one_state_per_text"
            )
        ]
        permissions = [
            ("translate_pages", _("Can translate pages in the translation workspace")),
            ("publish_translations", _("Can publish translations without moderation")),
            # Not about translation states: like the two above, a help-center-wide right that belongs to
            # no single record, and this model has no admin screens whose rights it could be confused
            # with. Wagtail lets anyone with "change" and "publish" on a page delete or move it; the
            # hooks in guides/wagtail_hooks.py also require this (the "Site administrators" role).
            ("delete_and_move_pages", _("Can delete and move pages")),
        ]

    def __str__(self):
        return f"{self.content_type_id}:{self.object_id} {self.field}_{self.language}"


class Feedback(models.Model):
    """One reader's answer to "Was this helpful?" on a guide or article.

    Anonymous: no IP address and no user are stored. `voter` is HMAC-SHA256 (keyed with
    SECRET_KEY) of the page id and a random per-browser id from the `hc_voter` cookie, so one
    browser has one vote per page and the hash cannot be traced back to anyone (see guides.feedback).

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
