"""Which pages a query finds and in which order: every word of the query counts and none is required.

A query is read into weighted terms (search/analysis.py's terms; a misspelled word as the nearest word of
the pages, a word of a synonym group with its others; search/vocabulary.py), and the engine scores each
page by BM25 over its fields (search/engine.py), title and readers' questions above the text. On top:
- a run of two words of the query in a row in a message the page quotes counts again (a pasted message
  finds its page before pages that merely share its words);
- an exact code (0x800CCC0F, an SMTP reply such as 550 or 5.7.1) that a page lists puts it first;
- a query that says something went wrong (a code, a pasted message, "error", a negation) ranks problems
  and causes above setup guides;
- names a program fills into a message (a server, an address) are never searched as words; a host name
  finds the pages that show it (in any of the record's domains), an address nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from .analysis import (
    ADDRESS,
    HOSTLIKE,
    NEGATIONS,
    TOKEN,
    is_code,
    is_reply_code,
    negated,
    protected,
    stem,
    stopword,
    tokens,
)
from .engine import Clause
from .folding import fold

FIELD_WEIGHTS = {"title": 3.0, "questions": 4.0, "messages": 1.5, "codes": 4.0, "body": 1.0}
PHRASE_WEIGHTS = {"messages": 2.0, "title": 1.5, "questions": 1.5, "body": 0.7}
VALUE_WEIGHT = 2.0  # a host, port or other value of the record that a page shows
CORRECTED_WEIGHT = 0.8  # a word read as the nearest word of the pages
SYNONYM_WEIGHT = 0.8
REPLY_WEIGHT = 2.0  # an SMTP reply code the page lists, beside the reply's words
NEGATED_BASE_WEIGHT = 0.6  # "strādā" for an unknown "nestrādā"
CONTEXT_WEIGHT = 0.35  # a program's name beside at least MIN_SUBJECT_WORDS other words: the reader's setting
MIN_SUBJECT_WORDS = 2
CANDIDATES = 200  # documents the engine ranks before the kind of page is weighed
TROUBLE_PRIOR = {"problem": 1.6, "cause": 1.25}  # how much more a problem or cause counts for a query in trouble
SETUP_PRIOR = {
    "guide": 1.5,
    "settings": 1.3,
    "article": 1.3,
    "problem": 0.8,
}  # a query that names no trouble: how to set up comes first
MIN_MESSAGE_TERMS, MIN_MESSAGE_SHARE = 3, 0.6  # a message the query holds enough of to be the one pasted
MESSAGE_BONUS = 2.0
MIN_QUESTION_TERMS = 2  # words of the query one reader question of the page must hold
QUESTION_BONUS = 1.0  # up to twice the score for a page with a question holding every word of the query
MAX_TOKENS = 40  # of a pasted message (the search box takes 200 characters)

# Words that say something went wrong (folded; a word starting with a negation counts too).
TROUBLE_WORDS = {
    "en": {
        "error",
        "errors",
        "fail",
        "failed",
        "fails",
        "failure",
        "cannot",
        "cant",
        "can't",
        "not",
        "doesnt",
        "won't",
        "wont",
        "stopped",
        "problem",
        "rejected",
        "refused",
        "unable",
        "isnt",
        "no",
        "denied",
    },
    "lv": {"kluda", "kludu", "kludas", "problema", "problemas", "neiet", "nav", "nestrada", "atteikts"},
    "ru": {
        "ошибка",
        "ошибку",
        "ошибки",
        "не",
        "нет",
        "проблема",
        "проблемы",
        "перестал",
        "перестала",
        "отказ",
        "отклонен",
        "отклонено",
    },
    "lt": {"klaida", "klaidos", "klaidą", "problema", "neveikia", "nepavyksta", "atmestas", "atmetė"},
}


# Words that make a query a question (folded): anywhere, or only as its first word (lv "ka" is also "that").
QUESTION_WORDS = {
    "en": {"how", "what", "which", "why", "where", "when", "who"},
    "lv": {"kapec", "kadel", "kur", "cik", "kads", "kada", "kadu", "kadi", "kadas", "kadam"},
    "ru": {"как", "какой", "какая", "какое", "какие", "какую", "каким", "почему", "зачем", "где", "сколько", "можно"},
    "lt": {"kaip", "koks", "kokia", "koki", "kokius", "kokie", "kodel", "kur", "kiek"},
}
QUESTION_OPENERS = {
    "en": {"can", "may", "should", "do", "does", "is", "are"},
    "lv": {"ka", "vai", "kas", "ko"},
    "ru": {"что", "ли"},
    "lt": {"ar", "ka", "kas"},
}


def asks(lang: str, typed: list[str]) -> bool:
    """Whether the reader asks a question ("which password do I type", "vai var lietot POP3 divos datoros")."""
    return bool(set(typed) & QUESTION_WORDS.get(lang, set())) or bool(
        typed and typed[0] in QUESTION_OPENERS.get(lang, set())
    )


@dataclass
class QueryTerm:
    """One token of the query as search reads it."""

    typed: str  # folded, as the reader wrote it
    kind: str  # "word", "code", "reply", "host", "number", "stop"
    term: str = ""  # the term searched (its stem), "" when not searched as a word
    corrected: str = ""  # the word of the pages it was read as, when the reader's spelling is on no page
    alternatives: list[tuple[str, float]] = field(default_factory=list)  # (term, weight): synonyms
    program: bool = False  # it names a mail program or platform ("outlook", "iphone")
    setup: bool = False  # a word of setting a program up ("iestatīšana", "настройка")


@dataclass
class ReadQuery:
    lang: str
    terms: list[QueryTerm]
    trouble: bool = False
    asks: bool = False  # it is a question ("which password do I type")

    @property
    def searched(self) -> list[QueryTerm]:
        return [t for t in self.terms if t.kind != "stop"]

    @cached_property
    def in_context(self) -> bool:
        """Whether the program names of the query only say where the reader is ("thunderbird won't take my
        password", "which password goes into outlook"): most problems are the same in every program, and the
        words around the name say which. A program's name beside words of setting up asks for its guide."""
        subject = [t for t in self.searched if t.kind == "word" and not t.program]
        setting_up = any(t.setup for t in subject) and not self.trouble
        return len(subject) >= MIN_SUBJECT_WORDS and (self.trouble or self.asks or not setting_up)

    @cached_property
    def asked(self) -> set[str]:
        """The terms a reader question of a page is matched with: all but a program's name as context."""
        subject = [t for t in self.searched if not (t.program and self.in_context)]
        return {t.term for t in subject if t.term} | {term for t in subject for term, _weight in t.alternatives}

    @property
    def corrected(self) -> bool:
        return any(t.corrected for t in self.terms)

    def mark_terms(self) -> set[str]:
        """The terms whose words a result marks: what was searched and what it was read as."""
        out = set()
        for t in self.searched:
            if t.term:
                out.add(t.term)
            if t.kind in ("code", "reply", "host", "number"):
                out.add(t.typed)
            out.update(term for term, _weight in t.alternatives)
        return out


def query_tokens(query: str) -> list[str]:
    """The folded tokens of what the reader typed, in order, at most MAX_TOKENS."""
    return tokens(fold(query))[:MAX_TOKENS]


QUOTES = "\"'„“”«»‘’‚"


def filled_in(query: str) -> set[str]:
    """Host names the query holds in quotes: what a program filled into its message (the reader's server)."""
    folded = fold(query)
    return {
        found.group()
        for found in TOKEN.finditer(folded)
        if found.start() and folded[found.start() - 1] in QUOTES and HOSTLIKE.fullmatch(found.group())
    }


def classify(lang: str, token: str) -> str:
    if is_code(token) or "_" in token:
        return "code"
    if is_reply_code(token):
        return "reply"
    if ADDRESS.fullmatch(token):
        return "address"
    if HOSTLIKE.fullmatch(token):
        return "host"
    if protected(token):
        return "number"
    if stopword(lang, token) or len(token) == 1:
        return "stop"
    return "word"


def in_trouble(lang: str, typed: list[str], kinds: list[str]) -> bool:
    """A code, a word of trouble or a negation; or a long text that asks nothing (a program's message)."""
    words = TROUBLE_WORDS.get(lang, set()) | TROUBLE_WORDS["en"]
    return (
        any(kind in ("code", "reply") for kind in kinds)
        or (len(typed) >= 6 and not asks(lang, typed))
        or any(t in words or negated(lang, t) for t in typed)
    )


def read(lang: str, query: str, vocabulary, *, correct: bool = True) -> ReadQuery:
    """The query's tokens as terms: stems, corrections where no page has the word, synonyms."""
    typed = query_tokens(query)
    quoted = filled_in(query)
    kinds = ["filled" if token in quoted else classify(lang, token) for token in typed]
    pasted = in_trouble(lang, typed, kinds) and len(typed) >= 6  # a message copied from a program
    out = []
    seen = set()
    for token, kind in zip(typed, kinds, strict=True):
        if token in seen:
            continue
        seen.add(token)
        if kind in ("address", "filled"):  # the reader's own address or server, as the program wrote it in
            continue
        term = QueryTerm(token, kind)
        if kind in ("code", "reply", "host"):
            term.term = token
        elif kind == "number":  # a port as written; "pop3" as the pages' "POP3" is indexed (analysis.stem)
            term.term = stem(lang, token)
        elif kind == "word":
            term.term = stem(lang, token)
            if vocabulary.has_term(term.term):
                pass
            elif negated(lang, token):  # "nestrādā": the pages' "strādā", the negation kept (never corrected away)
                base = stem(lang, token[len(NEGATIONS[lang]) :])
                if vocabulary.has_term(base):
                    term.alternatives.append((base, NEGATED_BASE_WEIGHT))
            elif correct and not pasted:
                nearest = vocabulary.nearest(token)
                if nearest and not changes_meaning(lang, token, nearest):
                    term.corrected = nearest
                    term.term = stem(lang, nearest)
            for synonym in vocabulary.synonyms.get(term.term, []):
                term.alternatives.append((synonym, SYNONYM_WEIGHT))
            term.program = any(vocabulary.names_program(t) for t in [term.term, *(a for a, _w in term.alternatives)])
            term.setup = any(vocabulary.sets_up(t) for t in [term.term, *(a for a, _w in term.alternatives)])
        out.append(term)
    return ReadQuery(lang, out, in_trouble(lang, typed, kinds), asks(lang, typed))


def changes_meaning(lang: str, word: str, nearest: str) -> bool:
    """A correction that would add or drop a negation ("nevar" -> "var"), or change a verb's person (its
    ending, when the rest is the same word), changes what the reader said: it is not offered. Nor is one that
    changes the first letter: readers rarely mistype it, and another beginning is most often another word
    (a verb's prefix: lv "atslēdzas", disconnects, is not "izslēdzas", switches off)."""
    if negated(lang, word) != negated(lang, nearest) or word[:1] != nearest[:1]:
        return True
    return stem(lang, word) == stem(lang, nearest)


def clauses(read_query: ReadQuery, values_hits: dict[str, set[str]]) -> list[Clause]:
    """The engine's clauses: each term in each field with its weight; each run of two in a row as a phrase;
    a value's reference where the term is one of the record's values."""
    out: list[Clause] = []
    in_context = read_query.in_context
    for t in read_query.searched:
        weight = CORRECTED_WEIGHT if t.corrected else 1.0
        if t.program and in_context:
            weight *= CONTEXT_WEIGHT
        if t.kind in ("code", "reply"):
            out.append(Clause("codes", (t.term,), FIELD_WEIGHTS["codes"] * (REPLY_WEIGHT if t.kind == "reply" else 1)))
            out.append(Clause("body", (t.term,), FIELD_WEIGHTS["body"]))
        elif t.term:
            for name, field_weight in FIELD_WEIGHTS.items():
                if name != "codes":
                    out.append(Clause(name, (t.term,), field_weight * weight))
            for alternative, alt_weight in t.alternatives:
                for name, field_weight in FIELD_WEIGHTS.items():
                    if name != "codes":
                        out.append(Clause(name, (alternative,), field_weight * alt_weight * weight))
        for ref in sorted(values_hits.get(t.typed, ())):
            out.append(Clause("refs", (ref,), VALUE_WEIGHT))
    words = [t.term for t in read_query.terms if t.term and t.kind in ("word", "stop", "code", "reply")]
    for first, second in zip(words, words[1:], strict=False):
        for name, weight in PHRASE_WEIGHTS.items():
            out.append(Clause(name, (first, second), weight))
    return out


def reply_pairs(read_query: ReadQuery) -> list[tuple[str, str]]:
    """A basic SMTP reply code followed by an enhanced one ("421 4.7.0"): as exact as a program's code."""
    terms = read_query.terms
    return [
        (first.term, second.term)
        for first, second in zip(terms, terms[1:], strict=False)
        if first.kind == second.kind == "reply" and "." not in first.term and "." in second.term
    ]


def code_terms(read_query: ReadQuery) -> list[str]:
    """The query's codes that put the pages listing them first: a program's codes and symbols name one error;
    an SMTP reply code is shared by several meanings (530: authentication, or STARTTLS first) and only weighs."""
    return [t.term for t in read_query.searched if t.kind == "code"]


def message_match(read_query: ReadQuery, messages: list[frozenset], *, pieces: bool = False) -> float:
    """How much of one of the page's quoted messages the query holds (0 to 1): most of the message (at least
    MIN_MESSAGE_TERMS words and MIN_MESSAGE_SHARE of it); with `pieces`, for a query in trouble, also every
    word of the query ("with username … failed" is a piece of "Login to server … with username … failed")."""
    typed = {t.term for t in read_query.terms if t.term}
    searched = {t.term for t in read_query.searched if t.term}
    best = 0.0
    for message in messages:
        shared = len(message & typed)
        if shared >= MIN_MESSAGE_TERMS and shared / len(message) >= MIN_MESSAGE_SHARE:
            best = max(best, shared / len(message))
        elif pieces and read_query.trouble and len(searched) >= 2 and searched <= message:
            best = max(best, len(searched) / len(message))
    return best


def question_match(read_query: ReadQuery, questions: list[frozenset], weights=None) -> float:
    """How much of the query one of the page's reader questions holds (0 to 1; 0 under MIN_QUESTION_TERMS),
    each word counted by `weights` (term -> how rare it is among the pages; 1 each without)."""
    asked = read_query.asked
    if not asked:
        return 0.0
    weight = weights or (lambda term: 1.0)
    best, best_count = 0.0, 0
    for question in questions:
        shared = question & asked
        if len(shared) > best_count or (len(shared) == best_count and sum(map(weight, shared)) > best):
            best, best_count = sum(map(weight, shared)), len(shared)
    if best_count < min(MIN_QUESTION_TERMS, len(asked)):
        return 0.0
    return best / sum(map(weight, asked))


def rank(index, read_query: ReadQuery, values_hits) -> list[tuple[int, float]]:
    """(page id, score) of every page the query finds in a language's index (search/index.py), best first."""
    engine, kinds = index.engine, index.kinds
    scored = engine.score(clauses(read_query, values_hits), CANDIDATES)
    if not scored:
        return []
    coded: dict[int, int] = {}
    for code in [(code,) for code in code_terms(read_query)] + reply_pairs(read_query):
        for page_id in engine.matching(Clause("codes", code), CANDIDATES):
            coded[page_id] = coded.get(page_id, 0) + 1
    rarity = index.vocabulary.rarity
    prior = dict(TROUBLE_PRIOR if read_query.trouble else SETUP_PRIOR)
    if read_query.in_context or not any(t.program for t in read_query.terms):
        prior.pop("guide", None)  # a guide sets up its program: a query about something else asks the pages for all
    if not read_query.trouble and any(
        t.kind == "host" and any(ref.endswith(".host") for ref in values_hits.get(t.typed, ()))
        for t in read_query.terms
    ):
        # the name of one of our servers (in any of the domains): the table of every server first, as a code
        for page_id, kind in kinds.items():
            if kind == "settings":
                coded[page_id] = coded.get(page_id, 0) + 1
    quoted = {page_id: message_match(read_query, index.messages.get(page_id, ())) for page_id, _score in scored}
    if not any(quoted.values()):  # no page quotes most of what was pasted: the pages quoting all of it
        quoted = {
            page_id: message_match(read_query, index.messages.get(page_id, ()), pieces=True)
            for page_id, _score in scored
        }
    ranked = [
        (
            page_id,
            score
            * prior.get(kinds.get(page_id, ""), 1.0)
            * (1 + MESSAGE_BONUS * quoted[page_id])
            * (1 + QUESTION_BONUS * question_match(read_query, index.questions.get(page_id, ()), rarity)),
        )
        for page_id, score in scored
    ]
    ranked.sort(key=lambda pair: (-coded.get(pair[0], 0), -pair[1]))
    return ranked
