"""Which documents a query finds, in which order, and what each result shows: its title and an excerpt
around the first match, every matched word marked. Every word of the query must appear, as a word or
part of one ("parbaude" finds "pārbaudes"), or one of its alternatives (its other forms, its correction:
search/vocabulary.py); a pasted message or error code finds its problem first."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from guides.models import normal_code

from .documents import Document
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


def match(document: Document, terms: list[Term]) -> Result | None:
    """The result when every term has one of its alternatives in the document's title or text."""
    title, body = document.folded_title, document.folded_body
    if document.kind == "problem" and pasted([t.typed for t in terms]):
        # a pasted message holds the reader's server name or address where the program filled one in;
        # the problem quotes the message with "…" there
        kept = [t for t in terms if is_code(t.typed) or not FILLED_IN.fullmatch(t.typed)]
        terms = kept or terms
    if not all(any(w in title or w in body for w in t.alternatives) for t in terms):
        return None
    title_hits = sum(1 for t in terms if any(w in title for w in t.alternatives))
    matches = sum(title.count(w) + body.count(w) for t in terms for w in t.alternatives)
    return Result(document, title_hits, matches)


def closest(documents: list[Document], terms: list[Term], limit: int) -> list[Document]:
    """When no page has every term: the pages with the most of them (at least one), best first."""
    scored = []
    for position, document in enumerate(documents):
        text = document.folded_title + " " + document.folded_body
        found = sum(1 for t in terms if any(w in text for w in t.alternatives))
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


def search_documents(documents: list[Document], terms: list[Term]) -> list[Result]:
    """Every document with every term; title matches first, then by number of matches, then tree order."""
    results = [r for r in (match(d, terms) for d in documents) if r]
    problems_first = pasted([t.typed for t in terms])  # a pasted message or code: the problem it is first
    results.sort(key=lambda r: (problems_first and r.document.kind != "problem", -r.title_hits, -r.matches))
    words = [w for t in terms for w in t.alternatives]
    for result in results:
        doc = result.document
        result.title_parts = highlight(doc.title, spans(doc.title, words))
        result.excerpt_parts = excerpt(doc, words)
    return results
