"""The one rendering path: (settings record, reader's address or domain, language) -> values.

Every value a reader or a mail program sees comes from `MailValues`: guide steps, inline
tokens in prose, the settings table and (later) the auto-configuration files.  Templates
only display what this module returns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

SSL = "ssl"
STARTTLS = "starttls"
SECURITY_CHOICES = [(SSL, "SSL/TLS"), (STARTTLS, "STARTTLS")]

# The mail programs whose guides name the record's encryption in the program's own words: the names in
# the program's encryption list (the same in every language the program ships in; docs/content-decisions.md
# says where each comes from). Other guides and pages use the generic names of SECURITY_CHOICES.
PROGRAM_KINDS = [
    ("", _("another program")),
    ("outlook", "Microsoft Outlook"),
    ("thunderbird", "Mozilla Thunderbird"),
    ("apple_mail", "Apple Mail (iPhone, iPad)"),
    ("windows_live_mail", "Windows Live Mail"),
]
SECURITY_NAMES = {
    "": dict(SECURITY_CHOICES),
    "outlook": {SSL: "SSL", STARTTLS: "TLS"},  # "Use the following type of encrypted connection"
    "thunderbird": {SSL: "SSL/TLS", STARTTLS: "STARTTLS"},  # "Connection security"
}

DOMAIN_PLACEHOLDER = "{domain}"


@dataclass(frozen=True)
class Reference:
    """A named value a step or a token may point at; never the value itself.

    `field` is the record field it is rendered from (none for the reader's own data); `kind` says how
    it is displayed: host (a pattern with {domain}), port, security, number, url (a pattern with
    {domain}), ports (a list), reader (the reader's data or a placeholder). `fixed` is the security of a
    port that has only one (the SMTP port with SSL/TLS)."""

    key: str
    label: str
    kind: str
    field: str = ""
    fixed: str = ""

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
    ]
}


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
    port_ref: str = ""  # the references of its port and security, e.g. "smtp.ssl_port", "smtp.ssl_security"
    security_ref: str = ""


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

    def in_picture(self) -> SafeString:
        """The value as a program window drawn on the page shows it: plain text (no link, no copy button)
        that the reader's own values still replace (data-ref)."""
        css = "w-value placeholder" if self.placeholder else "w-value"
        return format_html('<span class="{}" data-ref="{}">{}</span>', css, self.key, self.text)

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
    """(local part, lower-case ASCII domain) of an address, or InvalidAddress. A domain in another
    script (an IDN such as pasts.lv with diacritics) is turned into its ASCII form (xn--…), the one
    mail servers and the settings record use; the part before @ must be ASCII."""
    address = (address or "").strip()
    if not address:
        raise InvalidAddress(_("Enter your e-mail address."))
    if len(address) > 254:
        raise InvalidAddress(_("An e-mail address is at most 254 characters long."))
    if address.count("@") != 1:
        raise InvalidAddress(_("An e-mail address has exactly one @."))
    local, domain = address.split("@")
    invalid = InvalidAddress(_("“%(address)s” is not a valid e-mail address.") % {"address": address[:100]})
    if local and not local.isascii():
        raise InvalidAddress(
            _("The part of the address before @ can only have Latin letters (a–z), digits and signs such as . _ - +.")
        )
    if not domain.isascii():
        try:
            domain = domain.encode("idna").decode("ascii")
        except UnicodeError:
            raise invalid from None
    domain = domain.lower()
    if not local or len(local) > 64 or not LOCAL_PART_RE.fullmatch(local) or not DOMAIN_RE.fullmatch(domain):
        raise invalid
    return local, domain


def display_domain(domain: str) -> str:
    """A domain as people write it: the ASCII form of an IDN (xn--…) back in its own letters."""
    try:
        return domain.encode("ascii").decode("idna")
    except UnicodeError:
        return domain


class MailValues:
    """Values of one settings record for one reader (or for nobody in particular).

    Without an address the record's primary domain is used and the reader's own data
    shows as placeholders in the active language.
    """

    def __init__(self, record, address: str | None = None, domain: str | None = None, program_kind: str = ""):
        self.record = record
        self.security_names = SECURITY_NAMES.get(program_kind, SECURITY_NAMES[""])
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

    @classmethod
    def for_mail_program(cls, record, domain: str, address: str, local_part: str) -> MailValues:
        """Values for any address of the record, with the placeholders a mail program fills in itself
        (Thunderbird's %EMAILDOMAIN%, %EMAILADDRESS%, %EMAILLOCALPART%) in place of the reader's data."""
        values = cls(record)
        values.domain, values.address, values.local_part = domain, address, local_part
        return values

    # servers ---------------------------------------------------------------
    def host(self, pattern: str) -> str:
        return host_for(pattern, self.domain)

    def server(self, entry: ServerEntry) -> Server:
        host_pattern, port, security = entry.read(self.record)
        return Server(entry.protocol, self.host(host_pattern), port, security, entry.port, entry.security)

    def servers_of(self, protocol: str) -> list[Server]:
        """Every server the record offers for `protocol` in the order mail programs should try them:
        the main one first (for SMTP the STARTTLS port), then the SSL/TLS port, then the alternative.
        A port listed twice is offered once."""
        servers, ports = [], set()
        for entry in SERVER_ENTRIES:
            if entry.protocol == protocol:
                server = self.server(entry)
                if server.port not in ports:
                    servers.append(server)
                    ports.add(server.port)
        return servers

    @property
    def imap(self) -> Server:
        return self.servers_of("imap")[0]

    @property
    def pop3(self) -> Server:
        return self.servers_of("pop3")[0]

    @property
    def smtp(self) -> Server:
        return self.servers_of("smtp")[0]

    @property
    def smtp_alternatives(self) -> list[Server]:
        return self.servers_of("smtp")[1:]

    @property
    def servers(self) -> list[Server]:
        return [self.imap, self.pop3, self.smtp]

    # the record as a whole ----------------------------------------------------
    @property
    def provider_name(self) -> str:
        return self.record.name

    @property
    def domains(self) -> list[str]:
        return self.record.domain_list

    @property
    def authentication(self) -> str:
        return self.record.authentication

    @property
    def smtp_auth_required(self) -> bool:
        return self.record.smtp_auth_required

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
        ref, r = REFERENCES[key], self.record
        raw = ref.read(r) if ref.field or ref.fixed else None
        if ref.kind == "host":
            return self.host(raw), False
        if ref.kind == "security":  # in the words of the guide's program
            return self.security_names[raw], False
        if ref.kind == "url":
            return raw.replace(DOMAIN_PLACEHOLDER, self.domain), False
        if ref.kind == "ports":
            return ", ".join(str(p) for p in r.closed_port_list), False
        if ref.kind in ("port", "number"):
            return raw, False
        return self._reader(key.partition(".")[2])

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
            "patterns": {key: getattr(r, ref.field) for key, ref in REFERENCES.items() if ref.kind in ("host", "url")},
            "placeholder": DOMAIN_PLACEHOLDER,
        }

    # prose ------------------------------------------------------------------
    def render_text(self, text: str, links: dict[str, PageLink] | None = None, picture: bool = False) -> SafeString:
        """Escape `text` and replace each `{token}` by its value or page link (unknown ones stay visible).
        In a `picture` (a program window drawn on the page) values and links are plain text."""
        if not text:
            return mark_safe("")
        if "{" not in text:  # most texts: nothing to replace
            return escape(text)
        out, pos = [], 0
        for m in TOKEN_RE.finditer(text):
            out.append(escape(text[pos : m.start()]))
            key = m.group(1)
            link = (links or {}).get(key.removeprefix(PAGE_TOKEN_PREFIX)) if key.startswith(PAGE_TOKEN_PREFIX) else None
            if link:
                out.append(escape(link.title) if picture else format_html('<a href="{}">{}</a>', link.url, link.title))
            elif key in REFERENCES:
                out.append(self.value(key).in_picture() if picture else self.value(key).as_html())
            else:
                out.append(escape(m.group(0)))
            pos = m.end()
        out.append(escape(text[pos:]))
        return mark_safe("".join(out))


def host_for(pattern: str, domain: str) -> str:
    return pattern.lower().replace(DOMAIN_PLACEHOLDER, domain)
