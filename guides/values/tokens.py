"""`{tokens}` in prose: a reference's key, or `{page:slug}` for a link to another page of the help center."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.text import format_lazy

from .references import REFERENCES

TOKEN_RE = re.compile(r"\{\s*([^{}\s]*)\s*\}")
PAGE_TOKEN_PREFIX = "page:"  # {page:slug} links to another page of the help center by its title


@dataclass(frozen=True)
class PageLink:
    title: str
    url: str


def with_token_list(help_text):
    """Admin help text followed by every token an editor may write."""
    return format_lazy("{} {}", help_text, " ".join("{%s}" % key for key in REFERENCES))
