"""The runner-up engine, kept for the comparison in docs/decisions.md: bm25s (BM25 on sparse matrices) behind
the same interface as search/engine.py's Engine. `tools/search_eval.py --engine bm25s` ranks with it.

bm25s has no fields and no positions: each field is a model of its own (weighted as the clauses say), and a
phrase of two terms is a term of its own ("a b" as one token) in a field of pairs. Every change rebuilds
every field's model."""

from __future__ import annotations

import bm25s
import numpy as np

FIELDS = ("title", "questions", "messages", "codes", "refs", "body")


class Bm25sEngine:
    def __init__(self, path=None):
        self.docs: dict[int, dict[str, list[str]]] = {}
        self.ids: list[int] = []
        self.models: dict[str, bm25s.BM25 | None] = {}
        self.vocab: dict[str, dict[str, int]] = {}
        self.stored: dict[int, dict[str, str]] = {}  # the texts Tantivy keeps in its store

    def replace(self, removed, added) -> None:
        for page_id in removed:
            self.docs.pop(page_id, None)
            self.stored.pop(page_id, None)
        for page_id, fields, texts in added:
            self.stored[page_id] = texts
            fields = dict(fields)
            for name in ("title", "questions", "messages", "body"):
                words = fields.get(name, [])
                fields[f"{name}+pairs"] = [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]
            self.docs[page_id] = fields
        self.ids = sorted(self.docs)
        self.models = {}
        names = {name for fields in self.docs.values() for name in fields}
        for name in names:
            corpus = [self.docs[i].get(name, []) or ["\x00"] for i in self.ids]
            vocab: dict[str, int] = {}
            ids = [[vocab.setdefault(t, len(vocab)) for t in doc] for doc in corpus]
            model = bm25s.BM25()
            model.index(bm25s.tokenization.Tokenized(ids=ids, vocab=vocab), show_progress=False)
            self.models[name], self.vocab[name] = model, vocab

    def size(self) -> int:
        return len(self.ids)

    def texts(self, page_ids):
        return {page_id: self.stored[page_id] for page_id in page_ids if page_id in self.stored}

    def clear(self) -> None:
        self.__init__()

    def reload(self) -> None:
        pass

    def score(self, clauses, limit):
        if not self.ids:
            return []
        total = np.zeros(len(self.ids))
        for clause in clauses:
            name = clause.field if len(clause.terms) == 1 else f"{clause.field}+pairs"
            token = " ".join(clause.terms)
            model = self.models.get(name)
            if model is None or token not in self.vocab[name]:
                continue
            total += clause.boost * model.get_scores([token])
        order = np.argsort(-total)[:limit]
        return [(self.ids[i], float(total[i])) for i in order if total[i] > 0]

    def matching(self, clause, limit):
        return {page_id for page_id, _score in self.score([clause], limit)}
