"""The words the pages of one language contain, and how each query word is read against them.

A query word matches as it is typed when some page contains it (as a word or part of one: prefix
matching, which is all Latvian gets). Otherwise, in Russian and Lithuanian, its other word forms that the
pages contain match too (Snowball stems, "настроек" finds "настройки"), and so do its synonyms, which
editors keep (search/models.py: "аутлук" finds "Outlook"); and a word that no page contains
in any form is read as the nearest word that one does (typo tolerance, "outlok" finds "outlook"). Codes,
ports, host names and addresses are never changed: 0x800CCC0E and 0x800CCC0F are different errors.

The vocabulary is kept beside the documents in each worker (search/index.py): a changed page's words
are taken out and its new words added, and the synonyms are read again, once per content change, never
per request.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

import snowballstemmer
from rapidfuzz import process
from rapidfuzz.distance import OSA

from .documents import Document
from .folding import fold, fold_with_positions
from .matching import Term, is_code

STEMMERS = {"ru": "russian", "lt": "lithuanian"}  # Snowball has no Latvian
WORD = re.compile(r"[^\W\d_]+")  # letters only: a word with a digit is a code, a port or a version
CYRILLIC = re.compile(r"[а-я]+")
MIN_FUZZY_LENGTH = 4  # shorter words have too many neighbours one letter away
NEAREST_CANDIDATES = 8


@functools.cache
def stemmer_for(lang: str):
    name = STEMMERS.get(lang)
    return snowballstemmer.stemmer(name) if name else None


def protected(word: str) -> bool:
    """A word read exactly as typed: a code, a number, a host name, an address, a path."""
    return is_code(word) or not WORD.fullmatch(word)


def allowed_edits(word: str) -> int:
    """Letters that may be wrong (an insertion, a deletion, a substitution or two swapped letters each)."""
    return 1 if len(word) < 6 else 2


def words_of(document: Document):
    """(folded word, how the page writes it: called when wanted) for every word of the document's title and
    text, in order."""
    title_positions = fold_with_positions(document.title)[1]
    for folded, original, position in (
        (document.folded_title, document.title, title_positions.__getitem__),
        (document.folded_body, document.body, document.body_index),
    ):
        for found in WORD.finditer(folded):
            start, end = found.span()
            yield found.group(), lambda o=original, p=position, s=start, e=end: o[p(s) : p(e - 1) + 1].lower()


@dataclass
class Vocabulary:
    """The words of one language's documents, kept as documents come and go (search/index.py adds and
    removes them one by one: a publish changes a page, not the help center)."""

    lang: str
    counts: dict[str, int] = field(default_factory=dict)
    by_stem: dict[str, dict[str, None]] = field(default_factory=dict)  # stem -> its words (an ordered set)
    spellings: dict[str, str] = field(default_factory=dict)  # folded word -> as the pages first write it
    synonyms: dict[str, list[str]] = field(default_factory=dict)  # folded word -> the others of its groups
    # Russian: stems by all but their last two letters, where a vowel comes and goes (see forms())
    stems_by_head: dict[str, dict[str, None]] = field(default_factory=dict)
    _joined: str | None = None  # every word, space-separated: "does any word contain w" is one search

    @classmethod
    def build(cls, lang: str, documents: list[Document], groups: list[list[str]] = ()) -> Vocabulary:
        """The words of `documents`, and the synonym `groups` (words that mean the same, as editors wrote them)."""
        vocabulary = cls(lang)
        for document in documents:
            vocabulary.add(document)
        vocabulary.set_synonyms(groups)
        return vocabulary

    def add(self, document: Document) -> None:
        stemmer = self.stemmer()
        for word, spelling in words_of(document):
            if word in self.counts:
                self.counts[word] += 1
                continue
            self.counts[word] = 1
            self.spellings[word] = spelling()
            self._joined = None
            if stemmer:
                stem = stemmer.stemWord(word)
                self.by_stem.setdefault(stem, {})[word] = None
                if self.lang == "ru" and len(stem) >= 6 and CYRILLIC.fullmatch(stem):
                    self.stems_by_head.setdefault(stem[:-2], {})[stem] = None

    def remove(self, document: Document) -> None:
        """Undo add(document): a word no other document has is forgotten."""
        stemmer = self.stemmer()
        for word, _spelling in words_of(document):
            left = self.counts.get(word, 0) - 1
            if left > 0:
                self.counts[word] = left
                continue
            self.counts.pop(word, None)
            self.spellings.pop(word, None)
            self._joined = None
            if stemmer:
                stem = stemmer.stemWord(word)
                words = self.by_stem.get(stem, {})
                words.pop(word, None)
                if not words:
                    self.by_stem.pop(stem, None)
                    heads = self.stems_by_head.get(stem[:-2], {})
                    heads.pop(stem, None)
                    if not heads:
                        self.stems_by_head.pop(stem[:-2], None)

    def set_synonyms(self, groups) -> None:
        self.synonyms = {}
        for group in groups:
            folded = list(dict.fromkeys(fold(word) for word in group))
            for word in folded:
                others = self.synonyms.setdefault(word, [])
                others += [other for other in folded if other != word and other not in others]

    @property
    def joined(self) -> str:
        if self._joined is None:
            self._joined = " " + " ".join(self.counts) + " "
        return self._joined

    def stemmer(self):
        return stemmer_for(self.lang)

    def shown(self, word: str) -> str:
        """A word of the vocabulary as a reader would write it (with its diacritics)."""
        return self.spellings.get(word, word)

    def contains(self, word: str) -> bool:
        return word in self.joined

    def forms(self, word: str) -> list[str]:
        """Other forms of `word` that the pages contain: words of the same stem, or in Russian of a stem
        one letter apart in its last two (a vowel comes and goes there: "настроек", stem "настроек", and
        "настройки", stem "настройк")."""
        stemmer = self.stemmer()
        if stemmer is None or len(word) < MIN_FUZZY_LENGTH:
            return []
        stem = stemmer.stemWord(word)
        found = list(self.by_stem.get(stem, []))
        for other in self.stems_by_head.get(stem[:-2], []) if len(stem) >= 6 else []:
            if other != stem and OSA.distance(stem, other) <= 1:
                found += self.by_stem[other]
        return [w for w in found if w != word]

    def nearest(self, word: str) -> str:
        """The word of the pages nearest to `word` ("" when none is near enough): fewest edits, then the
        most frequent."""
        limit = allowed_edits(word)
        candidates = process.extract(
            word, self.counts.keys(), scorer=OSA.distance, score_cutoff=limit, limit=NEAREST_CANDIDATES
        )
        candidates = [(distance, -self.counts[w], w) for w, distance, _key in candidates if len(w) >= MIN_FUZZY_LENGTH]
        return min(candidates)[2] if candidates else ""

    def read(self, words: list[str], *, correct: bool = True) -> list[Term]:
        terms = []
        for word in words:
            if protected(word):
                terms.append(Term(word, [word]))
                continue
            forms = self.forms(word)
            # the synonyms of the word and of its other forms ("настроек" is in no group, "настройки" is)
            synonyms = [
                w
                for form in (word, *forms)
                for synonym in self.synonyms.get(form, [])
                for w in (synonym, *self.forms(synonym))
            ]
            if self.contains(word) or forms or synonyms or not correct or len(word) < MIN_FUZZY_LENGTH:
                terms.append(Term(word, list(dict.fromkeys([word, *forms, *synonyms]))))
                continue
            nearest = self.nearest(word)
            if nearest:
                terms.append(Term(word, [nearest, *self.forms(nearest)], corrected=nearest))
            else:
                terms.append(Term(word, [word]))
        return terms
