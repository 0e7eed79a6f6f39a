"""Each worker's search index: the documents of one language and their vocabulary, kept in memory and
brought up to date when the content changes, one changed page at a time.

A search reads the page cache's content generation (helpcenter/page_cache/store.py), which whatever
changes what readers see moves on: a publish, an unpublish, a move, a view restriction, the settings
record, a synonym. While it stands still, a search costs no query for its documents. When it has moved,
the page list is read again (three queries, no page objects) and only the documents whose page or named
pages changed since they were built are built again (search/documents.py); their words leave the
vocabulary and the new ones enter it, and the synonyms are read again. Documents show the record's values
as marks: a changed record changes only the values kept beside them (RecordValues), no document. There
is no other invalidation: the generation says when to look, the pages' own state says what to rebuild.

Memory is bounded by the content, not by readers: one document per live public page and language that
has been searched in this worker, without its texts (the engine keeps them in its store, search/engine.py:
read for the results shown and for the words of a document a change takes out), and the words of those
pages. Without a shared index the first search in a language in a new worker builds all of them; with one
(SEARCH_INDEX_DIR, search/shared.py) a worker reads what another wrote, the process that publishes brings
it up to date (search/upkeep.py), and gunicorn has each worker read every built language before it takes
requests (preload). Measured in the README, "Search at scale".
"""

from __future__ import annotations

import gc
import logging
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.utils import translation

from guides.models import ServerSettings
from guides.texts import SOURCE
from helpcenter.page_cache.store import current_generation

from . import analysis, shared, upkeep
from .documents import (
    MARK_RE,
    MARKED,
    Document,
    Links,
    Listed,
    RecordValues,
    build_documents,
    listed_pages,
    page_stamp,
    record_stamp,
)
from .engine import Engine
from .folding import fold
from .models import Synonym
from .vocabulary import Vocabulary

logger = logging.getLogger(__name__)


@dataclass
class LanguageIndex:
    lang: str
    generation: str | None = None
    documents: list[Document] = field(default_factory=list)  # in tree order, help index first
    values: dict[int, RecordValues] = field(default_factory=dict)  # per help index: its record's values
    vocabulary: Vocabulary = None
    engine: Engine = None
    kinds: dict[int, str] = field(default_factory=dict)  # page id -> its kind, for the ranking
    by_id: dict[int, Document] = field(default_factory=dict)
    messages: dict[int, list[frozenset]] = field(default_factory=dict)  # page id -> each quoted message's terms
    questions: dict[int, list[frozenset]] = field(default_factory=dict)  # page id -> each reader question's terms
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self):
        self.vocabulary = Vocabulary(self.lang)
        folder = shared.root()
        self.shared = shared.SharedLanguage(folder / self.lang) if folder else None
        self.engine = Engine(self.shared.engine_folder if self.shared else None)
        self.adopted = False  # whether this worker has read (or written) the shared state once

    def current(self) -> LanguageIndex:
        try:
            generation = current_generation()
        except Exception:  # no generation to trust: look at the pages on every search
            generation = None
        if generation is None or generation != self.generation:
            with self.lock, translation.override(self.lang):
                if generation is None or generation != self.generation:
                    if self.shared:
                        self.sync_shared(generation)
                    else:
                        self.sync()
                        self.generation = generation
                    # Thousands of long-lived documents would make every full collection walk them (a
                    # 100 ms pause in a search now and then): they are left out of it. They hold no
                    # reference cycles; reference counting frees those that a later sync replaces.
                    gc.freeze()
        return self

    def sync_shared(self, generation) -> None:
        """Read what another worker wrote, if anything; then, if that is not current, bring it up to date
        here and write it for the others (search/shared.py)."""
        with self.shared.locked():
            if self.shared.changed():
                with no_collection():
                    state = self.shared.read()
                    if state is not None:
                        self.adopt(state)
                        gc.freeze()  # as current() does: the state's objects are left out of collections
            if not self.adopted:  # nothing readable was written: the engine's folder holds nothing we know
                self.engine.clear()
                self.adopted = True
            if generation is None or generation != self.generation:
                self.sync()
                self.generation = generation
                self.shared.write(self.state())

    def state(self) -> dict:
        return {
            "generation": self.generation,
            "documents": self.documents,
            "values": self.values,
            "vocabulary": self.vocabulary,
            "messages": self.messages,
            "questions": self.questions,
        }

    def adopt(self, state: dict) -> None:
        self.generation = state["generation"]
        self.documents, self.values = state["documents"], state["values"]
        self.vocabulary, self.messages = state["vocabulary"], state["messages"]
        self.questions = state["questions"]
        self.by_id = {d.page_id: d for d in self.documents}
        self.kinds = {d.page_id: d.kind for d in self.documents}
        self.engine.reload()
        self.adopted = True

    def sync(self) -> None:
        indexes, listed = listed_pages()
        # texts may name the help index itself ({page:help}) as well as the pages under it
        links = Links(
            listed + [Listed(i.pk, i.path, type(i), getattr(i, f"slug_{SOURCE}"), page_stamp(i)) for i in indexes]
        )
        built = {document.page_id: document for document in self.documents}
        self.sync_values(indexes)

        def fresh(page_id, stamp, index_id) -> Document | None:
            document = built.get(page_id)
            if (
                document
                and document.stamp == stamp
                and document.index_id == index_id
                and links.still_current(document.links_used)
            ):
                return document
            return None

        order, stale, stale_indexes = [], [], set()
        for index in indexes:
            order.append(index.pk)
            if not fresh(index.pk, page_stamp(index), index.pk):
                stale_indexes.add(index.pk)
            for item in listed:
                if item.path.startswith(index.path):
                    order.append(item.page_id)
                    if not fresh(item.page_id, item.stamp, index.pk):
                        stale.append(item)
        new = (
            {d.page_id: d for d in build_documents(indexes, stale, links, stale_indexes)}
            if stale or stale_indexes
            else {}
        )
        kept = set(order) - set(new)
        removed = [document.page_id for document in self.documents if document.page_id not in kept]
        # the words of what leaves: its texts read back from the engine's store
        for document in self.full_documents(removed).values():
            self.vocabulary.remove(document)
        fields = {page_id: engine_fields(self.lang, document) for page_id, document in new.items()}
        for page_id, document in new.items():
            self.vocabulary.add(document, terms=searched_terms(fields[page_id]))
        self.engine.replace(removed, [(page_id, fields[page_id], new[page_id].texts()) for page_id in fields])
        for document in new.values():
            self.messages[document.page_id] = message_terms(self.lang, document)
            self.questions[document.page_id] = question_terms(self.lang, document)
        new = {page_id: document.without_texts() for page_id, document in new.items()}
        # a page deleted while its document was built is simply not there
        self.documents = [d for d in (new.get(page_id) or built.get(page_id) for page_id in order) if d]
        self.by_id = {d.page_id: d for d in self.documents}
        self.kinds = {d.page_id: d.kind for d in self.documents}
        for page_id in set(removed) - set(new):
            self.messages.pop(page_id, None)
            self.questions.pop(page_id, None)
        synonyms = Synonym.objects.filter(language__in=["", self.lang])
        self.vocabulary.set_synonyms([synonym.word_list() for synonym in synonyms])

    def full_documents(self, page_ids) -> dict[int, Document]:
        """The documents of `page_ids` with their texts, read from the engine's store (page id -> document;
        in the order asked; a page the index does not hold is left out)."""
        page_ids = list(page_ids)
        texts = self.engine.texts(page_ids)
        return {
            page_id: self.by_id[page_id].with_texts(texts[page_id])
            for page_id in page_ids
            if page_id in texts and page_id in self.by_id
        }

    def sync_values(self, indexes) -> None:
        """The records' values: read again when a record changed (no document changes with them)."""
        current = {}
        for index in indexes:
            kept = self.values.get(index.pk)
            if kept and kept.stamp == record_stamp(index.server_settings):
                current[index.pk] = kept
                continue
            current[index.pk] = RecordValues.of(index)
            if kept:
                self.vocabulary.remove(kept.words)
            self.vocabulary.add(current[index.pk].words)
        for index_id, gone in self.values.items():
            if index_id not in current:
                self.vocabulary.remove(gone.words)
        self.values = current


@contextmanager
def no_collection():
    """No garbage collection while a state is read: it is thousands of new objects, none in a cycle, and a
    collection among them (a full one, now and then) would take longer than reading them."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def message_terms(lang: str, document: Document) -> list[frozenset]:
    return [frozenset(analysis.terms(lang, m)) for m in document.messages.split(" · ") if m.strip()]


def question_terms(lang: str, document: Document) -> list[frozenset]:
    return [
        frozenset(t for t in analysis.terms(lang, q) if not analysis.stopword(lang, t))
        for q in document.questions.splitlines()
        if q.strip()
    ]


def searched_terms(fields: dict[str, list[str]]) -> set[str]:
    """Every term of a document's fields (its values' references aside): what the vocabulary counts."""
    return {term for name, terms in fields.items() if name != "refs" for term in terms}


def engine_fields(lang: str, document: Document) -> dict[str, list[str]]:
    """What the engine indexes of a document: the terms of each field; the references of the values it shows."""
    return {
        "title": analysis.terms(lang, document.title),
        "questions": analysis.terms(lang, document.questions),
        "messages": analysis.terms(lang, document.messages),
        # codes, and the symbols programs name errors by (IXP_E_FAILED_TO_CONNECT) wherever the page names them
        "codes": analysis.tokens(fold(document.codes)) + [t for t in analysis.tokens(fold(document.body)) if "_" in t],
        "refs": [MARKED[mark] for mark in MARK_RE.findall(document.body)],  # each time the page shows it
        "body": analysis.terms(lang, document.body),
    }


_indexes: dict[str, LanguageIndex] = {}
_create = threading.Lock()


def index_for(lang: str) -> LanguageIndex:
    """This worker's index of `lang`, current with the content."""
    index = _indexes.get(lang)
    if index is None:
        with _create:
            index = _indexes.setdefault(lang, LanguageIndex(lang))
    return index.current()


def preload() -> list[str]:
    """Read the shared index of every language this host has built, bringing it up to date if it is not:
    gunicorn.conf.py has a worker do this before it takes requests, so that its first search in each
    language reads nothing. Returns the languages read."""
    languages = shared.built_languages()
    for lang in languages:
        index_for(lang)
    return languages


def refresh() -> None:
    """Sync the shared index of every language this host has built with the content as it now is (after a
    commit that changed it, search/upkeep.py). Never raises: the next reader's search syncs instead."""
    try:
        languages = shared.built_languages()
    except Exception:
        logger.exception("search: the shared index could not be found after a publish")
        return
    for lang in languages:
        try:
            index_for(lang)
        except Exception:
            logger.exception("search: the %s index could not be brought up to date after a publish", lang)


def forget() -> None:
    """Drop every language's index (a new worker's state: the tests start each case from it)."""
    _indexes.clear()


upkeep.connect(refresh, Synonym, ServerSettings)
