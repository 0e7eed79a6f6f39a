"""The words the pages of one language contain, and how each query word is read against them.

A query word matches as it is typed when some page contains it (as a word or part of one: prefix
matching, which is all Latvian gets). Otherwise, in Russian and Lithuanian, its other word forms that the
pages contain match too (Snowball stems, "настроек" finds "настройки"), and so do its synonyms, which
editors keep (search/models.py: "аутлук" finds "Outlook"); and a word that no page contains
in any form is read as the nearest word that one does (typo tolerance, "outlok" finds "outlook"). Codes,
ports, host names and addresses are never changed: 0x800CCC0E and 0x800CCC0F are different errors.

The vocabulary is built from the search documents and the synonyms and cached beside the documents under
the page cache's content generation (search/documents.py; a synonym's save makes a new one): once per
content change, never per request.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass, field

import snowballstemmer
from django.core.cache import cache
from rapidfuzz import process
from rapidfuzz.distance import OSA

from .documents import CACHE_SECONDS, Document, cache_key
from .folding import fold, fold_with_positions
from .matching import Term, is_code
from .models import Synonym

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


@dataclass
class Vocabulary:
    lang: str
    counts: dict[str, int]
    joined: str = ""  # every word, space-separated: "does any word contain w" is one substring search
    by_stem: dict[str, list[str]] = field(default_factory=dict)
    spellings: dict[str, str] = field(default_factory=dict)  # folded word -> as the pages first write it
    synonyms: dict[str, list[str]] = field(default_factory=dict)  # folded word -> the others of its groups
    # Russian: stems by all but their last two letters, where a vowel comes and goes (see forms())
    stems_by_head: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def build(cls, lang: str, documents: list[Document], groups: list[list[str]] = ()) -> Vocabulary:
        """The words of `documents`, and the synonym `groups` (words that mean the same, as editors wrote them)."""
        counts, spellings = Counter(), {}
        for document in documents:
            title_positions = fold_with_positions(document.title)[1]
            for folded, original, position in (
                (document.folded_title, document.title, title_positions.__getitem__),
                (document.folded_body, document.body, document.body_index),
            ):
                for found in WORD.finditer(folded):
                    word = found.group()
                    counts[word] += 1
                    if word not in spellings:
                        spellings[word] = original[position(found.start()) : position(found.end() - 1) + 1].lower()
        vocabulary = cls(lang, dict(counts), " " + " ".join(counts) + " ", spellings=spellings)
        for group in groups:
            folded = list(dict.fromkeys(fold(word) for word in group))
            for word in folded:
                others = vocabulary.synonyms.setdefault(word, [])
                others += [other for other in folded if other != word and other not in others]
        stemmer = vocabulary.stemmer()
        if stemmer:
            for word in counts:
                vocabulary.by_stem.setdefault(stemmer.stemWord(word), []).append(word)
        if lang == "ru":
            for stem in vocabulary.by_stem:
                if len(stem) >= 6 and CYRILLIC.fullmatch(stem):
                    vocabulary.stems_by_head.setdefault(stem[:-2], []).append(stem)
        return vocabulary

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


def vocabulary_for(lang: str, documents: list[Document]) -> Vocabulary:
    """The vocabulary of `documents` (documents_for(lang)), cached under the same content generation."""
    key = cache_key(lang)
    key = f"{key}:vocabulary" if key else None
    vocabulary = cache.get(key) if key else None
    if vocabulary is None:
        synonyms = Synonym.objects.filter(language__in=["", lang])
        vocabulary = Vocabulary.build(lang, documents, [synonym.word_list() for synonym in synonyms])
        if key:
            cache.set(key, vocabulary, CACHE_SECONDS)
    return vocabulary
