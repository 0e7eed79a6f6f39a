"""The shipped content (content/*.toml): reading it, checking it, turning it into model instances.

A translated value in a file is either a table {lv = ..., en = ...} or a plain string, which is
stored as the Latvian source and shown in every language through the fallback.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from modeltranslation.utils import build_localized_fieldname
from wagtail.models import Page

from .links.old_site import OldSiteError, old_site_map
from .models import (
    STEP_MODELS,
    ArticlePage,
    CausePage,
    GuidePage,
    HelpIndexPage,
    ProblemPage,
    ProblemStep,
    ProblemStepKind,
    ServerSettings,
    SettingsReferencePage,
    Stage,
    TopicPage,
    TroubleshootingPage,
    normal_message_code,
    question_problems,
)
from .models.links import ANCHOR_MAX_LENGTH, ANCHOR_RE, is_key
from .texts import text_fields, walk_page
from .values import text_problems

CONTENT_DIR = Path(settings.BASE_DIR) / "content"
LANGUAGES = tuple(settings.MODELTRANSLATION_LANGUAGES)
SOURCE_LANGUAGE = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
# A file's kind -> (page model, step model or None): the texts they declare (guides/texts.py) are the keys
# of a file that are texts.
PAGE_MODELS = {
    kind: (page_model, STEP_MODELS.get(page_model))
    for kind, page_model in (
        ("topic", TopicPage),
        ("guide", GuidePage),
        ("article", ArticlePage),
        ("cause", CausePage),
        ("problem", ProblemPage),
    )
}
# In loading order: topics before the guides and articles they hold, causes before the problems naming them.
FOLDERS = {"topic": "topics", "guide": "guides", "article": "articles", "cause": "causes", "problem": "problems"}
# A file's keys that set a page's attributes, per kind -> model field (program and stage are required).
FILE_KEYS = {
    "topic": {},
    "guide": {
        "program": "program",
        "program_version": "program_version",
        "program_kind": "program_kind",
        "platform": "platform",
        "protocol": "protocol",
        "apple_profile": "offers_apple_profile",
        "featured": "featured",
        "topic": "topic_id",
    },
    "article": {"show_settings_table": "show_settings_table", "topic": "topic_id"},
    "cause": {},
    "problem": {"stage": "stage"},
    **{part: {} for part in ("index", "reference", "troubleshooting")},  # content/index.toml's: texts only
}
REQUIRED_FILE_KEYS = {"program", "stage"}
# Keys whose value in a file is the slug of another file's page (stored as that page's id) -> its kind.
SLUG_KEYS = {"topic": "topic"}
# The single pages content/index.toml describes besides the help index, by section.
INDEX_PARTS = {"reference": SettingsReferencePage, "troubleshooting": TroubleshootingPage}
# Every page content/index.toml describes, by section (its texts are what a release brings them).
INDEX_PAGES = {"index": HelpIndexPage, **INDEX_PARTS}


class ContentError(Exception):
    pass


LINK_KEYS = {"key", "page", "anchor", "purpose"}  # an entry of content/links.toml


def read(path: Path) -> dict:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ContentError(f"{path.name}: {exc}") from exc


def per_language(value) -> dict[str, str]:
    if value is None:
        return {}
    table = value if isinstance(value, dict) else {SOURCE_LANGUAGE: value}
    unknown = set(table) - set(LANGUAGES)
    if unknown:
        raise ContentError(f"unknown language(s) {sorted(unknown)}")
    return {lang: text.strip() for lang, text in table.items() if isinstance(text, str)}


def set_translated(obj, field: str, value) -> None:
    """Store a per-language table (or a plain source string) on `obj`'s translation columns."""
    if value is None:
        return
    texts = per_language(value)
    for lang in LANGUAGES:
        setattr(obj, build_localized_fieldname(field, lang), texts.get(lang))


def set_slug(page, slug) -> None:
    slugs = slug if isinstance(slug, dict) else {lang: slug for lang in LANGUAGES}
    page.slug = slugs[SOURCE_LANGUAGE]
    for lang in LANGUAGES:
        setattr(page, build_localized_fieldname("slug", lang), slugs.get(lang) or page.slug)


@dataclass
class PageSource:
    """One file of content/guides or content/articles."""

    path: Path
    data: dict
    kind: str  # a key of FOLDERS

    @property
    def slug(self) -> str:
        slug = self.data["slug"]
        return slug if isinstance(slug, str) else slug[SOURCE_LANGUAGE]

    @property
    def order(self) -> int:
        return int(self.data.get("order", 100))

    def instances(self):
        """The page and its steps as unsaved instances holding the file's texts (nothing else)."""
        page_model, step_model = PAGE_MODELS[self.kind]
        page = fill_texts(holder(page_model), self.data)
        steps = self.data.get("steps", []) if step_model else []
        return page, [fill_texts(holder(step_model), step) for step in steps]

    def texts(self):
        """(where, field, language, text, tokens allowed) for every text of the file the rules apply to."""
        yield from checked_texts(self.path.name, *self.instances())


# Never saved: a page that only holds a file's texts gets no content type, which Wagtail would otherwise
# look up in the database (`check_content --files` runs without one).
NO_CONTENT_TYPE = -1


def holder(model):
    """An unsaved instance of `model` to hold a file's texts (for the checks; the loader saves its own)."""
    return model(content_type_id=NO_CONTENT_TYPE) if issubclass(model, Page) else model()


def fill_texts(obj, data: dict):
    """`obj` with every text it declares (guides/texts.py) set from a file's table."""
    for spec in text_fields(type(obj)):
        set_translated(obj, spec.name, data.get(spec.name))
    return obj


def checked_texts(name, page, steps=()):
    for text in walk_page(page, steps):
        if text.checked:
            where = name if text.step is None else f"{name}, step {text.step}"
            for lang, _column, value in text.values():
                yield where, text.field, lang, value, text.tokens


def bound_problems(name, page) -> list[str]:
    """What breaks the bounds of the page's questions (lines, their length), per language's column."""
    return [
        f"{name}, {column}: {problem}"
        for text in walk_page(page, ())
        if text.spec.questions
        for _lang, column, value in text.values()
        for problem in question_problems(value)
    ]


def index_texts():
    """(where, field, language, text, tokens allowed) for every text of content/index.toml."""
    data = read(CONTENT_DIR / "index.toml")
    for part, model in (("index", HelpIndexPage), *INDEX_PARTS.items()):
        if part in data:
            yield from checked_texts(f"index.toml [{part}]", fill_texts(holder(model), data[part]))


def page_sources() -> list[PageSource]:
    sources = []
    for kind, folder in FOLDERS.items():
        for path in sorted((CONTENT_DIR / folder).glob("*.toml")):
            sources.append(PageSource(path, read(path), kind))
    kinds = list(FOLDERS)
    return sorted(sources, key=lambda s: (kinds.index(s.kind), s.order, s.path.name))


def problem_structure(source: PageSource, causes: set[str]) -> list[str]:
    """What a problem file's structure may get wrong: its stage, and each entry's kind, program, code (written
    one way: 0x800CCC92, or an SMTP reply code such as 550 5.7.1 for the server's reply) and cause."""
    problems = []
    name = source.path.name
    if source.data.get("stage") not in Stage.values:
        problems.append(f"{name}: stage must be one of {', '.join(Stage.values)}")
    programs = {kind for kind, _label in ProblemStep._meta.get_field("program").choices}
    for number, step in enumerate(source.data.get("steps", []), start=1):
        kind = step.get("kind")
        if kind not in ProblemStepKind.values:
            problems.append(f"{name}, step {number}: kind must be one of {', '.join(ProblemStepKind.values)}")
        elif kind == ProblemStepKind.CAUSE and step.get("cause") not in causes:
            problems.append(f"{name}, step {number}: no cause file has the slug “{step.get('cause')}”")
        elif kind == ProblemStepKind.MESSAGE and step.get("program") not in programs:
            problems.append(f"{name}, step {number}: program must be one of {', '.join(sorted(programs))}")
        elif kind == ProblemStepKind.MESSAGE and step.get("code"):
            code, written = step["code"], normal_message_code(step["program"], step["code"])
            if code != written:
                expected = f"written “{written}”" if written else "not a code of this program (or reply)"
                problems.append(f"{name}, step {number}: code “{code}” is {expected}")
    return problems


# content/settings.toml's layout, read by the loader and written by dump_content: its top-level keys, its
# table of each server (key -> the record's `<server>_<key>` field) and its [rules].
RECORD_KEYS = (
    "name",
    "domains",
    "username_form",
    "authentication",
    "smtp_auth_required",
    "closed_ports",
    "access_url",
    "webmail_url",
    "support_url",
    "language_domains",  # a table in the file: language code -> domain
)
RECORD_SERVERS = {
    "imap": ("host", "port", "security"),
    "pop3": ("host", "port", "security"),
    "smtp": ("host", "port", "security", "ssl_port", "alt_port"),
}
RECORD_RULES = (
    "free_messages_per_hour",
    "free_messages_per_minute",
    "min_poll_minutes",
    "inactive_months",
    "premium_unlock_business_days",
)
# The record's fields the file sets (and content releases bring).
RECORD_FIELDS = (
    *RECORD_KEYS,
    *RECORD_RULES,
    *(f"{server}_{key}" for server, keys in RECORD_SERVERS.items() for key in keys),
)


def record_fields(data: dict) -> dict:
    """Model field values of the server-settings record from content/settings.toml."""
    fields = {
        "name": data["name"],
        "domains": "\n".join(data["domains"]),
        "username_form": data.get("username_form", "address"),
        "authentication": data.get("authentication", "password"),
        "smtp_auth_required": data.get("smtp_auth_required", True),
        "closed_ports": ", ".join(str(p) for p in data.get("closed_ports", [])),
        "access_url": data["access_url"],
        "webmail_url": data.get("webmail_url", "https://email.{domain}/"),
        "support_url": data.get("support_url", ""),
        "language_domains": "\n".join(f"{code} {domain}" for code, domain in data.get("language_domains", {}).items()),
        **data["rules"],
    }
    for proto in RECORD_SERVERS:
        for key, value in data[proto].items():
            fields[f"{proto}_{key}"] = value
    return fields


def shipped_record():
    """The record content/settings.toml describes, unsaved (for checking files without a database)."""
    return ServerSettings(**record_fields(read(CONTENT_DIR / "settings.toml")))


def file_problems(sources, record) -> list[str]:
    """Every problem of the shipped files: unknown tokens, literal values, bad step structure."""
    index = read(CONTENT_DIR / "index.toml")
    singles = {index[part]["slug"] for part in ("index", *INDEX_PARTS) if part in index}
    pages = {source.slug for source in sources} | singles
    problems = []
    causes = {source.slug for source in sources if source.kind == "cause"}
    slugs = {key: {source.slug for source in sources if source.kind == kind} for key, kind in SLUG_KEYS.items()}
    for part, model in INDEX_PARTS.items():  # the settings page's and the hub's questions
        if part in index:
            problems += bound_problems(f"index.toml [{part}]", fill_texts(holder(model), index[part]))
    for source in sources:
        if source.kind == "problem":
            problems += problem_structure(source, causes)
        try:
            problems += bound_problems(source.path.name, source.instances()[0])
        except ContentError:
            pass  # a file the texts cannot be read from: reported with its texts below
        for key, known in slugs.items():
            if key in source.data and source.data[key] not in known:
                problems.append(f"{source.path.name}: no {key} file has the slug “{source.data[key]}”")
    if (CONTENT_DIR / "links.toml").exists():
        sections = {source.slug: section_ids(source.data.get("steps", [])) for source in sources}
        problems += link_problems(read_links(), pages, sections)
    files = [("index.toml", index_texts)] + [(source.path.name, source.texts) for source in sources]
    for name, texts in files:
        try:
            for where, field, lang, text, tokens_allowed in texts():
                for problem in text_problems(text, record, tokens_allowed, pages, field, lang):
                    problems.append(f"{where}, {build_localized_fieldname(field, lang)}: {problem}")
        except (ContentError, KeyError) as exc:
            problems.append(f"{name}: {exc}")
    return problems


def read_links() -> list[dict]:
    """content/links.toml's stable links: key, page (a slug of content/), anchor, purpose. A content folder
    without the file ships none (the tests' planted folders)."""
    path = CONTENT_DIR / "links.toml"
    links = read(path).get("links", []) if path.exists() else []
    if not isinstance(links, list) or not all(isinstance(link, dict) for link in links):
        raise ContentError("links.toml: write each link as a [[links]] table")
    return links


def section_ids(steps: list[dict]) -> set[str]:
    """The ids a page's headings get (guides/rendering.py: `section-<n>`, n counting the page's sections, the
    one before the first heading too when steps come before it)."""
    kinds = [step.get("kind") for step in steps]
    before = 1 if kinds and kinds[0] != "heading" else 0
    return {f"section-{before + number}" for number in range(1, kinds.count("heading") + 1)}


def link_problems(links: list[dict], pages: set[str], sections: dict[str, set[str]] | None = None) -> list[str]:
    """What content/links.toml and content/old-site.toml may get wrong: a key written otherwise than keys
    are, twice, naming no page of content/, a bad anchor (or a `section-<n>` its page's file does not have);
    an old address leading to a key links.toml lacks."""
    problems, keys = [], set()
    for number, link in enumerate(links, start=1):
        where = f"links.toml, link {number}"
        key, page, anchor = link.get("key"), link.get("page"), link.get("anchor", "")
        if set(link) - LINK_KEYS:
            problems.append(f"{where}: unknown field(s) {sorted(set(link) - LINK_KEYS)}")
        if not isinstance(key, str) or not is_key(key):
            problems.append(f"{where}: key “{key}” is not lower-case letters, digits and single hyphens (at most 64)")
        elif key in keys:
            problems.append(f"{where}: key “{key}” is listed twice")
        keys.add(key)
        if page not in pages:
            problems.append(f"{where}: no page of content/ has the slug “{page}”")
        well_formed = isinstance(anchor, str) and len(anchor) <= ANCHOR_MAX_LENGTH and ANCHOR_RE.fullmatch(anchor)
        if anchor and not well_formed:
            problems.append(f"{where}: anchor “{anchor}” is not an id such as section-2")
        elif anchor.startswith("section-") and sections and page in sections and anchor not in sections[page]:
            problems.append(f"{where}: the page “{page}” has no heading with the id “{anchor}”")
    try:
        old = old_site_map()
    except OldSiteError as exc:
        return [*problems, str(exc)]
    for table, entries in old.items():
        for name, key in entries.items():
            if key not in keys:
                problems.append(f"old-site.toml [{table}] {name}: no link of links.toml has the key “{key}”")
    return problems
