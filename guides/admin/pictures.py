"""Real screenshots ("picture" steps) that may show old values: a picture whose section uses values of
the settings record that have changed since the picture was uploaded. The editor is warned; drawn
program windows (guides/rendering.py) never need this, they follow the record."""

from __future__ import annotations

from dataclasses import dataclass

from ..sections import build_sections
from ..texts import walk_page
from ..values import REFERENCES, TOKEN_RE, MailValues


@dataclass(frozen=True)
class StalePicture:
    title: str
    section: str
    changed: list[str]  # labels of the references whose values changed


def section_steps(section) -> list:
    steps = [section.heading] if section.heading else []
    for block in section.blocks:
        if block.step is not None:
            steps.append(block.step)
        if block.kind == "steps":  # a window's items are the same steps again
            for item in block.items:
                steps += [item.step, *item.extras]
    return steps


def references_by_step(page, steps) -> dict[int, set[str]]:
    """id of each step -> the references it shows: its value and the tokens of its texts."""
    found: dict[int, set[str]] = {id(step): {step.value_ref} - {""} for step in steps}
    for text in walk_page(page, steps):
        if text.step is not None and text.tokens:
            found[id(text.obj)] |= {m.group(1) for m in TOKEN_RE.finditer(text.shown) if m.group(1) in REFERENCES}
    return found


def record_as_of(record, moment):
    """The record as it was saved last at or before `moment` (None if it had no revision yet)."""
    revision = record.revisions.filter(created_at__lte=moment).order_by("-created_at", "-pk").first()
    return revision.as_object() if revision else None


def stale_pictures(page, record) -> list[StalePicture]:
    stale = []
    all_steps = list(page.steps.all().select_related("image"))
    shown = references_by_step(page, all_steps)
    for section in build_sections(all_steps):
        steps = section_steps(section)
        pictures = [s for s in steps if s.kind == "picture" and s.image_id]
        used = set().union(*(shown[id(step)] for step in steps))
        refs = sorted(ref for ref in used if REFERENCES[ref].field or REFERENCES[ref].fixed)
        for picture in pictures:
            then = record_as_of(record, picture.image.created_at)
            if then is None or not refs:
                continue
            changed = [
                str(REFERENCES[ref].label)
                for ref in refs
                if MailValues(then).value(ref).text != MailValues(record).value(ref).text
            ]
            if changed:
                heading = section.heading.text if section.heading else ""
                stale.append(StalePicture(picture.image.title, heading, changed))
    return stale
