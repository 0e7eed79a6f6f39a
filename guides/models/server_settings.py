"""The server-settings record: the one place every host, port, encryption and rule number lives."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import (
    DomainNameValidator,
    EmailValidator,
    MaxValueValidator,
    MinValueValidator,
    URLValidator,
)
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.models import DraftStateMixin, PreviewableMixin, RevisionMixin

from helpcenter.numbers import whole_number

from ..values import (
    DOMAIN_PLACEHOLDER,
    REFERENCES,
    SECURITY_CHOICES,
    SERVER_ENTRIES,
    SSL,
    STARTTLS,
    MailValues,
)

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
PORT_VALIDATORS = [MinValueValidator(1), MaxValueValidator(65535)]
IMPLICIT_TLS_PORTS = {993, 995, 465}
PLAIN_START_PORTS = {143, 110, 587, 25}
HOST_NAME = DomainNameValidator(
    accept_idna=False, message=_("“%(value)s” is not a valid host name (letters, digits and hyphens between dots).")
)


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
    language_domains = models.TextField(
        _("domain each language shows first"),
        blank=True,
        help_text=_(
            "Until readers type their address, pages show the primary domain's hosts. A language whose readers "
            "mostly have another served domain can show that one: one line per language, its code and the "
            "domain, e.g. “lt inbox.lt”."
        ),
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
    webmail_url = models.CharField(
        _("the web mailbox"),
        max_length=300,
        default="https://email.{domain}/",
        help_text=_(
            "Where readers sign in to their mailbox on the web. {domain} is replaced by the reader's mail domain."
        ),
    )
    support_url = models.CharField(
        _("the provider's support contact"),
        max_length=300,
        blank=True,
        help_text=_(
            "An https:// page or a mailto: address readers write to when nothing on these pages helps; "
            "{domain} may stand for the reader's domain. Empty: the pages offer the web mailbox and the "
            "troubleshooting pages only (the mail team confirms the contact before it is filled in)."
        ),
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
        FieldPanel("language_domains"),
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
                FieldPanel("webmail_url"),
                FieldPanel("support_url"),
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
    def language_domain_map(self) -> dict[str, str]:
        """language code -> the domain its pages show before the reader types an address, as written."""
        pairs = (line.split() for line in (self.language_domains or "").splitlines())
        return {pair[0].lower(): pair[1].lower() for pair in pairs if len(pair) == 2}

    def default_domain(self, language: str | None) -> str:
        """The domain pages in `language` show until the reader types an address: the language's own
        (Settings › domain each language shows first) when it is a served domain, else the primary one."""
        domains = self.domain_list
        chosen = self.language_domain_map.get((language or "").lower())
        return chosen if chosen in domains else domains[0]

    @property
    def closed_port_list(self) -> list[int]:
        ports = (whole_number(p, 1, 65535) for p in (self.closed_ports or "").replace(" ", "").split(","))
        return [port for port in ports if port is not None]

    @property
    def open_ports(self) -> dict[str, tuple[str, int, str]]:
        """port field name -> (host pattern, port, security) of every port the record offers."""
        return {REFERENCES[entry.port].field: entry.read(self) for entry in SERVER_ENTRIES}

    def values(self, address=None, domain=None, program_kind="", language=None) -> MailValues:
        return MailValues(self, address=address, domain=domain, program_kind=program_kind, language=language)

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
        indexes = list(self.help_indexes.order_by("path")) if self.pk else []
        guides = [page for index in indexes for page in index.live_guides()]
        return guides or [page for index in indexes for page in index.live_settings_pages()]

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
            try:
                HOST_NAME(domain)
            except ValidationError as error:
                add("domains", error.messages[0])
        if len(set(domains)) != len(domains):
            add("domains", _("Each domain may be listed only once."))

        seen_languages = set()
        for line in (self.language_domains or "").splitlines():
            if not line.strip():
                continue
            pair = line.split()
            language = pair[0].lower()
            if len(pair) != 2 or language not in LANGUAGE_CODES:
                add(
                    "language_domains",
                    _("“%(line)s”: write a language code (%(codes)s), a space and one of the served domains.")
                    % {"line": line.strip(), "codes": ", ".join(LANGUAGE_CODES)},
                )
            elif language in seen_languages:
                add("language_domains", _("Each language may be listed only once."))
            elif pair[1].lower() not in domains:
                add(
                    "language_domains",
                    _("“%(domain)s” is not one of the served domains above.") % {"domain": pair[1]},
                )
            seen_languages.add(language)

        for field in ("imap_host", "pop3_host", "smtp_host"):
            pattern = (getattr(self, field) or "").strip()
            for domain in domains or ["example.lv"]:
                try:
                    HOST_NAME(pattern.replace(DOMAIN_PLACEHOLDER, domain))
                except ValidationError as error:
                    add(field, error.messages[0])
                    break

        raw_closed = [p.strip() for p in (self.closed_ports or "").split(",") if p.strip()]
        for p in raw_closed:
            if whole_number(p, 1, 65535) is None:
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
        try:
            example = self.webmail_url.replace(DOMAIN_PLACEHOLDER, domains[0] if domains else "example.lv")
            URLValidator(schemes=["https"])(example)
        except ValidationError:
            add("webmail_url", _("Enter an https:// address; {domain} may stand for the reader's domain."))
        if self.support_url:
            example = self.support_url.replace(DOMAIN_PLACEHOLDER, domains[0] if domains else "example.lv")
            try:
                if example.startswith("mailto:"):
                    EmailValidator()(example[len("mailto:") :])
                else:
                    URLValidator(schemes=["https"])(example)
            except ValidationError:
                add(
                    "support_url",
                    _("Enter an https:// address or mailto: and an e-mail address; {domain} may stand for the domain."),
                )

        if (
            self.free_messages_per_minute is not None
            and self.free_messages_per_hour is not None
            and self.free_messages_per_minute > self.free_messages_per_hour
        ):
            add("free_messages_per_minute", _("More messages per minute than per hour is a contradiction."))
        if errors:
            raise ValidationError(errors)
