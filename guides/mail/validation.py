"""Validation shared by the admin forms and the content checks.

`text_problems` is the single place that decides whether a stored text is acceptable:
only known tokens, and no host or port of the bound settings record typed literally.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from .values import PAGE_TOKEN_PREFIX, REFERENCES, TOKEN_RE, MailValues

# Shown as typed (browser tabs, links, search results): no tokens, no literal values.
TITLE_FIELDS = ("title", "seo_title", "search_description")


def record_literals(record) -> dict[str, str]:
    """Every host, port and rule number the record renders, for every served domain -> its token."""
    literals: dict[str, str] = {}
    for domain in record.domain_list:
        values = MailValues(record, domain=domain)
        for key, ref in REFERENCES.items():
            if ref.kind in ("host", "number") or (ref.kind == "port" and key != "closed_ports"):
                literals.setdefault(values.value(key).text.lower(), key)
    for port in record.closed_port_list:
        literals.setdefault(str(port), "closed_ports")
    return literals


def literal_pattern(literal: str) -> re.Pattern:
    if literal.isdigit():  # whole numbers only: 993 must not match 2993
        return re.compile(r"(?<!\d)" + literal + r"(?!\d)")
    return re.compile(r"(?<![\w.-])" + re.escape(literal) + r"(?![\w-])", re.IGNORECASE)


def text_problems(text: str, record=None, tokens_allowed: bool = True, pages=None) -> list[str]:
    """Problems of one stored text: unknown tokens, and (with a record) literal hosts, ports and rule
    numbers. `pages` are the slugs a {page:slug} link may name (None: links are not checked)."""
    if not text:
        return []
    problems = []
    for m in TOKEN_RE.finditer(text):
        if not tokens_allowed:
            message = _("Values cannot be shown here; “%(token)s” would appear as typed.")
            problems.append(message % {"token": m.group(0)})
        elif m.group(1).startswith(PAGE_TOKEN_PREFIX):
            slug = m.group(1).removeprefix(PAGE_TOKEN_PREFIX)
            if pages is not None and slug not in pages:
                problems.append(_("“%(token)s” links to no page of this help center.") % {"token": m.group(0)})
        elif m.group(1) not in REFERENCES:
            problems.append(_("Unknown token “%(token)s”.") % {"token": m.group(0)})
    if record is not None:
        prose = TOKEN_RE.sub(" ", text)
        for literal, key in record_literals(record).items():
            if literal_pattern(literal).search(prose):
                problems.append(
                    _("“%(literal)s” is a value of the server settings: write the token %(token)s instead.")
                    % {"literal": literal, "token": "{%s}" % key}
                )
    return problems
