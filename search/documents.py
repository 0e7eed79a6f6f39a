"""Search documents: what each live page shows a reader in one language, as plain text, from the text
walker (guides/texts.py), and the page list they are built from.

Search for readers (`/<lang>/search/?q=...`, search/views.py) finds pages by the words they show in that
language. Only live, public pages under the live help indexes are listed (view restrictions, indexes and
one light query for the list, whatever the number of pages), so nothing unpublished or restricted is ever
found. Documents are built for the pages search/index.py asks for (one query per page model and per step
model), which keeps them in each worker while their pages stay as they were.

What is searched is what the reader sees in the active language: the title, and the texts in which tokens
may stand that every language shows (the summary or introduction, the help index's "before you start"
list, every step's text and on-screen label; not a guide's note on its labels, which only its own language
shows), each step's value, and a problem's messages also in English with their codes. Texts are read with
the modeltranslation fallback (en, then lv); a `{page:…}` token is the named page's title, and every value
of the settings record is its reference's mark, the values being kept beside the documents
(RecordValues): the IMAP host name finds the guides that show it, and a new host name changes no document.
Matching is search/matching.py; folding search/folding.py.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from itertools import groupby
from typing import NamedTuple

from django.contrib.contenttypes.models import ContentType
from django.db import connections
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
    TopicPage,
    TroubleshootingPage,
)
from guides.texts import SOURCE, walk_page
from guides.values import REFERENCES, MailValues, PageLink

from .folding import fold

KINDS = {
    TopicPage: "topic",
    GuidePage: "guide",
    ArticlePage: "article",
    SettingsReferencePage: "settings",
    ProblemPage: "problem",
    CausePage: "cause",
    TroubleshootingPage: "troubleshooting",
}
KIND_LABELS = {
    "topic": _("Topic"),
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
    """What one page shows in one language, as plain text (folded only while it is indexed: memory)."""

    page_id: int
    kind: str
    title: str
    body: str
    index_id: int | None = None  # the help index whose record's values its marks stand for
    refs: frozenset = frozenset()  # the references whose values it shows (as marks, see VALUE_MARKS)
    stamp: tuple = ()  # the page's state it was built from (search/index.py)
    links_used: tuple = ()  # (slug, stamp) of the pages its texts name
    questions: str = ""  # what readers ask about the page, one question a line (searched, never shown)
    messages: str = ""  # the program messages it quotes, in this language and in English
    codes: str = ""  # their codes (0x800CCC0F, SMTP replies)
    program: str = ""  # a guide's program and platform, as the guide names them ("Mozilla Thunderbird Windows")

    @classmethod
    def build(cls, page_id, kind, title, body, **more):
        return cls(page_id, kind, title, body, **more)

    def texts(self) -> dict[str, str]:
        """The texts the engine keeps in its store (search/engine.py), not each worker's memory."""
        return {name: getattr(self, name) for name in STORED_TEXTS}

    def without_texts(self) -> Document:
        """What a worker keeps of it in memory: what ranking needs (search/index.py), none of its texts."""
        return replace(self, **dict.fromkeys(STORED_TEXTS, ""))

    def with_texts(self, texts: dict[str, str]) -> Document:
        return replace(self, **{name: texts.get(name, "") for name in STORED_TEXTS})

    @property
    def kind_label(self):
        return KIND_LABELS[self.kind]


STORED_TEXTS = ("body", "questions", "messages", "codes")  # kept in the engine's store, read when needed

# A document shows each value of the record as its reference's mark, a character of Unicode's private use
# area that no reader types and no text contains; the values are matched beside the documents and put in
# only where a result is shown (RecordValues). A new port or host name then changes no document.
VALUE_MARKS = {key: chr(0xE000 + number) for number, key in enumerate(REFERENCES)}
MARKED = {mark: key for key, mark in VALUE_MARKS.items()}
MARK_RE = re.compile("[" + "".join(VALUE_MARKS.values()) + "]")


def plain(values: MailValues, text: str, links) -> str:
    """Prose as the reader reads it, without markup: page tokens as the pages' titles, values as marks."""
    text = unicodedata.normalize("NFC", text or "")
    return " ".join(values.plain_text(text, links, shown=lambda value: VALUE_MARKS[value.key]).split())


@dataclass
class RecordValues:
    """What a help index's record shows for every reference, in the active language, and its words."""

    stamp: tuple
    texts: dict[str, str]
    folded: dict[str, str]
    words: Document  # every value, for the vocabulary
    domains: tuple[str, ...] = ()  # the record's mail domains, the primary first

    @classmethod
    def of(cls, index) -> RecordValues:
        values, texts = MailValues(index.server_settings), {}
        for key in REFERENCES:
            try:
                texts[key] = " ".join(str(values.value(key)).split())
            except (KeyError, ValueError):  # nothing to show for it in this record
                texts[key] = ""
        words = Document.build(index.pk, "values", "", " · ".join(t for t in texts.values() if t))
        folded = {k: fold(t) for k, t in texts.items()}
        domains = tuple(index.server_settings.domain_list) if index.server_settings else ()
        return cls(record_stamp(index.server_settings), texts, folded, words, domains)

    def matching(self, token: str) -> frozenset:
        """The references whose value is `token` (folded) or has it as one of its words; a host name of any
        of the record's domains is read as the primary domain's, which is what the values show."""
        ours = next((d for d in self.domains if token == d or token.endswith("." + d)), None)
        if ours:
            token = token[: -len(ours)] + self.domains[0]
        found = frozenset(
            key for key, folded in self.folded.items() if folded and (token == folded or token in value_tokens(folded))
        )
        if ours and (token == self.domains[0] or not found):  # a server of ours by another name, or the domain
            found |= frozenset(key for key in self.folded if key.endswith(".host"))
        return found

    def render(self, document: Document) -> Document:
        """The document as the reader reads it: every mark replaced by its value."""
        if not document.refs:
            return document
        body = " ".join(MARK_RE.sub(lambda m: self.texts[MARKED[m.group()]], document.body).split())
        return Document.build(document.page_id, document.kind, document.title, body, index_id=document.index_id)


def value_tokens(folded: str) -> set[str]:
    return set(TOKENS.findall(folded))


TOKENS = re.compile(r"[^\W_]+(?:[.-][^\W_]+)*")


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


class Listed(NamedTuple):
    """A live public page as the page list reads it: enough to say whether its document is current."""

    page_id: int
    path: str
    model: type
    slug: str  # in the source language: what `{page:…}` tokens name
    stamp: tuple  # changes whenever its live content does: a publish makes a new live revision


def listed_pages() -> tuple[list[HelpIndexPage], list[Listed]]:
    """(live public help indexes with their records, the live public pages under them in tree order).

    Three queries whatever the number of pages (view restrictions, indexes, the page list), and no page
    object for the pages: reading 2,000 pages' every language column costs more than searching them. The
    page list's rows are read as the database gives them (the ORM's query, run on its cursor): its five
    columns are numbers and texts, and the ORM's per-row work was most of its cost (40 of 45 ms at 2,000
    guides)."""
    private = Page.objects.all().private_q()
    indexes = list(HelpIndexPage.objects.live().exclude(private).select_related("server_settings").order_by("path"))
    if not indexes:
        return [], []
    under = Q()
    for index in indexes:
        under |= Q(path__startswith=index.path, depth__gt=index.depth)
    models = {content_type.pk: model for model, content_type in ContentType.objects.get_for_models(*KINDS).items()}
    columns = ("pk", "path", "content_type_id", f"slug_{SOURCE}", "live_revision_id")
    query = (
        Page.objects.live()
        .exclude(private)
        .filter(under, content_type_id__in=models)
        .order_by("path")
        .values_list(*columns)
    )
    sql, params = query.query.sql_with_params()
    with connections[query.db].cursor() as cursor:
        cursor.execute(sql, params)
        # the columns as the query names them, in its order (which need not be the order asked)
        named = [column[0] for column in cursor.description]
        if sorted(named) == sorted(columns):
            pk, path, ct, slug, revision = (named.index(name) for name in columns)
            rows = [(row[pk], row[path], row[ct], row[slug], row[revision]) for row in cursor.fetchall()]
        else:  # named otherwise by another database: the ORM reads them
            rows = list(query)
    return indexes, [Listed(pk, path, models[ct], slug, (revision,)) for pk, path, ct, slug, revision in rows]


def page_stamp(page) -> tuple:
    """Changes whenever the page's live content does: every publish makes a new live revision (a revision
    published again is the content it was)."""
    return (page.live_revision_id,)


# What a reader sees of the record is its own fields; its drafts and its publishing state are not.
RECORD_STATE_FIELDS = {
    "live",
    "has_unpublished_changes",
    "first_published_at",
    "last_published_at",
    "live_revision",
    "latest_revision",
    "go_live_at",
    "expire_at",
    "expired",
    "locked",
    "locked_at",
    "locked_by",
}


def record_stamp(record) -> tuple:
    """Changes whenever a value readers see does: a published revision, or a save of the record itself."""
    if record is None:
        return ()
    return tuple(getattr(record, f.attname) for f in record._meta.concrete_fields if f.name not in RECORD_STATE_FIELDS)


class Links:
    """The pages `{page:slug}` tokens may name (source slug -> PageLink in the active language), read
    when a text names one, and which ones the documents built with it named: a document is rebuilt when
    a page it names changes (its title is in the text) or appears."""

    def __init__(self, listed: list[Listed]):
        self.by_slug = {item.slug: item for item in listed}
        self.read: dict[str, PageLink] = {}
        self.used: dict[str, tuple | None] = {}
        self.loaded: dict[int, Page] = {}  # pages build_documents read anyway: no query for their titles

    def get(self, slug, default=None):
        item = self.by_slug.get(slug)
        self.used[slug] = item.stamp if item else None
        if item is None:
            return default
        if slug not in self.read:
            page = self.loaded.get(item.page_id) or Page.objects.get(pk=item.page_id)
            self.read[slug] = PageLink(clean_title(page.title), "")
        return self.read[slug]

    def take_used(self) -> tuple:
        used, self.used = tuple(sorted(self.used.items(), key=lambda pair: pair[0])), {}
        return used

    def still_current(self, used: tuple) -> bool:
        return all((self.by_slug[slug].stamp if slug in self.by_slug else None) == stamp for slug, stamp in used)


def build_documents(indexes, listed: list[Listed], links: Links, index_ids=None) -> list[Document]:
    """The documents of the `listed` pages and of the help indexes in `index_ids` (every one by default)
    in the active language: one query per page model and per step model, then Python."""
    pages = {}
    for model in {item.model for item in listed}:
        ids = [item.page_id for item in listed if item.model is model]
        pages.update((page.pk, page) for page in model.objects.filter(pk__in=ids))
    links.loaded = {**pages, **{index.pk: index for index in indexes}}
    steps: dict[int, list] = {}
    for page_model, model in STEP_MODELS.items():
        ids = [item.page_id for item in listed if item.model is page_model]
        if ids:
            for step in model.objects.filter(page_id__in=ids).order_by("page_id", "sort_order", "pk"):
                steps.setdefault(step.page_id, []).append(step)
    documents = []
    for index in indexes:
        values = MailValues(index.server_settings)
        wanted = [(index, "index")] if index_ids is None or index.pk in index_ids else []
        wanted += [
            (pages[item.page_id], KINDS[item.model])
            for item in listed
            if item.path.startswith(index.path) and item.page_id in pages
        ]
        for page, kind in wanted:
            built = document(page, kind, steps.get(page.pk, []), values, links)
            documents.append(replace(built, index_id=index.pk, stamp=page_stamp(page), links_used=links.take_used()))
    return documents


def document(page, kind, steps, values: MailValues, links) -> Document:
    """The page's document: its texts as the walker gives them, each step followed by its value."""
    parts, questions, messages, codes = [], [], [], []
    for number, texts in groupby(walk_page(page, steps), key=lambda text: text.step):
        for text in texts:
            if not text.tokens or text.spec.own_language:
                continue
            if getattr(text.spec, "questions", False):
                questions += [plain(values, line, links) for line in text.shown.splitlines() if line.strip()]
                continue
            if text.spec.lines:
                parts += [plain(values, line, links) for line in text.shown.splitlines() if line.strip()]
            else:
                parts.append(plain(values, text.shown, links))
            if text.spec.pasted:  # readers paste what their program shows: often English
                english = " ".join(text.value("en").split())
                parts.append(english)
                messages += [plain(values, text.shown, links), english]
                if text.obj.code:
                    codes.append(text.obj.code)
        step = steps[number - 1] if number is not None else None
        if step is not None and step.value_ref in VALUE_MARKS:  # a reference that no longer exists is not shown
            parts.append(VALUE_MARKS[step.value_ref])
    if kind == "settings" or getattr(page, "show_settings_table", False):
        parts.append(settings_table(values))
    body = join_parts(parts)
    refs = frozenset(MARKED[mark] for mark in set(MARK_RE.findall(body)))
    return Document.build(
        page.pk,
        kind,
        clean_title(page.title),
        body,
        refs=refs,
        questions="\n".join(questions),
        messages=" · ".join(dict.fromkeys(m for m in messages if m)),
        codes=" ".join(codes),
        program=" ".join(filter(None, [getattr(page, "program", ""), getattr(page, "platform", "")])),
    )


def settings_table(values: MailValues) -> str:
    """The settings table as the reader reads it (guides/includes/settings_table.html): its headings, each
    server's row with its values as marks, and the lines under it."""
    rows = [
        f"{server.label}: {VALUE_MARKS.get(server.host_ref, '')} {VALUE_MARKS.get(server.port_ref, '')} "
        f"{VALUE_MARKS.get(server.security_ref, '')}"
        for server in values.all_servers
    ]
    extra = [_("Username"), VALUE_MARKS["username"], _("Password"), _("the generated password for mail programs")]
    extra += [_("Outgoing server authentication"), _("Closed ports"), VALUE_MARKS["closed_ports"]]
    headings = [_("Server"), _("Host name"), _("Port"), _("Encryption")]
    return " · ".join(str(part) for part in [*headings, *rows, *extra])


def clean_title(title: str) -> str:
    return " ".join(unicodedata.normalize("NFC", title or "").split())
