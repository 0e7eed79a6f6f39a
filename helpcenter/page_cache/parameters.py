"""Which query parameters make a page of its own: each app registers those its views read, in its
AppConfig.ready() (search: a search's words and results page; feedback: the vote's answer). Every other
parameter (`?utm_source=…`) is left out of a stored page's key, so it neither makes a new entry nor a render.
The page cache itself names no app's path or parameter."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from django.http import QueryDict


@dataclass(frozen=True)
class SearchKey:
    """Pages keyed by these parameters are search results: stored briefly and only so many (store.py),
    and counted for the search log when the store answers them (searches.py)."""

    query: str  # the parameter with what was searched; without it the page is no search (the prompt)
    further: str  # the parameter of a further page of results: the same search read on, not counted again
    counted: Callable[[str], str]  # the query as the search log counts it


@dataclass(frozen=True)
class PageParameters:
    read: Callable[[QueryDict], list[tuple[str, str]]]  # the parameters that key the page, in their normal form
    path: re.Pattern[str] | None = None  # the paths they apply to; None: every page
    search: SearchKey | None = None


REGISTERED: dict[str, PageParameters] = {}


def register(name: str, parameters: PageParameters) -> None:
    """`name`: who registers (an app's label); registering again replaces its parameters."""
    REGISTERED[name] = parameters


def keyed(query_string: str, path: str) -> tuple[tuple[tuple[str, str], ...], SearchKey | None]:
    """The parameters of this request that key its page, and the search key if they make it a search."""
    if not query_string:
        return (), None
    query = QueryDict(query_string)
    used, search = [], None
    for parameters in REGISTERED.values():
        if parameters.path is not None and not parameters.path.match(path):
            continue
        read = parameters.read(query)
        used += read
        if parameters.search is not None and any(name == parameters.search.query for name, _value in read):
            search = parameters.search
    return tuple(used), search
