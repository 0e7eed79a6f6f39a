"""Content releases: shipped corrections of content/*.toml reaching a running site as revisions.

A page's *form* is what a content file can say about it, column by column: its attributes (a guide's
program, a problem's stage, …), every language's column of every text it declares (guides/texts.py), and
the same for each of its steps in order. Images, slugs and a page's place in the tree are not in it: a
release never touches them.

For each page a file describes, `LoadedRelease` keeps the form the last release brought and the revision
it published (or offered). On the next load of a changed file (load_content):
- the page untouched since (that revision is still both its live and its latest revision) gets the new
  form published as a revision of its own, logged as "Content release <id>" in its history;
- a page editors or translators changed since gets a draft revision: the live page with what the release
  changes (`merged`), and a `ReleaseConflict` (command output, Reports › Content release conflicts) with the difference;
  the live page and the earlier revisions stay as they were.
Pages loaded before releases were recorded count as untouched when they have their one loaded revision.

Translation state stays true per text: a text whose translation the release changes together with its
Latvian source is recorded as translated from the new source; a Latvian change that the release does
not translate leaves the translations stale, as an editor's change would.
"""

from __future__ import annotations

import difflib
import hashlib
import json

from django.conf import settings
from modeltranslation.utils import build_localized_fieldname
from wagtail.log_actions import log

from .content import FILE_KEYS, RECORD_FIELDS
from .texts import text_fields

LANGUAGES = tuple(settings.MODELTRANSLATION_LANGUAGES)
RELEASE_ACTION = "guides.content_release"
STEP_ATTRIBUTES = ("kind", "value_ref")
PROBLEM_STEP_ATTRIBUTES = ("program", "code", "english_in", "source", "cause_id")


def release_id(root) -> str:
    """The release of the files under `root`: a digest of every content file, their names included."""
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.toml")):
        digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


def columns(obj, attributes) -> dict:
    values = {name: getattr(obj, name) for name in attributes}
    for spec in text_fields(type(obj)):
        for lang in LANGUAGES:
            column = build_localized_fieldname(spec.name, lang)
            values[column] = getattr(obj, column) or ""
    return values


def form_of(kind: str, page, steps) -> dict:
    step_attributes = STEP_ATTRIBUTES + (PROBLEM_STEP_ATTRIBUTES if kind == "problem" else ())
    return {
        "page": columns(page, tuple(FILE_KEYS[kind].values())),
        "steps": [columns(step, step_attributes) for step in steps],
    }


def steps_of(page) -> list:
    return list(page.steps.all()) if hasattr(page, "steps") else []  # a topic has none


def record_form(record) -> dict:
    """The settings record's form: the values content/settings.toml sets (a record has no steps)."""
    return {"page": {name: getattr(record, name) for name in RECORD_FIELDS}, "steps": []}


def live_form(kind: str, page) -> dict:
    return form_of(kind, page, steps_of(page))


def digest(form: dict) -> str:
    return hashlib.sha256(json.dumps(form, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def lines(form: dict) -> list[str]:
    out = [f"{name}: {value}" for name, value in form["page"].items() if value not in ("", None)]
    for number, step in enumerate(form["steps"], start=1):
        out += [f"step {number} {name}: {value}" for name, value in step.items() if value not in ("", None)]
    return out


def difference(live: dict, release: dict) -> str:
    """What the release would change on the live page, as a unified diff of their forms."""
    return "\n".join(difflib.unified_diff(lines(live), lines(release), "live", "release", lineterm="", n=0))


def apply(page, form: dict, step_model) -> None:
    """Put `form` on the live page object in memory: its own columns, then the steps by position (the
    ones that exist keep their ids, and with them their translation states and pictures)."""
    for name, value in form["page"].items():
        setattr(page, name, value)
    if step_model is None:
        return
    steps = steps_of(page)
    for number, values in enumerate(form["steps"], start=1):
        if number > len(steps):
            steps.append(step_model())
        step = steps[number - 1]
        for name, value in values.items():
            setattr(step, name, value)
        step.sort_order = number
    page.steps = steps[: len(form["steps"])]


def merged(base: dict | None, live: dict, release: dict) -> dict:
    """The release on top of the live page, for the draft of a conflict: each column the release changes
    (against the form the previous release brought) takes the release's value, every other keeps the
    live one. Without a previous form, the release as it is."""
    if base is None:
        return release

    def columns(old, now, new):
        return {name: value if value != old.get(name) else now.get(name, value) for name, value in new.items()}

    page = columns(base["page"], live["page"], release["page"])
    old, now, new = base["steps"], live["steps"], release["steps"]
    if len(new) == len(old):  # the release keeps the steps: the live ones, with its changes to those it had
        steps = [columns(old[i], now[i], new[i]) if i < len(old) else now[i] for i in range(len(now))]
    else:  # the release adds or removes steps: its steps, keeping live changes where all three have one
        steps = [columns(old[i], now[i], new[i]) if i < min(len(old), len(now)) else new[i] for i in range(len(new))]
    return {"page": page, "steps": steps}


def untouched(page, loaded) -> bool:
    """Nobody changed the page since the last release brought it (or, before releases were recorded,
    since it was loaded)."""
    if loaded is not None:
        return loaded.revision_id is not None and page.live_revision_id == page.latest_revision_id == loaded.revision_id
    return page.live_revision_id == page.latest_revision_id and page.revisions.count() == 1


def translated_texts(before: dict, after: dict) -> list[tuple[int | None, str, str]]:
    """(step number or None, field, language) of each text whose Latvian source and translation the
    release both change: the translation was made for the new source."""
    source = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    found = []
    parts = [(None, before["page"], after["page"])] + [
        (number, old, new)
        for number, (old, new) in enumerate(zip(before["steps"], after["steps"], strict=False), start=1)
    ]
    for number, old, new in parts:
        for name in new:
            if not name.endswith(f"_{source}") or old.get(name) == new[name]:
                continue
            field = name[: -len(source) - 1]
            for lang in LANGUAGES:
                column = build_localized_fieldname(field, lang)
                if lang != source and new.get(column) and new.get(column) != old.get(column):
                    found.append((number, field, lang))
    return found


def log_release(page, revision, release: str, outcome: str) -> None:
    log(instance=page, action=RELEASE_ACTION, revision=revision, data={"release": release, "outcome": outcome})
