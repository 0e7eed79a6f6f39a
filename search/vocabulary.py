"""The words and terms the pages of one language contain: what a misspelled query word is read as, and
the synonyms editors keep.

A query word whose term (search/analysis.py) is on no page is read as the nearest word that is ("outlok"
finds "outlook"): fewest edits, then the most frequent word, shown to the reader as the pages write it.
Codes, ports, host names and addresses are never changed: 0x800CCC0E and 0x800CCC0F are different errors.
Synonyms (search/models.py) are groups of words that mean the same: any word of a group also searches the
others ("аутлук" finds "Outlook").

The vocabulary is kept beside the documents in each worker (search/index.py): a changed page's words
are taken out and its new words added, and the synonyms are read again, once per content change, never
per request.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from rapidfuzz import process
from rapidfuzz.distance import OSA

from . import analysis
from .documents import Document
from .folding import fold

MAX_SYNONYMS = 5  # the other terms one term searches at most (as many as the largest shipped group's)
MIN_SYNONYM_LENGTH = 3  # letters of a synonym's term at least (search/models.py refuses shorter words)

WORD = re.compile(r"[^\W\d_]+")  # letters only: a word with a digit is a code, a port or a version
MIN_FUZZY_LENGTH = 4  # shorter words have too many neighbours one letter away
NEAREST_CANDIDATES = 8
PROGRAM_TERM_SHARE = 0.2  # a program's name in more titles than this is an ordinary word of the language


def allowed_edits(word: str) -> int:
    """Letters that may be wrong (an insertion, a deletion, a substitution or two swapped letters each)."""
    return 1 if len(word) < 6 else 2


def words_of(document: Document):
    """(folded word, how the page writes it) for every word of the document's title, text and readers'
    questions, in order."""
    for original in (document.title, document.body, document.questions):
        for found in WORD.finditer(original.lower()):
            written = found.group()
            yield fold(written), written


@dataclass
class Vocabulary:
    """The words of one language's documents, kept as documents come and go (search/index.py adds and
    removes them one by one: a publish changes a page, not the help center)."""

    lang: str
    counts: dict[str, int] = field(default_factory=dict)  # folded word -> occurrences
    spellings: dict[str, str] = field(default_factory=dict)  # folded word -> as the pages first write it
    term_counts: dict[str, int] = field(default_factory=dict)  # term -> documents that have it
    synonyms: dict[str, list[str]] = field(default_factory=dict)  # term -> the terms of the others of its groups
    programs: dict[str, int] = field(default_factory=dict)  # term of a guide's program or platform -> guides
    title_counts: dict[str, int] = field(default_factory=dict)  # term -> documents whose title has it
    guide_titles: dict[str, int] = field(default_factory=dict)  # term -> guides whose title has it
    documents: int = 0

    @classmethod
    def build(cls, lang: str, documents: list[Document], groups: list[list[str]] = ()) -> Vocabulary:
        """The words of `documents`, and the synonym `groups` (words that mean the same, as editors wrote them)."""
        vocabulary = cls(lang)
        for document in documents:
            vocabulary.add(document)
        vocabulary.set_synonyms(groups)
        return vocabulary

    def document_terms(self, document: Document) -> set[str]:
        return {
            term
            for text in (document.title, document.body, document.questions, document.messages, document.codes)
            for term in analysis.terms(self.lang, text)
        }

    def add(self, document: Document, terms: set[str] | None = None) -> None:
        """Count the document's words and terms (`terms`: already read by search/index.py, else read here)."""
        self.documents += 1
        for term in self.document_terms(document) if terms is None else terms:
            self.term_counts[term] = self.term_counts.get(term, 0) + 1
        for term in self.program_terms(document):
            self.programs[term] = self.programs.get(term, 0) + 1
        for term in set(analysis.terms(self.lang, document.title)):
            self.title_counts[term] = self.title_counts.get(term, 0) + 1
            if document.kind == "guide":
                self.guide_titles[term] = self.guide_titles.get(term, 0) + 1
        for word, spelling in words_of(document):
            if word in self.counts:
                self.counts[word] += 1
            else:
                self.counts[word] = 1
                self.spellings[word] = spelling

    def remove(self, document: Document) -> None:
        """Undo add(document): a word or term no other document has is forgotten."""
        self.documents -= 1
        title = set(analysis.terms(self.lang, document.title))
        for counts, terms in (
            (self.programs, self.program_terms(document)),
            (self.title_counts, title),
            (self.guide_titles, title if document.kind == "guide" else ()),
        ):
            for term in terms:
                left = counts.get(term, 0) - 1
                if left > 0:
                    counts[term] = left
                else:
                    counts.pop(term, None)
        for term in self.document_terms(document):
            left = self.term_counts.get(term, 0) - 1
            if left > 0:
                self.term_counts[term] = left
            else:
                self.term_counts.pop(term, None)
        for word, _spelling in words_of(document):
            left = self.counts.get(word, 0) - 1
            if left > 0:
                self.counts[word] = left
            else:
                self.counts.pop(word, None)
                self.spellings.pop(word, None)

    def set_synonyms(self, groups) -> None:
        """Each word's term -> the terms of the other words of its groups (any form of a word finds them), at
        most MAX_SYNONYMS of them, from the groups editors made first: a search's cost cannot grow with the
        groups editors add (a thousand groups with "imap" search as one does). A term shorter than
        MIN_SYNONYM_LENGTH is left out (a group of old with such a word would match nearly every page)."""
        self.synonyms = {}
        for group in groups:
            terms = list(dict.fromkeys(analysis.stem(self.lang, fold(word)) for word in group))
            terms = [term for term in terms if len(term) >= MIN_SYNONYM_LENGTH]
            for term in terms:
                others = self.synonyms.setdefault(term, [])
                room = MAX_SYNONYMS - len(others)
                if room > 0:
                    others += [other for other in terms if other != term and other not in others][:room]

    def program_terms(self, document: Document) -> set[str]:
        return {t for t in analysis.terms(self.lang, document.program) if not analysis.stopword(self.lang, t)}

    def names_program(self, term: str) -> bool:
        """Whether `term` names a mail program or its platform ("outlook", "iphone") rather than what a page
        is about: a guide's program names it, and it is not a word many pages' titles use ("mail" in English)."""
        return term in self.programs and self.title_counts.get(term, 0) <= PROGRAM_TERM_SHARE * self.documents

    def sets_up(self, term: str) -> bool:
        """Whether `term` is a word of setting a program up: the guides' titles use it ("iestatīšana",
        "setting up", "настройка"), and it names no program."""
        return term in self.guide_titles and not self.names_program(term)

    def rarity(self, term: str) -> float:
        """How rare a term is among the pages (an inverse document frequency): rarer words say more."""
        return math.log(1 + (self.documents + 1) / (self.term_counts.get(term, 0) + 1))

    def has_term(self, term: str) -> bool:
        return term in self.term_counts

    def shown(self, word: str) -> str:
        """A word of the vocabulary as a reader would write it (with its diacritics)."""
        return self.spellings.get(word, word)

    def nearest(self, word: str) -> str:
        """The word of the pages nearest to `word` ("" when none is near enough): fewest edits, then the
        most frequent."""
        if len(word) < MIN_FUZZY_LENGTH or not WORD.fullmatch(word):
            return ""
        limit = allowed_edits(word)
        candidates = process.extract(
            word, self.counts.keys(), scorer=OSA.distance, score_cutoff=limit, limit=NEAREST_CANDIDATES
        )
        candidates = [(distance, -self.counts[w], w) for w, distance, _key in candidates if len(w) >= MIN_FUZZY_LENGTH]
        return min(candidates)[2] if candidates else ""
