"""Search for readers: `/<lang>/search/?q=...` finds pages by the words they show in that language.

The help center is small (tens of pages), so there is no search index. Every request reads the
live, public pages under the live help indexes (view restrictions, indexes, one query per page
type); unless the documents built from exactly that page list and record are cached (per language,
five minutes), it reads all guide steps and all article blocks (two queries) and renders their text.
Then the query is matched in Python. The query count does not grow with the number of pages, and
it works identically on SQLite and PostgreSQL. An unpublished or restricted page disappears from
the next search; a published change or a changed record value shows at once.

What is searched is what the reader sees in the active language: the title, the summary (guides,
articles) or introduction (help index, settings page), the help index's "before you start" list,
and every step's text, on-screen label and value, with the modeltranslation fallback (en, then lv)
for empty translations and every `{token}` rendered from the page's settings record, so the IMAP
host name finds the guides that show it.

Matching ignores letter case and Latvian and Lithuanian diacritics ("slaptazodis" finds
"slaptažodis"); Cyrillic keeps its letters (only ё is read as е). Every word of the query must
appear, as a word or part of one ("parbaude" finds "pārbaudes").
"""

from __future__ import annotations

import hashlib
import re
import string
import unicodedata
from dataclasses import dataclass, field, replace
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from guides.models import (
    ArticleBlock,
    ArticlePage,
    CausePage,
    CauseStep,
    GuidePage,
    GuideStep,
    HelpIndexPage,
    ProblemPage,
    ProblemStep,
    SettingsReferencePage,
    TroubleshootingPage,
    normal_code,
)
from guides.values import MailValues, PageLink

MAX_WORDS = 10
EXCERPT_LENGTH = 160
EXCERPT_LEAD = 50  # characters of context shown before the first match
MAX_ANCHORS = 500  # occurrences considered when choosing where an excerpt starts
WORD_PUNCTUATION = string.punctuation + "«»„“”‚‘’‹›…–—"

CACHE_SECONDS = 5 * 60
CACHE_VERSION = 2  # bump when the documents' shape or content rules change

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
STEP_MODELS = ((GuideStep, GuidePage), (ArticleBlock, ArticlePage), (CauseStep, CausePage), (ProblemStep, ProblemPage))
# A word of a pasted message that the program filled in (a server name, an address): never in our texts.
FILLED_IN = re.compile(r"\S*@\S*|[\w-]+(?:\.[\w-]+)+")


# folding ---------------------------------------------------------------------------------------------
@lru_cache(maxsize=8192)
def fold_char(char: str) -> str:
    """One character as matching sees it: lower case, Latin letters without their diacritics.

    NFKD splits "ž" into "z" and a combining caron, which is dropped. Cyrillic letters are only
    case-folded (dropping the breve would make "й" an "и"), except that "ё" is read as "е".
    Punctuation that NFKD would expand ("…" into "...") stays itself, so that almost every text
    folds character for character.
    """
    if char in "ёЁ":
        return "е"
    if unicodedata.name(char, "").startswith("CYRILLIC"):
        return char.casefold()
    folded = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)).casefold()
    if len(folded) > 1 and not char.isalpha():
        return char
    return folded


def fold(text: str) -> str:
    return "".join([fold_char(c) for c in text])


def fold_with_positions(text: str) -> tuple[str, list[int]]:
    """The folded text and, for every folded character, the index of the original character it came
    from: "ß" folds to "ss" and a lone combining mark to nothing, so positions are mapped, not assumed."""
    folded, positions = [], []
    for i, char in enumerate(text):
        piece = fold_char(char)
        folded.append(piece)
        positions.extend([i] * len(piece))
    return "".join(folded), positions


def folds_one_to_one(text: str) -> bool:
    return all(len(fold_char(c)) == 1 for c in set(text))


def query_words(query: str) -> list[str]:
    """The folded, distinct words of a query, without surrounding punctuation ("mail.inbox.lv" stays whole)."""
    words = []
    for word in fold(unicodedata.normalize("NFC", query)).split():
        word = word.strip(WORD_PUNCTUATION)
        word = normal_code(word).lower() or word  # 800CCC92, 0X800ccc92 -> 0x800ccc92
        if word and word not in words:
            words.append(word)
    return words[:MAX_WORDS]


def is_code(word: str) -> bool:
    return bool(normal_code(word))


def pasted(words: list[str]) -> bool:
    """What a reader copied from a program's message, not typed: an error code, or several words."""
    return any(is_code(w) for w in words) or len(words) >= 4


# documents --------------------------------------------------------------------------------------------
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


def record_state(record) -> tuple:
    return tuple((f.attname, getattr(record, f.attname)) for f in record._meta.concrete_fields)


def cache_key(lang: str, indexes, pages) -> str:
    """Changes when anything the documents are built from changes: a page published (steps and
    translations are published with their page), unpublished, moved or restricted (the page list),
    the record's live values."""
    state = [CACHE_VERSION, lang]
    state += [(p.pk, p.path, p.last_published_at, p.latest_revision_id) for p in [*indexes, *pages]]
    state += [record_state(index.server_settings) for index in indexes]
    return "guides-search:" + hashlib.sha256(repr(state).encode()).hexdigest()


def build_documents(indexes, pages) -> list[Document]:
    """Searchable documents of the given pages in the active language: two more queries (all guide
    steps, all article blocks), then Python."""
    steps: dict[int, list] = {}
    for model, page_model in STEP_MODELS:
        ids = [p.pk for p in pages if isinstance(p, page_model)]
        if ids:
            for step in model.objects.filter(page_id__in=ids).order_by("page_id", "sort_order", "pk"):
                steps.setdefault(step.page_id, []).append(step)

    source = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    documents = []
    for index in indexes:
        children = [p for p in pages if p.path.startswith(index.path)]
        links = {getattr(p, f"slug_{source}"): PageLink(p.title, "") for p in children}
        values = MailValues(index.server_settings)
        parts = [plain(values, index.intro, links)] + [plain(values, line, links) for line in index.precondition_list]
        documents.append(Document.build(index.pk, "index", clean_title(index.title), join_parts(parts)))
        for page in children:
            parts = [plain(values, getattr(page, "summary", None) or getattr(page, "intro", ""), links)]
            for step in steps.get(page.pk, []):
                parts.append(plain(values, step.text, links))
                parts.append(plain(values, step.target, links))
                if isinstance(step, ProblemStep):  # readers paste what their program shows: often English
                    parts.append(" ".join((step.target_en or "").split()))
                    parts.append(step.code.lower())
                if step.value_ref:
                    try:
                        parts.append(str(values.value(step.value_ref)))
                    except KeyError:  # a reference that no longer exists is not shown on the page either
                        pass
            documents.append(Document.build(page.pk, KINDS[type(page)], clean_title(page.title), join_parts(parts)))
    return documents


def clean_title(title: str) -> str:
    return " ".join(unicodedata.normalize("NFC", title or "").split())


def documents_for(lang: str) -> list[Document]:
    """The documents of the live help pages in `lang` (active), each with its page attached.

    The page list is read on every request (so nothing unpublished or restricted is ever found);
    the expensive part, steps and their rendered text, is cached per language for CACHE_SECONDS
    under a key made of what that list returned."""
    indexes, pages = live_help_pages()
    key = cache_key(lang, indexes, pages)
    documents = cache.get(key)
    if documents is None:
        documents = build_documents(indexes, pages)
        cache.set(key, documents, CACHE_SECONDS)
    by_id = {p.pk: p for p in [*indexes, *pages]}
    return [replace(d, page=by_id[d.page_id]) for d in documents if d.page_id in by_id]


# matching and excerpts --------------------------------------------------------------------------------
@dataclass
class Result:
    document: Document
    title_hits: int
    matches: int
    # (text, marked) pieces: search/templates/search/marked.html writes them
    title_parts: list[tuple[str, bool]] = field(default_factory=list)
    excerpt_parts: list[tuple[str, bool]] = field(default_factory=list)
    url: str = ""

    @property
    def kind(self):
        return self.document.kind

    @property
    def kind_label(self):
        return self.document.kind_label


def match(document: Document, words: list[str]) -> Result | None:
    title, body = document.folded_title, document.folded_body
    if document.kind == "problem" and pasted(words):
        # a pasted message holds the reader's server name or address where the program filled one in;
        # the problem quotes the message with "…" there
        kept = [w for w in words if is_code(w) or not FILLED_IN.fullmatch(w)]
        words = kept or words
    if not all(w in title or w in body for w in words):
        return None
    title_hits = sum(1 for w in words if w in title)
    matches = sum(title.count(w) + body.count(w) for w in words)
    return Result(document, title_hits, matches)


def spans(text: str, words: list[str]) -> list[tuple[int, int]]:
    """Where the words occur in `text`, as merged (start, end) ranges of its original characters."""
    folded, positions = fold_with_positions(text)
    found = []
    for word in words:
        start = folded.find(word)
        while start != -1:
            end = positions[start + len(word) - 1] + 1
            while end < len(text) and not fold_char(text[end]):  # keep trailing combining marks
                end += 1
            found.append((positions[start], end))
            start = folded.find(word, start + len(word))
    merged: list[list[int]] = []
    for start, end in sorted(found):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged]


def highlight(text: str, ranges) -> list[tuple[str, bool]]:
    """`text` in (text, marked) pieces, every range marked."""
    out, pos = [], 0
    for start, end in ranges:
        out += [(text[pos:start], False), (text[start:end], True)]
        pos = end
    out.append((text[pos:], False))
    return out


def anchor(folded: str, words: list[str], length: int) -> tuple[int, int] | None:
    """(start, end) in `folded` of the match an excerpt is built around: the first one whose excerpt
    would show the most distinct query words (for one word, simply its first occurrence)."""
    occurrences = []
    for word in words:
        start = folded.find(word)
        while start != -1 and len(occurrences) < MAX_ANCHORS:
            occurrences.append((start, start + len(word)))
            start = folded.find(word, start + 1)
    best, best_score = None, 0
    for start, end in sorted(occurrences):
        lo = max(0, start - EXCERPT_LEAD)
        window = folded[lo : lo + length]
        score = sum(1 for w in words if w in window)
        if score > best_score:
            best, best_score = (start, end), score
            if score == len(words):
                break
    return best


def excerpt(document: Document, words: list[str], length: int = EXCERPT_LENGTH) -> list[tuple[str, bool]]:
    """About `length` characters of the page's text around its first match, cut at spaces, every
    matched word marked. A page that matched only in its title shows the start of its text."""
    text = document.body
    if not text:
        return []
    first, first_end = 0, 0
    found = anchor(document.folded_body, words, length)
    if found:
        first, first_end = document.body_index(found[0]), document.body_index(found[1] - 1) + 1
    start = max(0, first - EXCERPT_LEAD)
    if start:
        space = text.find(" ", start, first)
        start = space + 1 if space != -1 else start
    end = max(min(len(text), start + length), first_end)
    if end < len(text):
        space = text.rfind(" ", first_end, end)
        end = space if space != -1 else end
    window = text[start:end]
    lead = [("… ", False)] if start else []
    trail = [(" …", False)] if end < len(text) else []
    return lead + highlight(window, spans(window, words)) + trail


def search_documents(documents: list[Document], words: list[str]) -> list[Result]:
    """Every document containing all words; title matches first, then by number of matches, then tree order."""
    results = [r for r in (match(d, words) for d in documents) if r]
    problems_first = pasted(words)  # a pasted message or code: the problem it is, before pages merely mentioning it
    results.sort(key=lambda r: (problems_first and r.document.kind != "problem", -r.title_hits, -r.matches))
    for result in results:
        doc = result.document
        result.title_parts = highlight(doc.title, spans(doc.title, words))
        result.excerpt_parts = excerpt(doc, words)
    return results
