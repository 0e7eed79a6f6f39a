"""Search documents: what each live page shows a reader in one language, as plain text, from the text
walker (guides/texts.py).

Search for readers (`/<lang>/search/?q=...`, search/views.py) finds pages by the words they show in that
language. The help center is small (tens of pages), so there is no search index. Every request reads the
live, public pages under the live help indexes (view restrictions, indexes, one query per page type), so
nothing unpublished or restricted is ever found. The documents, the expensive part (all steps, blocks and
entries: one query per step model, then their rendered text), are cached per language under the page
cache's content generation (helpcenter/page_cache/store.py): whatever makes a stored page stale (a
publish, a move, a restriction, the record) makes them stale too; there is no other invalidation. The
query count does not grow with the number of pages, and it works identically on SQLite and PostgreSQL.

What is searched is what the reader sees in the active language: the title, and the texts in which tokens
may stand that every language shows (the summary or introduction, the help index's "before you start"
list, every step's text and on-screen label; not a guide's note on its labels, which only its own language
shows), each step's value, and a problem's messages also in English with their codes. Texts are read with
the modeltranslation fallback (en, then lv) and every `{token}` rendered from the page's settings record,
so the IMAP host name finds the guides that show it. Matching is search/matching.py; folding
search/folding.py.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, replace
from itertools import groupby

from django.core.cache import cache
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from guides.models import (
    STEP_MODELS,
    ArticlePage,
    CausePage,
    GuidePage,
    HelpIndexPage,
    ProblemPage,
    SettingsReferencePage,
    TroubleshootingPage,
)
from guides.texts import SOURCE, walk_page
from guides.values import MailValues, PageLink
from helpcenter.page_cache.store import current_generation

from .folding import fold, fold_with_positions, folds_one_to_one

# A generation's documents are never stale; the time only bounds how long old generations' linger.
CACHE_SECONDS = 60 * 60
CACHE_VERSION = 3  # bump when the documents' shape or content rules change
CACHE_PREFIX = "search:documents"

KINDS = {
    GuidePage: "guide",
    ArticlePage: "article",
    SettingsReferencePage: "settings",
    ProblemPage: "problem",
    CausePage: "cause",
    TroubleshootingPage: "troubleshooting",
}
KIND_LABELS = {
    "guide": _("Guide"),
    "article": _("Article"),
    "settings": _("Server settings"),
    "index": _("Overview"),
    "problem": _("Problem"),
    "cause": _("Cause of a problem"),
    "troubleshooting": _("Troubleshooting"),
}


@dataclass
class Document:
    """What one page shows in one language, as plain text, and its folded form for matching."""

    page_id: int
    kind: str
    title: str
    body: str
    folded_title: str = ""
    folded_body: str = ""
    positions: list[int] | None = None  # folded index -> body index, when folding is not one to one
    page: Page | None = None  # attached per request, never cached

    @classmethod
    def build(cls, page_id, kind, title, body):
        doc = cls(page_id, kind, title, body, fold(title), fold(body))
        if not folds_one_to_one(body):
            doc.positions = fold_with_positions(body)[1]
        return doc

    @property
    def kind_label(self):
        return KIND_LABELS[self.kind]

    def body_index(self, folded_index: int) -> int:
        return self.positions[folded_index] if self.positions is not None else folded_index


def plain(values: MailValues, text: str, links: dict[str, PageLink]) -> str:
    """Prose as the reader reads it: tokens rendered to their values (or linked page titles), no markup."""
    text = unicodedata.normalize("NFC", text or "")
    if not text:
        return ""
    return " ".join(values.plain_text(text, links).split())


def join_parts(parts) -> str:
    """Sentences follow each other; a bare label or value is set apart with a middle dot."""
    out = ""
    for part in parts:
        if not part:
            continue
        if out:
            out += " " if out[-1] in ".!?:;…" else " · "
        out += part
    return out


def live_help_pages():
    """(live public help indexes with their records, their live public pages in tree order).

    A fixed number of queries whatever the number of pages: view restrictions, indexes, and one
    query per page type that is searched (a page of another type would show none of these texts)."""
    private = Page.objects.all().private_q()
    indexes = list(HelpIndexPage.objects.live().exclude(private).select_related("server_settings").order_by("path"))
    if not indexes:
        return [], []
    under = Q()
    for index in indexes:
        under |= Q(path__startswith=index.path, depth__gt=index.depth)
    pages = [page for model in KINDS for page in model.objects.live().exclude(private).filter(under)]
    return indexes, sorted(pages, key=lambda page: page.path)


def cache_key(lang: str) -> str | None:
    """The documents' key under the current content generation (None when the page cache cannot say)."""
    try:
        generation = current_generation()
    except Exception:  # no generation to trust: build them, cache nothing
        return None
    return f"{CACHE_PREFIX}:{CACHE_VERSION}:{generation}:{lang}"


def build_documents(indexes, pages) -> list[Document]:
    """Searchable documents of the given pages in the active language: two more queries (all guide
    steps, all article blocks), then Python."""
    steps: dict[int, list] = {}
    for page_model, model in STEP_MODELS.items():
        ids = [p.pk for p in pages if isinstance(p, page_model)]
        if ids:
            for step in model.objects.filter(page_id__in=ids).order_by("page_id", "sort_order", "pk"):
                steps.setdefault(step.page_id, []).append(step)

    documents = []
    for index in indexes:
        children = [p for p in pages if p.path.startswith(index.path)]
        links = {getattr(p, f"slug_{SOURCE}"): PageLink(p.title, "") for p in children}
        values = MailValues(index.server_settings)
        documents.append(document(index, "index", [], values, links))
        for page in children:
            documents.append(document(page, KINDS[type(page)], steps.get(page.pk, []), values, links))
    return documents


def document(page, kind, steps, values: MailValues, links) -> Document:
    """The page's document: its texts as the walker gives them, each step followed by its value."""
    parts = []
    for number, texts in groupby(walk_page(page, steps), key=lambda text: text.step):
        for text in texts:
            if not text.tokens or text.spec.own_language:
                continue
            if text.spec.lines:
                parts += [plain(values, line, links) for line in text.shown.splitlines() if line.strip()]
            else:
                parts.append(plain(values, text.shown, links))
            if text.spec.pasted:  # readers paste what their program shows: often English
                parts.append(" ".join(text.value("en").split()))
                parts.append(text.obj.code.lower())
        step = steps[number - 1] if number is not None else None
        if step is not None and step.value_ref:
            try:
                parts.append(str(values.value(step.value_ref)))
            except KeyError:  # a reference that no longer exists is not shown on the page either
                pass
    return Document.build(page.pk, kind, clean_title(page.title), join_parts(parts))


def clean_title(title: str) -> str:
    return " ".join(unicodedata.normalize("NFC", title or "").split())


def documents_for(lang: str) -> list[Document]:
    """The documents of the live help pages in `lang` (active), each with its page attached.

    The page list is read on every request; the documents are cached under the content generation."""
    indexes, pages = live_help_pages()
    key = cache_key(lang)
    documents = cache.get(key) if key else None
    if documents is None:
        documents = build_documents(indexes, pages)
        if key:
            cache.set(key, documents, CACHE_SECONDS)
    by_id = {p.pk: p for p in [*indexes, *pages]}
    return [replace(d, page=by_id[d.page_id]) for d in documents if d.page_id in by_id]
