"""One search, as the search page and the relevance benchmark run it: a query in a language, its results
in order (search.views shows them; tools/search_eval.py measures them)."""

from __future__ import annotations

from dataclasses import dataclass, field

from . import ranking
from .index import index_for
from .matching import Result
from .promotions import apply_promotions  # promotions (search/promotions.py)


@dataclass
class Outcome:
    query: str
    read: ranking.ReadQuery | None = None
    results: list[Result] = field(default_factory=list)

    @property
    def page_ids(self) -> list[int]:
        return [result.document.page_id for result in self.results]

    @property
    def searched(self) -> bool:
        return bool(self.read and self.read.terms)


def run_search(lang: str, query: str, *, exact: bool = False) -> Outcome:
    """The ranked results of `query` in `lang` (the language must be active: documents read its texts).
    `exact`: the words as typed, without corrections."""
    outcome = Outcome(query)
    if not ranking.query_tokens(query):
        return outcome
    index = index_for(lang)
    outcome.read = read = ranking.read(lang, query, index.vocabulary, correct=not exact)
    hits = {
        t.typed: set().union(*(values.matching(t.typed) for values in index.values.values()))
        for t in read.searched
        if index.values
    }
    ranked = ranking.rank(index, read, hits)
    outcome.results = [Result(index.by_id[page_id], score) for page_id, score in ranked if page_id in index.by_id]
    # promotions (search/promotions.py): the pages editors promoted for this query first, `promoted = True`
    outcome.results = apply_promotions(lang, query, outcome.results, index.documents, Result)
    return outcome
