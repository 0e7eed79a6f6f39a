"""The value core: what a reader or a mail program is shown, from a settings record it is given.

It imports nothing else of the project (tests/helpcenter/test_architecture.py): no model, no markup.
"""

from .addresses import InvalidAddress, UnservedDomain, display_domain, split_address
from .mail_values import MailValues, Value
from .references import (
    DOMAIN_PLACEHOLDER,
    PROTOCOL_LABELS,
    REFERENCES,
    SERVER_ENTRIES,
    Reference,
    Server,
    ServerEntry,
    host_for,
    reference_choices,
)
from .reply_codes import is_reply_code, normal_reply_code, reply_parts, split_reply_code
from .security import PROGRAM_KINDS, SECURITY_CHOICES, SECURITY_NAMES, SSL, STARTTLS
from .symbols import SYMBOL_RE, without_symbols
from .text_rules import LABEL_FIELDS, TITLE_FIELDS, text_problems
from .tokens import PAGE_TOKEN_PREFIX, TOKEN_RE, PageLink, with_token_list

__all__ = [
    "without_symbols",
    "DOMAIN_PLACEHOLDER",
    "LABEL_FIELDS",
    "PAGE_TOKEN_PREFIX",
    "PROGRAM_KINDS",
    "SYMBOL_RE",
    "PROTOCOL_LABELS",
    "REFERENCES",
    "SECURITY_CHOICES",
    "SECURITY_NAMES",
    "SERVER_ENTRIES",
    "SSL",
    "STARTTLS",
    "TITLE_FIELDS",
    "TOKEN_RE",
    "InvalidAddress",
    "MailValues",
    "PageLink",
    "Reference",
    "Server",
    "ServerEntry",
    "UnservedDomain",
    "Value",
    "display_domain",
    "host_for",
    "is_reply_code",
    "normal_reply_code",
    "reference_choices",
    "reply_parts",
    "split_address",
    "split_reply_code",
    "text_problems",
    "with_token_list",
]
