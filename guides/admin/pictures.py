"""Real screenshots ("picture" steps) that may show old values: a picture whose section uses values of
the settings record that have changed since the picture was uploaded. The editor is warned; drawn
program windows (guides/rendering.py) never need this, they follow the record."""

from __future__ import annotations

from dataclasses import dataclass

from ..sections import build_sections
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


def references_in(steps) -> set[str]:
    found = set()
    for step in steps:
        if step.value_ref:
            found.add(step.value_ref)
        for text in (step.text, step.target):
            found |= {m.group(1) for m in TOKEN_RE.finditer(text or "") if m.group(1) in REFERENCES}
    return found


def record_as_of(record, moment):
    """The record as it was saved last at or before `moment` (None if it had no revision yet)."""
    revision = record.revisions.filter(created_at__lte=moment).order_by("-created_at", "-pk").first()
    return revision.as_object() if revision else None


def stale_pictures(page, record) -> list[StalePicture]:
    stale = []
    for section in build_sections(list(page.steps.all().select_related("image"))):
        steps = section_steps(section)
        pictures = [s for s in steps if s.kind == "picture" and s.image_id]
        refs = sorted(ref for ref in references_in(steps) if REFERENCES[ref].field or REFERENCES[ref].fixed)
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
