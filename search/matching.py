"""What a result shows: its title and an excerpt around the place where most of the query's words meet,
each word the query found marked whole (a word of the page whose term is a term of the query: "pārbaudes"
for "parbaude", never "or" inside "working"). The values of the record are written in before marking, as
the page writes them. The texts are the engine's (search/engine.py), read for the results shown only."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from modeltranslation.utils import build_localized_fieldname

from guides.models import SMTP_REPLY, ProblemStep, ProblemStepKind
from guides.values import without_symbols

from .analysis import terms as text_terms
from .analysis import word_spans
from .documents import Document, RecordValues
from .folding import fold_with_positions

EXCERPT_LENGTH = 160
EXCERPT_LEAD = 50  # characters of context shown before the first match
MAX_ANCHORS = 200  # matches considered when choosing where an excerpt starts


@dataclass
class Result:
    document: Document
    score: float = 0.0
    promoted: bool = False  # an editor put it first for this query (search/promotions.py)
    # (text, marked) pieces: search/templates/search/marked.html writes them
    title_parts: list[tuple[str, bool]] = field(default_factory=list)
    excerpt_parts: list[tuple[str, bool]] = field(default_factory=list)
    anchor: str = ""  # a problem's message (or program) the query names: the link's fragment, `anchors`

    @property
    def kind(self):
        return self.document.kind

    @property
    def kind_label(self):
        return self.document.kind_label


def spans(lang: str, text: str, terms: set[str]) -> list[tuple[int, int]]:
    """Where the words of `text` whose term is one of `terms` stand, as (start, end) of its characters."""
    return [(start, end) for start, end, term in word_spans(lang, text) if term in terms]


def highlight(text: str, ranges) -> list[tuple[str, bool]]:
    """`text` in (text, marked) pieces, every range marked."""
    out, pos = [], 0
    for start, end in ranges:
        out += [(text[pos:start], False), (text[start:end], True)]
        pos = end
    out.append((text[pos:], False))
    return out


def anchor(text: str, terms: set[str], length: int) -> tuple[int, int] | None:
    """(start, end) in `text` of the match an excerpt is built around: the first one whose excerpt would show
    the most distinct terms of the query. Found where a word of the folded text begins with a term (a stem
    begins its words), so only the excerpt's own words are read whole (spans)."""
    wanted = sorted((t for t in terms if t), key=len, reverse=True)
    if not wanted:
        return None
    folded, positions = fold_with_positions(text)
    starts = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, wanted)) + ")")
    found = [(m.start(), m.end(), m.group()) for m in starts.finditer(folded)][:MAX_ANCHORS]
    best, best_score = None, 0
    for start, end, _term in found:
        lo = max(0, start - EXCERPT_LEAD)
        score = len({term for s, _e, term in found if lo <= s < lo + length})
        if score > best_score:
            best, best_score = (start, end), score
            if score == len(wanted):
                break
    if best is None:
        return best
    return positions[best[0]], positions[best[1] - 1] + 1


def excerpt(lang: str, document: Document, terms: set[str], length: int = EXCERPT_LENGTH) -> list[tuple[str, bool]]:
    """About `length` characters of the page's text around the best match, cut at spaces, every matched
    word marked. A page that matched only in its title or its readers' questions shows the start of its text."""
    text = document.body
    if not text:
        return []
    first, first_end = 0, 0
    found = anchor(text, terms, length)
    if found:
        first, first_end = found
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
    # a program's internal symbol is searched, never shown unless the reader searched it (guides.values.symbols)
    shown = [
        (piece if marked else without_symbols(piece), marked)
        for piece, marked in highlight(window, spans(lang, window, terms))
    ]
    return lead + shown + trail


def mark(lang: str, results: list[Result], terms: set[str], index) -> None:
    """Give the results that are shown their marked title and excerpt, the values written out in them
    (only those results: there may be thousands). Their texts are read from the engine's store of the
    language's index (search/index.py), the record's values from beside it."""
    full = index.full_documents([result.document.page_id for result in results])
    values: dict[int, RecordValues] = index.values
    for result in results:
        document = full.get(result.document.page_id, result.document)
        shown = (
            values[document.index_id].render(document) if document.refs and document.index_id in values else document
        )
        result.title_parts = highlight(shown.title, spans(lang, shown.title, terms))
        result.excerpt_parts = excerpt(lang, shown, terms)


MIN_ANCHOR_SCORE = 2  # words of a message the query shares (a code counts three) to link that message


def anchors(lang: str, results: list[Result], read) -> None:
    """Give each problem among the results shown the fragment of the message the query names best (the
    problem page's `#program-<kind>-<n>` or `#reply-<n>`), else of the program the query names
    (`#program-<kind>`), so that a reader who pasted a message lands on it. Nothing when neither: the page
    opens at its causes. One query per page of results, whichever they are."""
    problems = {r.document.page_id: r for r in results if r.kind == "problem"}
    if not results or read is None:
        return
    wanted = {t.term for t in read.searched if t.term}
    codes = {t.term for t in read.searched if t.term and t.kind in ("code", "reply")}
    named = {t.term for t in read.searched if t.term and t.program}
    steps: dict[int, list] = {}
    for step in ProblemStep.objects.filter(
        page_id__in=[r.document.page_id for r in results], kind=ProblemStepKind.MESSAGE
    ).order_by("sort_order"):
        steps.setdefault(step.page_id, []).append(step)
    for page_id, result in problems.items():
        best, best_score, counted, programs = "", MIN_ANCHOR_SCORE - 1, {}, {}
        for step in steps.get(page_id, []):
            counted[step.program] = counted.get(step.program, 0) + 1
            if step.program == SMTP_REPLY:
                anchor = f"reply-{counted[step.program]}"
            else:
                anchor = f"program-{step.program}-{counted[step.program]}"
            label = set(text_terms(lang, step.get_program_display()))
            if label & named and step.program != SMTP_REPLY:
                programs.setdefault(step.program, f"program-{step.program}")
            english = getattr(step, build_localized_fieldname("target", "en"), None) or ""
            own = set(text_terms(lang, step.shown)) | set(text_terms(lang, english)) | set(text_terms(lang, step.code))
            score = len(own & wanted) + 2 * len(own & codes) + (1 if label & named else 0)
            if score > best_score:
                best, best_score = anchor, score
        result.anchor = best or next(iter(programs.values()), "")
