"""The one rendering path: (settings record, reader's address or domain, language) -> values.

Every value a reader or a mail program sees comes from `MailValues`: guide steps, inline
tokens in prose, the settings table and (later) the auto-configuration files.  Templates
only display what this module returns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

SSL = "ssl"
STARTTLS = "starttls"
SECURITY_CHOICES = [(SSL, "SSL/TLS"), (STARTTLS, "STARTTLS")]
SECURITY_LABELS = dict(SECURITY_CHOICES)

DOMAIN_PLACEHOLDER = "{domain}"


@dataclass(frozen=True)
class Reference:
    """A named value a step or a token may point at; never the value itself."""

    key: str
    label: str
    kind: str  # host | port | security | reader | number | text | url


REFERENCES: dict[str, Reference] = {
    r.key: r
    for r in [
        Reference("imap.host", _("IMAP server (incoming)"), "host"),
        Reference("imap.port", _("IMAP port"), "port"),
        Reference("imap.security", _("IMAP encryption"), "security"),
        Reference("pop3.host", _("POP3 server (incoming)"), "host"),
        Reference("pop3.port", _("POP3 port"), "port"),
        Reference("pop3.security", _("POP3 encryption"), "security"),
        Reference("smtp.host", _("SMTP server (outgoing)"), "host"),
        Reference("smtp.port", _("SMTP port (STARTTLS)"), "port"),
        Reference("smtp.security", _("SMTP encryption"), "security"),
        Reference("smtp.ssl_port", _("SMTP port (SSL/TLS)"), "port"),
        Reference("smtp.alt_port", _("SMTP alternative port"), "port"),
        Reference("closed_ports", _("Closed ports"), "port"),
        Reference("username", _("Username"), "reader"),
        Reference("reader.address", _("Reader's e-mail address"), "reader"),
        Reference("reader.local_part", _("Reader's address before @"), "reader"),
        Reference("reader.domain", _("Reader's mail domain"), "reader"),
        Reference("reader.name", _("Reader's name"), "reader"),
        Reference("reader.password", _("Reader's generated password"), "reader"),
        Reference("access.url", _("Where to enable external access"), "url"),
        Reference("rules.per_hour", _("Free accounts: messages per hour"), "number"),
        Reference("rules.per_minute", _("Free accounts: messages per minute"), "number"),
        Reference("rules.poll_minutes", _("Minimum minutes between mail checks"), "number"),
        Reference("rules.inactive_months", _("Months unused before access closes"), "number"),
        Reference("rules.premium_days", _("Business days to lift limits for new premium users"), "number"),
    ]
}

TOKEN_RE = re.compile(r"\{\s*([^{}\s]*)\s*\}")
PAGE_TOKEN_PREFIX = "page:"  # {page:slug} links to another page of the help center by its title


@dataclass(frozen=True)
class PageLink:
    title: str
    url: str


def with_token_list(help_text):
    """Admin help text followed by every token an editor may write."""
    return format_lazy("{} {}", help_text, " ".join("{%s}" % key for key in REFERENCES))


def reference_choices():
    return [(r.key, r.label) for r in REFERENCES.values()]


class UnservedDomain(ValueError):
    """The reader's domain is not one the settings record serves."""


@dataclass(frozen=True)
class Server:
    protocol: str  # imap | pop3 | smtp
    host: str
    port: int
    security: str  # ssl | starttls

    @property
    def security_label(self) -> str:
        return SECURITY_LABELS[self.security]


@dataclass(frozen=True)
class Value:
    """One rendered value. `placeholder` values stand for the reader's own data."""

    key: str
    text: str
    placeholder: bool = False
    kind: str = "text"

    def __str__(self) -> str:
        return self.text

    def __html__(self) -> str:
        return self.as_html()

    def as_html(self) -> SafeString:
        if self.placeholder:
            return format_html('<var class="value" data-ref="{}">{}</var>', self.key, self.text)
        if self.kind == "url":
            return format_html('<a class="value" data-ref="{}" href="{}">{}</a>', self.key, self.text, self.text)
        return format_html('<code class="value" data-ref="{}">{}</code>', self.key, self.text)


class InvalidAddress(ValueError):
    """Not an e-mail address we can configure; the message says why, for the reader."""


LOCAL_PART_RE = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$")
DOMAIN_RE = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))+$")


def split_address(address: str) -> tuple[str, str]:
    """(local part, lower-case domain) of a plain ASCII address, or InvalidAddress."""
    address = (address or "").strip()
    if not address:
        raise InvalidAddress(_("Enter your e-mail address."))
    if len(address) > 254:
        raise InvalidAddress(_("An e-mail address is at most 254 characters long."))
    if address.count("@") != 1:
        raise InvalidAddress(_("An e-mail address has exactly one @."))
    local, domain = address.split("@")
    domain = domain.lower()
    if not local or len(local) > 64 or not LOCAL_PART_RE.match(local) or not DOMAIN_RE.match(domain):
        raise InvalidAddress(_("“%(address)s” is not a valid e-mail address.") % {"address": address[:100]})
    return local, domain


class MailValues:
    """Values of one settings record for one reader (or for nobody in particular).

    Without an address the record's primary domain is used and the reader's own data
    shows as placeholders in the active language.
    """

    def __init__(self, record, address: str | None = None, domain: str | None = None):
        self.record = record
        self.address = None
        self.local_part = None
        if address:
            self.local_part, domain = split_address(address)
            self.address = f"{self.local_part}@{domain}"
        domains = record.domain_list
        if domain is None:
            domain = domains[0]
        elif domain.lower() not in domains:
            raise UnservedDomain(domain)
        self.domain = domain.lower()

    # servers ---------------------------------------------------------------
    def host(self, pattern: str) -> str:
        return host_for(pattern, self.domain)

    @property
    def imap(self) -> Server:
        r = self.record
        return Server("imap", self.host(r.imap_host), r.imap_port, r.imap_security)

    @property
    def pop3(self) -> Server:
        r = self.record
        return Server("pop3", self.host(r.pop3_host), r.pop3_port, r.pop3_security)

    @property
    def smtp(self) -> Server:
        r = self.record
        return Server("smtp", self.host(r.smtp_host), r.smtp_port, r.smtp_security)

    @property
    def smtp_alternatives(self) -> list[Server]:
        r = self.record
        host = self.host(r.smtp_host)
        return [Server("smtp", host, r.smtp_ssl_port, SSL), Server("smtp", host, r.smtp_alt_port, r.smtp_security)]

    @property
    def servers(self) -> list[Server]:
        return [self.imap, self.pop3, self.smtp]

    # reader ---------------------------------------------------------------
    @property
    def username(self) -> Value:
        if self.record.username_form == "local_part":
            return self.value("reader.local_part")
        return self.value("reader.address")

    # references -------------------------------------------------------------
    def value(self, key: str) -> Value:
        if key not in REFERENCES:
            raise KeyError(key)
        if key == "username":
            v = self.username
            return Value(key, v.text, v.placeholder, "reader")
        text, placeholder = self._resolve(key)
        return Value(key, str(text), placeholder, REFERENCES[key].kind)

    def _resolve(self, key: str):
        r = self.record
        group, _dot, field = key.partition(".")
        if group in ("imap", "pop3", "smtp"):
            if field in ("ssl_port", "alt_port"):
                return getattr(r, f"smtp_{field}"), False
            server = getattr(self, group)
            return (server.security_label if field == "security" else getattr(server, field)), False
        if key == "closed_ports":
            return ", ".join(str(p) for p in r.closed_port_list), False
        if key == "access.url":
            return r.access_url.replace(DOMAIN_PLACEHOLDER, self.domain), False
        if group == "rules":
            return getattr(r, RULE_FIELDS[field]), False
        return self._reader(field)

    def _reader(self, field: str):
        if field == "domain":
            return self.domain, False
        if field == "address" and self.address:
            return self.address, False
        if field == "local_part" and self.local_part:
            return self.local_part, False
        placeholders = {
            "address": _("your full e-mail address"),
            "local_part": _("the part of your address before @"),
            "name": _("your name"),
            "password": _("your generated password"),
        }
        return placeholders[field], True

    def personalisation(self) -> dict:
        """What the browser needs to show a reader's own values: the record's patterns, never a reader's data."""
        r = self.record
        return {
            "domains": r.domain_list,
            "username": r.username_form,
            "patterns": {
                "imap.host": r.imap_host,
                "pop3.host": r.pop3_host,
                "smtp.host": r.smtp_host,
                "access.url": r.access_url,
            },
            "placeholder": DOMAIN_PLACEHOLDER,
        }

    # prose ------------------------------------------------------------------
    def render_text(self, text: str, links: dict[str, PageLink] | None = None) -> SafeString:
        """Escape `text` and replace each `{token}` by its value or page link (unknown ones stay visible)."""
        if not text:
            return mark_safe("")
        out, pos = [], 0
        for m in TOKEN_RE.finditer(text):
            out.append(format_html("{}", text[pos : m.start()]))
            key = m.group(1)
            link = (links or {}).get(key.removeprefix(PAGE_TOKEN_PREFIX)) if key.startswith(PAGE_TOKEN_PREFIX) else None
            if link:
                out.append(format_html('<a href="{}">{}</a>', link.url, link.title))
            elif key in REFERENCES:
                out.append(self.value(key).as_html())
            else:
                out.append(format_html("{}", m.group(0)))
            pos = m.end()
        out.append(format_html("{}", text[pos:]))
        return mark_safe("".join(out))


RULE_FIELDS = {
    "per_hour": "free_messages_per_hour",
    "per_minute": "free_messages_per_minute",
    "poll_minutes": "min_poll_minutes",
    "inactive_months": "inactive_months",
    "premium_days": "premium_unlock_business_days",
}


def host_for(pattern: str, domain: str) -> str:
    return pattern.replace(DOMAIN_PLACEHOLDER, domain).lower()
