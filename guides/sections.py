"""Group a page's ordered steps into what the template shows: sections under headings, and in each
section numbered runs of steps, paragraphs, lists and call-outs.

Numbering restarts under every heading. A note, warning or picture right after a numbered step
belongs to that step; a paragraph or list ends the run. A program window ("screen" step) is drawn from
the numbered steps after it, up to its first button (pressing one leaves the window), the next window
or the next heading: they are its controls.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ATTACHED_KINDS = {"note", "warning", "picture"}


@dataclass
class NumberedItem:
    step: object
    number: int
    extras: list = field(default_factory=list)


@dataclass
class Block:
    kind: str  # "steps", or the kind of a single unnumbered step
    step: object = None
    items: list[NumberedItem] = field(default_factory=list)  # a run's steps, or a window's controls

    @property
    def start(self) -> int:
        return self.items[0].number if self.items else 1


@dataclass
class Section:
    heading: object = None
    blocks: list[Block] = field(default_factory=list)

    def last_block(self, kind):
        return self.blocks[-1] if self.blocks and self.blocks[-1].kind == kind else None


def build_sections(steps) -> list[Section]:
    sections = [Section()]
    number = 0
    window = None
    for step in steps:
        section = sections[-1]
        if step.kind == "heading":
            sections.append(Section(heading=step))
            number, window = 0, None
        elif step.kind == "screen":
            window = Block("screen", step=step)
            section.blocks.append(window)
        elif step.numbered:
            number += 1
            run = section.last_block("steps")
            if run is None:
                run = Block("steps")
                section.blocks.append(run)
            run.items.append(NumberedItem(step, number))
            if window is not None:
                window.items.append(run.items[-1])
                if step.kind == "press":
                    window = None
        elif step.kind in ATTACHED_KINDS and section.last_block("steps"):
            section.blocks[-1].items[-1].extras.append(step)
        else:
            section.blocks.append(Block(step.kind, step=step))
    return [s for s in sections if s.heading or s.blocks]
