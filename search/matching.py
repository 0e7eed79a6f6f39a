"""Which documents a query finds, in which order, and what each result shows: its title and an excerpt
around the first match, every matched word marked. Every word of the query must appear, as a word or
part of one ("parbaude" finds "pārbaudes"), or one of its alternatives (its other forms, its correction:
search/vocabulary.py); a pasted message or error code finds its problem first."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from guides.models import normal_code

from .documents import VALUE_MARKS, Document, RecordValues
from .folding import fold_char, fold_with_positions

EXCERPT_LENGTH = 160
EXCERPT_LEAD = 50  # characters of context shown before the first match
MAX_ANCHORS = 500  # occurrences considered when choosing where an excerpt starts
# A word of a pasted message that the program filled in (a server name, an address): never in our texts.
FILLED_IN = re.compile(r"\S*@\S*|[\w-]+(?:\.[\w-]+)+")


def is_code(word: str) -> bool:
    return bool(normal_code(word))


def pasted(words: list[str]) -> bool:
    """What a reader copied from a program's message, not typed: an error code, or several words."""
    return any(is_code(w) for w in words) or len(words) >= 4


@dataclass
class Term:
    """One word of the query and what counts as finding it (search/vocabulary.py reads them)."""

    typed: str
    alternatives: list[str]  # the word itself or its correction, then its other forms
    corrected: str = ""  # the nearest word the pages contain, when they contain no form of the typed one


@dataclass
class Result:
    document: Document
    title_hits: int
    matches: int
    # (text, marked) pieces: search/templates/search/marked.html writes them
    title_parts: list[tuple[str, bool]] = field(default_factory=list)
    excerpt_parts: list[tuple[str, bool]] = field(default_factory=list)

    @property
    def kind(self):
        return self.document.kind

    @property
    def kind_label(self):
        return self.document.kind_label


Hits = dict[str, dict[int, frozenset]]  # word -> help index -> the references whose value holds it
NO_REFS = frozenset()


def value_hits(values: dict[int, RecordValues], terms: list[Term]) -> Hits:
    """Which values hold each alternative of the terms, per help index (documents show values as marks)."""
    return {w: {index_id: v.matching(w) for index_id, v in values.items()} for t in terms for w in t.alternatives}


def shown_refs(document: Document, word: str, hits: Hits) -> frozenset:
    return document.refs & hits.get(word, {}).get(document.index_id, NO_REFS) if document.refs else NO_REFS


def occurs(document: Document, word: str, hits: Hits) -> bool:
    return word in document.folded_title or word in document.folded_body or bool(shown_refs(document, word, hits))


def match(document: Document, terms: list[Term], hits: Hits | None = None) -> Result | None:
    """The result when every term has one of its alternatives in the document's title, text or values.
    (Runs for every document of the language on every search: one pass of counting per alternative.)"""
    hits = hits or {}
    if document.kind == "problem" and pasted([t.typed for t in terms]):
        # a pasted message holds the reader's server name or address where the program filled one in;
        # the problem quotes the message with "…" there
        kept = [t for t in terms if is_code(t.typed) or not FILLED_IN.fullmatch(t.typed)]
        terms = kept or terms
    title, body = document.folded_title, document.folded_body
    title_hits = matches = 0
    for term in terms:
        found = in_title = 0
        for word in term.alternatives:
            in_title += title.count(word)
            found += body.count(word)
            if document.refs:
                found += sum(body.count(VALUE_MARKS[key]) for key in shown_refs(document, word, hits))
        if not found + in_title:
            return None
        matches += found + in_title
        title_hits += bool(in_title)
    return Result(document, title_hits, matches)


def closest(documents: list[Document], terms: list[Term], limit: int, hits: Hits | None = None) -> list[Document]:
    """When no page has every term: the pages with the most of them (at least one), best first."""
    hits = hits or {}
    scored = []
    for position, document in enumerate(documents):
        found = sum(1 for t in terms if any(occurs(document, w, hits) for w in t.alternatives))
        if found:
            scored.append((-found, position, document))
    return [document for _found, _position, document in sorted(scored)[:limit]]


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


def search_documents(documents: list[Document], terms: list[Term], hits: Hits | None = None) -> list[Result]:
    """Every document with every term; title matches first, then by number of matches, then tree order."""
    results = [r for r in (match(d, terms, hits) for d in documents) if r]
    problems_first = pasted([t.typed for t in terms])  # a pasted message or code: the problem it is first
    results.sort(key=lambda r: (problems_first and r.document.kind != "problem", -r.title_hits, -r.matches))
    return results


def mark(results: list[Result], terms: list[Term], values: dict[int, RecordValues]) -> None:
    """Give the results that are shown their marked title and excerpt, the values written out in them
    (only those results: there may be thousands)."""
    words = [w for t in terms for w in t.alternatives]
    for result in results:
        doc = values[result.document.index_id].render(result.document) if result.document.refs else result.document
        result.title_parts = highlight(doc.title, spans(doc.title, words))
        result.excerpt_parts = excerpt(doc, words)
