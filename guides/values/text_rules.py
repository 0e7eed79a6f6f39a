"""The rules for editors' texts, shared by the page form, the content loader and check_content.

`text_problems` is the single place that decides whether a stored text is acceptable:
only known tokens, no host or port of the bound settings record typed literally, and no name of one of
its encryption settings (SSL, TLS, …) outside quotes: the record's choice is a token, in the words of
the guide's program; a quoted name is a label or message as some program shows it.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from .mail_values import MailValues
from .references import REFERENCES
from .reply_codes import REPLY_CODES_IN_TEXT
from .security import SECURITY_NAMES
from .tokens import PAGE_TOKEN_PREFIX, TOKEN_RE

# Shown as typed (browser tabs, links, search results): no tokens, no literal values.
TITLE_FIELDS = ("title", "seo_title", "search_description")
# Labels as the program shows them: encryption names in them are the program's words, not the record's.
LABEL_FIELDS = ("target",)
# Quoted spans in the four languages' styles: „…” „…“ “…” «…» "…".
QUOTED = re.compile(r"„[^”“\n]*[”“]|“[^”\n]*”|«[^»\n]*»|\"[^\"\n]*\"")
# A value is always said in the nominative: the reader's placeholders ("jūsu pilnā e-pasta adrese") and a
# count's plural form ("15 minūtes"). In these languages, per kind of value, it may stand only where the
# nominative is right: at the start, after a colon, a dash or an opening bracket, or after the copula
# (docs/content-decisions.md). Russian placeholders are inanimate masculine or feminine nouns said in
# the nominative and accusative alike; its counts, after "не менее", are not.
CASE_LANGUAGES = {"reader": ("lv", "lt"), "count": ("lv", "lt", "ru")}
NOMINATIVE_AFTER = re.compile(r"(?:^|[:(—–-]|\b(?:ir|nav|būs|yra|nėra|bus|būti))\s*$", re.IGNORECASE)
# A rule's bare number followed by its unit's word: the unit takes the number's plural form, which the count
# token gives ("1 minute", "21 minūte", "2 минуты"); abbreviations that dodge the plural are the same fault.
COUNTS = {ref.field: key for key, ref in REFERENCES.items() if ref.kind == "count"}
UNIT_WORDS = {  # per record field, the stems of its unit's words in the four languages
    "min_poll_minutes": r"minutes?\b|min\.|minūt|мин|minut|minuč",
    "inactive_months": r"months?\b|mēn|мес|mėn",
    "premium_unlock_business_days": r"(?:business |working )?days?\b|darba d|dien|раб|дн|d\. ?d\.|darbo d",
    "free_messages_per_hour": r"messages?\b|vēstul|пис|laišk",
    "free_messages_per_minute": r"messages?\b|vēstul|пис|laišk",
}
UNIT_AFTER = {field: re.compile(rf"[ \t]*(?:{words})", re.IGNORECASE) for field, words in UNIT_WORDS.items()}


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


def record_security_names(record) -> set[str]:
    """Every name, in any program's words, of an encryption setting the record holds."""
    held = {REFERENCES[key].read(record) for key, ref in REFERENCES.items() if ref.kind == "security"}
    return {names[security] for names in SECURITY_NAMES.values() for security in held}


def security_name_pattern(names) -> re.Pattern:
    alternatives = "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<![\w/])({alternatives})(?![\w/])")


def literal_pattern(literal: str) -> re.Pattern:
    if literal.isdigit():  # whole numbers only: 993 must not match 2993
        return re.compile(r"(?<!\d)" + literal + r"(?!\d)")
    return re.compile(r"(?<![\w.-])" + re.escape(literal) + r"(?![\w-])", re.IGNORECASE)


def text_problems(
    text: str, record=None, tokens_allowed: bool = True, pages=None, field: str = "", lang: str = ""
) -> list[str]:
    """Problems of one stored text: unknown tokens, and (with a record) literal hosts, ports and rule
    numbers (SMTP reply codes with an enhanced code are no numbers: guides/values/reply_codes.py), and
    unquoted encryption names (except in labels, `field` in LABEL_FIELDS). `pages` are the
    slugs a {page:slug} link may name (None: links are not checked). With the text's `lang`: a value that
    stands where that language needs another case than the nominative (readers' questions, never shown,
    are not checked)."""
    if not text:
        return []
    problems = []
    if lang and field != "questions":
        problems += case_problems(text, lang)
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
        # SMTP reply codes ("550 5.7.1", "4.5.3") are codes, not the record's numbers: 5 in 5.7.1 is no limit
        prose = REPLY_CODES_IN_TEXT.sub(" ", TOKEN_RE.sub(" ", text))
        for literal, key in record_literals(record).items():
            if literal_pattern(literal).search(prose):
                problems.append(
                    _("“%(literal)s” is a value of the server settings: write the token %(token)s instead.")
                    % {"literal": literal, "token": "{%s}" % key}
                )
        if field not in LABEL_FIELDS:
            unquoted = QUOTED.sub(" ", prose)
            for name in dict.fromkeys(security_name_pattern(record_security_names(record)).findall(unquoted)):
                problems.append(
                    _(
                        "“%(name)s” names an encryption setting of the server settings: write a token such as "
                        "{imap.security} or {smtp.security}, which shows it in the program's words, or put the "
                        "name in quotes if it is a label the program shows."
                    )
                    % {"name": name}
                )
    return problems


def case_problems(text: str, lang: str) -> list[str]:
    """Each value of `text` said in the nominative where `lang` needs another case."""
    problems = []
    for m in TOKEN_RE.finditer(text):
        ref = REFERENCES.get(m.group(1))
        if ref is None:
            continue
        count = COUNTS.get(ref.field) if ref.kind == "number" else None
        if count and UNIT_AFTER[ref.field].match(text, m.end()):
            problems.append(
                _("“%(token)s” is followed by its unit: write %(count)s, which says the unit in the number's form.")
                % {"token": m.group(0), "count": "{%s}" % count}
            )
            continue
        if lang not in CASE_LANGUAGES.get(ref.kind, ()):
            continue
        line_before = text[: m.start()].rpartition("\n")[2]
        if not NOMINATIVE_AFTER.search(line_before):
            problems.append(
                _(
                    "“%(token)s” is always said in the nominative, and here the sentence needs another case: "
                    "put it after a colon or a dash (“Username: {username}”), or after the verb “to be”."
                )
                % {"token": m.group(0)}
            )
    return problems
