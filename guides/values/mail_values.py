"""The one rendering path: (settings record, reader's address or domain, language) -> values.

Every value a reader or a mail program sees comes from `MailValues`: guide steps, inline tokens in
prose, the settings table and the machine formats. It returns data and plain text; HTML is made from
them in guides/rendering.py and in templates.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .addresses import UnservedDomain, split_address
from .references import DOMAIN_PLACEHOLDER, REFERENCES, SERVER_ENTRIES, Server, ServerEntry, host_for
from .security import SECURITY_NAMES
from .tokens import PAGE_TOKEN_PREFIX, TOKEN_RE, PageLink


@dataclass(frozen=True)
class Value:
    """One rendered value. `placeholder` values stand for the reader's own data."""

    key: str
    text: str
    placeholder: bool = False
    kind: str = "text"

    def __str__(self) -> str:
        return self.text


class MailValues:
    """Values of one settings record for one reader (or for nobody in particular).

    Without an address or a domain the domain is the one the record shows first for `language`
    (`record.default_domain`: a page in Lithuanian may show inbox.lt), else the record's primary domain;
    the reader's own data shows as placeholders in the active language.
    """

    def __init__(
        self,
        record,
        address: str | None = None,
        domain: str | None = None,
        program_kind: str = "",
        language: str | None = None,
    ):
        self.record = record
        self.security_names = SECURITY_NAMES.get(program_kind, SECURITY_NAMES[""])
        self.address = None
        self.local_part = None
        if address:
            self.local_part, domain = split_address(address)
            self.address = f"{self.local_part}@{domain}"
        domains = record.domain_list
        if domain is None:
            domain = record.default_domain(language) if language else domains[0]
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

    def server(self, entry: ServerEntry, main: bool = True) -> Server:
        host_pattern, port, security = entry.read(self.record)
        return Server(
            entry.protocol, self.host(host_pattern), port, security, entry.port, entry.security, entry.host, main
        )

    def servers_of(self, protocol: str) -> list[Server]:
        """Every server the record offers for `protocol` in the order mail programs should try them:
        the main one first (for SMTP the STARTTLS port), then the SSL/TLS port, then the alternative.
        A port listed twice is offered once."""
        servers, ports = [], set()
        for entry in SERVER_ENTRIES:
            if entry.protocol == protocol:
                server = self.server(entry, main=not servers)
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
    def servers(self) -> list[Server]:
        return [self.imap, self.pop3, self.smtp]

    @property
    def all_servers(self) -> list[Server]:
        """Every server of `SERVER_ENTRIES`, by protocol in the registry's order, each in `servers_of` order."""
        protocols = dict.fromkeys(entry.protocol for entry in SERVER_ENTRIES)
        return [server for protocol in protocols for server in self.servers_of(protocol)]

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
        if ref.kind == "count":
            return ref.unit % {"count": raw}, False
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

    def support_contact(self) -> tuple[str, str] | None:
        """(href, text) of the provider's support contact, for the pages' way out; None while the record
        names none. Not a reference: content never types it, and it may be empty."""
        url = self.record.support_url.replace(DOMAIN_PLACEHOLDER, self.domain) if self.record.support_url else ""
        if not url:
            return None
        return url, url.removeprefix("mailto:")

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
    def pieces(self, text: str, links: dict[str, PageLink] | None = None) -> Iterator[str | Value | PageLink]:
        """`text` in order as prose (str, as typed), values and page links; a token naming nothing
        (an unknown reference, a page not in `links`) stays prose as typed."""
        pos = 0
        for m in TOKEN_RE.finditer(text):
            if m.start() > pos:
                yield text[pos : m.start()]
            key = m.group(1)
            link = (links or {}).get(key.removeprefix(PAGE_TOKEN_PREFIX)) if key.startswith(PAGE_TOKEN_PREFIX) else None
            if link:
                yield link
            elif key in REFERENCES:
                yield self.value(key)
            else:
                yield m.group(0)
            pos = m.end()
        if pos < len(text):
            yield text[pos:]

    def plain_text(self, text: str, links: dict[str, PageLink] | None = None, shown=None) -> str:
        """`text` with each `{token}` replaced by its value or linked page's title, as a reader reads it
        (`shown(value)` writes a value otherwise: search writes a mark for it)."""
        if not text or "{" not in text:
            return text or ""
        out = []
        for piece in self.pieces(text, links):
            if isinstance(piece, str):
                out.append(piece)
            elif isinstance(piece, PageLink):
                out.append(piece.title)
            else:
                out.append(shown(piece) if shown else piece.text)
        return "".join(out)
