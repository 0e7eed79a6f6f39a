"""The registry of values: what a token, a step or a format may name, and every server the record offers.

A reference is never the value itself: `MailValues` reads it from a settings record it is given."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from .security import SSL

DOMAIN_PLACEHOLDER = "{domain}"


def host_for(pattern: str, domain: str) -> str:
    return pattern.lower().replace(DOMAIN_PLACEHOLDER, domain)


@dataclass(frozen=True)
class Reference:
    """A named value a step or a token may point at; never the value itself.

    `field` is the record field it is rendered from (none for the reader's own data); `kind` says how
    it is displayed: host (a pattern with {domain}), port, security, number, count (a number with its
    `unit`, in the plural form the number takes in the page's language: "1 minute", "15 minutes"), url (a
    pattern with {domain}), ports (a list), reader (the reader's data or a placeholder). `fixed` is the
    security of a port that has only one (the SMTP port with SSL/TLS)."""

    key: str
    label: str
    kind: str
    field: str = ""
    fixed: str = ""
    unit: object = None  # a count's ngettext_lazy("%(count)s minute", "%(count)s minutes", "count")

    def read(self, record):
        return self.fixed or getattr(record, self.field)


REFERENCES: dict[str, Reference] = {
    r.key: r
    for r in [
        Reference("imap.host", _("IMAP server (incoming)"), "host", "imap_host"),
        Reference("imap.port", _("IMAP port"), "port", "imap_port"),
        Reference("imap.security", _("IMAP encryption"), "security", "imap_security"),
        Reference("pop3.host", _("POP3 server (incoming)"), "host", "pop3_host"),
        Reference("pop3.port", _("POP3 port"), "port", "pop3_port"),
        Reference("pop3.security", _("POP3 encryption"), "security", "pop3_security"),
        Reference("smtp.host", _("SMTP server (outgoing)"), "host", "smtp_host"),
        Reference("smtp.port", _("SMTP port (STARTTLS)"), "port", "smtp_port"),
        Reference("smtp.security", _("SMTP encryption"), "security", "smtp_security"),
        Reference("smtp.ssl_port", _("SMTP port (SSL/TLS)"), "port", "smtp_ssl_port"),
        Reference("smtp.ssl_security", _("SMTP encryption on the SSL/TLS port"), "security", fixed=SSL),
        Reference("smtp.alt_port", _("SMTP alternative port"), "port", "smtp_alt_port"),
        Reference("closed_ports", _("Closed ports"), "ports", "closed_ports"),
        Reference("username", _("Username"), "reader", "username_form"),
        Reference("reader.address", _("Reader's e-mail address"), "reader"),
        Reference("reader.local_part", _("Reader's address before @"), "reader"),
        Reference("reader.domain", _("Reader's mail domain"), "reader"),
        Reference("reader.name", _("Reader's name"), "reader"),
        Reference("reader.password", _("Reader's generated password"), "reader"),
        Reference("access.url", _("Where to enable external access"), "url", "access_url"),
        Reference("rules.per_hour", _("Free accounts: messages per hour"), "number", "free_messages_per_hour"),
        Reference("rules.per_minute", _("Free accounts: messages per minute"), "number", "free_messages_per_minute"),
        Reference("rules.poll_minutes", _("Minimum minutes between mail checks"), "number", "min_poll_minutes"),
        Reference("rules.inactive_months", _("Months unused before access closes"), "number", "inactive_months"),
        Reference(
            "rules.premium_days",
            _("Business days to lift limits for new premium users"),
            "number",
            "premium_unlock_business_days",
        ),
        # after the others: a search document marks each reference by its place (search/documents.py)
        Reference("webmail.url", _("The web mailbox"), "url", "webmail_url"),
        # The rules' numbers with their units, for a sentence that needs the unit's plural form: the
        # number is said in the nominative ("the shortest interval: 15 minutes"), docs/content-decisions.md.
        Reference(
            "rules.poll_interval",
            _("Minimum time between mail checks, with its unit"),
            "count",
            "min_poll_minutes",
            unit=ngettext_lazy("%(count)s minute", "%(count)s minutes", "count"),
        ),
        Reference(
            "rules.inactive_period",
            _("Time unused before access closes, with its unit"),
            "count",
            "inactive_months",
            unit=ngettext_lazy("%(count)s month", "%(count)s months", "count"),
        ),
        Reference(
            "rules.premium_wait",
            _("Longest wait to lift limits for new premium users, with its unit"),
            "count",
            "premium_unlock_business_days",
            unit=ngettext_lazy("%(count)s business day", "%(count)s business days", "count"),
        ),
        Reference(
            "rules.hourly_messages",
            _("Free accounts: messages per hour, with their unit"),
            "count",
            "free_messages_per_hour",
            unit=ngettext_lazy("%(count)s message", "%(count)s messages", "count"),
        ),
        Reference(
            "rules.minute_messages",
            _("Free accounts: messages per minute, with their unit"),
            "count",
            "free_messages_per_minute",
            unit=ngettext_lazy("%(count)s message", "%(count)s messages", "count"),
        ),
    ]
}


def reference_choices():
    return [(r.key, r.label) for r in REFERENCES.values()]


@dataclass(frozen=True)
class ServerEntry:
    """One server address the record offers, by the references of its host, port and security."""

    protocol: str  # imap | pop3 | smtp
    host: str
    port: str
    security: str

    def read(self, record) -> tuple[str, int, str]:
        """(host pattern, port, security) of this entry in `record`."""
        return tuple(REFERENCES[key].read(record) for key in (self.host, self.port, self.security))


# Every (host, port, security) the record offers, the main one of each protocol first.
SERVER_ENTRIES = [
    ServerEntry("imap", "imap.host", "imap.port", "imap.security"),
    ServerEntry("pop3", "pop3.host", "pop3.port", "pop3.security"),
    ServerEntry("smtp", "smtp.host", "smtp.port", "smtp.security"),
    ServerEntry("smtp", "smtp.host", "smtp.ssl_port", "smtp.ssl_security"),
    ServerEntry("smtp", "smtp.host", "smtp.alt_port", "smtp.security"),
]

# How the settings table names a protocol's main server and each further one.
PROTOCOL_LABELS = {
    "imap": (_("Incoming mail (IMAP)"), _("Incoming mail (IMAP), also")),
    "pop3": (_("Incoming mail (POP3)"), _("Incoming mail (POP3), also")),
    "smtp": (_("Outgoing mail (SMTP)"), _("Outgoing mail (SMTP), also")),
}


@dataclass(frozen=True)
class Server:
    """One server of a record for one domain: what a mail program is told. `main` is the first of its
    protocol; the references are those of the entry it comes from (for the values' chips)."""

    protocol: str  # imap | pop3 | smtp
    host: str
    port: int
    security: str  # ssl | starttls
    port_ref: str = ""  # e.g. "smtp.ssl_port", "smtp.ssl_security"
    security_ref: str = ""
    host_ref: str = ""
    main: bool = True

    @property
    def label(self) -> str:
        main, further = PROTOCOL_LABELS[self.protocol]
        return main if self.main else further
