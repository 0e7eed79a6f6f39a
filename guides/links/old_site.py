"""The old help site's addresses that are in the wild (the public Thunderbird ISPDB entry, other programs,
old bookmarks), mapped to stable keys in content/old-site.toml: a frozen contract, read once per process.

The forms: `/?keyword=<name>`, `/category/<n>/question/<n>`, `/category/<n>`, `/tag/<name>` (each also under
`/index.php/`), and `/feedback/questions?category=<n>`; `?language=` (lv, en, ru, lt) on any of them. A
number the map does not know leads to the help index; a keyword or tag it does not know, to search for its
words, as an unknown key does.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from pathlib import Path

from django.conf import settings

OLD_SITE_FILE = Path(settings.BASE_DIR) / "content" / "old-site.toml"
# The map's tables: what each names by (an old address's number or name) -> the key it leads to.
TABLES = ("keywords", "questions", "categories", "feedback_categories", "tags")
NAME_RE = re.compile(r"[a-z0-9_-]{1,64}")  # an old keyword or tag as the old site wrote them
ROOT_PATH = re.compile(r"^/$")


class OldSiteError(Exception):
    pass


def read_map(path: Path = OLD_SITE_FILE) -> dict[str, dict[str, str]]:
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise OldSiteError(f"{path.name}: {exc}") from exc
    unknown = set(data) - set(TABLES)
    if unknown:
        raise OldSiteError(f"{path.name}: unknown table(s) {sorted(unknown)}; expected {', '.join(TABLES)}")
    tables = {}
    for table in TABLES:
        entries = data.get(table, {})
        if not all(isinstance(key, str) for key in entries.values()):
            raise OldSiteError(f"{path.name} [{table}]: every entry names a key (a string)")
        tables[table] = {str(name).lower(): key for name, key in entries.items()}
    return tables


@cache
def old_site_map() -> dict[str, dict[str, str]]:
    return read_map()


def key_for(table: str, name: str | None) -> str | None:
    return old_site_map()[table].get((name or "").strip().lower())


def name_of(text: str | None) -> str | None:
    """An unknown keyword or tag worth searching for; None for anything else."""
    text = (text or "").strip().lower()
    return text if NAME_RE.fullmatch(text) else None


def keyword_parameter(query) -> list[tuple[str, str]]:
    """What keys `/?keyword=…` for the page cache (helpcenter/page_cache/parameters.py): the keyword, so that
    no page stored for `/` answers it. It is a redirect, never stored, so no keyword makes an entry."""
    keyword = (query.get("keyword") or "").strip().lower()
    return [("keyword", keyword)] if keyword else []
