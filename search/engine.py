"""The engine that ranks: Tantivy (through its official Python bindings), BM25 over the fields of each
document, with the field weights of search/ranking.py. Search keeps its own analysis (search/analysis.py:
folding, stems, codes) and hands the engine terms, so the engine only indexes and scores; why Tantivy and
not bm25s or the databases' full-text search: docs/decisions.md.

An index lives in memory, or in a folder (SEARCH_INDEX_DIR) that the workers of one host share: then one
worker writes a change and the others open what it wrote (search/index.py says when).

Besides the terms it scores, the engine keeps each document's texts (its body, questions, messages and
codes) in its store, compressed and read from disk: the workers keep only what ranking needs in memory, and
read the texts of the results shown (search/matching.py) and of the documents a change takes out."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import tantivy

FIELDS = ("title", "questions", "messages", "codes", "refs", "body")
WRITER_HEAP = 15_000_000  # the least Tantivy's writer takes
TEXTS = "texts"


@dataclass(frozen=True)
class Clause:
    """Terms to look for in one field: one term, or several in a row (a phrase), with a weight."""

    field: str
    terms: tuple[str, ...]
    boost: float = 1.0


def schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_integer_field("page_id", stored=True, indexed=True, fast=True)
    for name in FIELDS:
        # the text is search/analysis.py's terms joined by spaces: the whitespace tokenizer takes them as they are
        builder.add_text_field(name, stored=False, tokenizer_name="whitespace", index_option="position")
    builder.add_bytes_field(TEXTS, stored=True, indexed=False)  # the document's texts, as JSON: never searched
    return builder.build()


class Engine:
    """One language's documents as Tantivy indexes them, by page id."""

    def __init__(self, path: Path | None = None):
        self.schema = schema()
        self.path = path
        if path is not None:
            path.mkdir(parents=True, exist_ok=True)
            try:
                self.index = tantivy.Index(self.schema, path=str(path), reuse=True)
            except ValueError:  # written by another version of the engine or its schema: start again
                shutil.rmtree(path, ignore_errors=True)
                path.mkdir(parents=True, exist_ok=True)
                self.index = tantivy.Index(self.schema, path=str(path), reuse=False)
        else:
            self.index = tantivy.Index(self.schema)
        self.searcher = self.index.searcher()

    def replace(self, removed: list[int], added: list[tuple[int, dict[str, list[str]], dict[str, str]]]) -> None:
        """Take the documents of `removed` out and put `added` in (page id, terms per field, texts kept in
        the store), in one commit."""
        if not removed and not added:
            return
        writer = self.index.writer(heap_size=WRITER_HEAP, num_threads=1)
        for page_id in removed:
            writer.delete_documents_by_term("page_id", page_id)
        for page_id, fields, texts in added:
            doc = tantivy.Document(page_id=page_id)
            for name, field_terms in fields.items():
                if field_terms:
                    doc.add_text(name, " ".join(field_terms))
            doc.add_bytes(TEXTS, json.dumps(texts, ensure_ascii=False).encode())
            writer.add_document(doc)
        writer.commit()
        writer.wait_merging_threads()
        self.reload()

    def clear(self) -> None:
        writer = self.index.writer(heap_size=WRITER_HEAP, num_threads=1)
        writer.delete_all_documents()
        writer.commit()
        writer.wait_merging_threads()
        self.reload()

    def reload(self) -> None:
        self.index.reload()
        self.searcher = self.index.searcher()

    def size(self) -> int:
        return self.searcher.num_docs

    def query(self, clauses: list[Clause]) -> tantivy.Query | None:
        parts = []
        for clause in clauses:
            if len(clause.terms) == 1:
                query = tantivy.Query.term_query(self.schema, clause.field, clause.terms[0])
            else:
                query = tantivy.Query.phrase_query(self.schema, clause.field, list(clause.terms))
            if clause.boost != 1.0:
                query = tantivy.Query.boost_query(query, clause.boost)
            parts.append((tantivy.Occur.Should, query))
        return tantivy.Query.boolean_query(parts) if parts else None

    def score(self, clauses: list[Clause], limit: int) -> list[tuple[int, float]]:
        """(page id, score) of the best `limit` documents that match any clause, best first."""
        query = self.query(clauses)
        if query is None:
            return []
        searcher = self.searcher
        hits = searcher.search(query, limit, count=False).hits
        # the page ids from the fast field: no stored document is read
        page_ids = searcher.fast_field_values("page_id", [address for _score, address in hits])
        return [(page_id, score) for page_id, (score, _address) in zip(page_ids, hits, strict=True)]

    def texts(self, page_ids) -> dict[int, dict[str, str]]:
        """The texts kept in the store for each of `page_ids` that the index holds (page id -> texts)."""
        page_ids = list(dict.fromkeys(page_ids))
        if not page_ids:
            return {}
        searcher = self.searcher
        query = tantivy.Query.term_set_query(self.schema, "page_id", page_ids)
        out = {}
        for _score, address in searcher.search(query, len(page_ids), count=False).hits:
            doc = searcher.doc(address)
            stored = doc.get_first(TEXTS)
            out[doc.get_first("page_id")] = json.loads(bytes(stored)) if stored is not None else {}
        return out

    def matching(self, clause: Clause, limit: int) -> set[int]:
        """The page ids of the documents one clause finds (at most `limit`)."""
        return {page_id for page_id, _score in self.score([clause], limit)}
