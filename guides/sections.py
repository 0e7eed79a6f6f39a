"""Group a page's ordered steps into what the template shows: sections under headings, and in each
section numbered runs of steps, paragraphs, lists, call-outs and version blocks.

Numbering restarts under every heading. A note, warning or picture right after a numbered step
belongs to that step; a paragraph or list ends the run. A program window ("screen" step) is drawn from
the numbered steps after it, up to its first button (pressing one leaves the window), the next window
or the next heading: they are its controls.

Steps of a program version (a guide step's `version`) in a row are one group of version blocks: each
version's steps, in their order, numbered on from the steps before the group (a reader follows one
version); the steps after the group go on from the longest version. A window stays inside its block.
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
    kind: str  # "steps", "versions", or the kind of a single unnumbered step
    step: object = None
    items: list[NumberedItem] = field(default_factory=list)  # a run's steps, or a window's controls
    versions: list[VersionBlock] = field(default_factory=list)  # a "versions" group's blocks

    @property
    def start(self) -> int:
        return self.items[0].number if self.items else 1


@dataclass
class Run:
    """Where steps are placed in order: a section, or one version's block."""

    blocks: list[Block] = field(default_factory=list)
    number: int = 0
    window: Block | None = None

    def last_block(self, kind):
        return self.blocks[-1] if self.blocks and self.blocks[-1].kind == kind else None

    def place(self, step) -> None:
        if step.kind == "screen":
            self.window = Block("screen", step=step)
            self.blocks.append(self.window)
        elif step.numbered:
            self.number += 1
            run = self.last_block("steps")
            if run is None:
                run = Block("steps")
                self.blocks.append(run)
            run.items.append(NumberedItem(step, self.number))
            if self.window is not None:
                self.window.items.append(run.items[-1])
                if step.kind == "press":
                    self.window = None
        elif step.kind in ATTACHED_KINDS and self.last_block("steps"):
            self.blocks[-1].items[-1].extras.append(step)
        else:
            self.blocks.append(Block(step.kind, step=step))


@dataclass
class VersionBlock(Run):
    key: str = ""  # the same in every language
    label: str = ""  # in the page's language


@dataclass
class Section(Run):
    heading: object = None


def build_sections(steps) -> list[Section]:
    sections = [Section()]
    for step in steps:
        section = sections[-1]
        key = getattr(step, "version_key", "")
        group = section.last_block("versions")
        if step.kind == "heading":
            sections.append(Section(heading=step))
        elif key:
            if group is None:
                group = Block("versions")
                section.blocks.append(group)
                section.window = None
            block = next((v for v in group.versions if v.key == key), None)
            if block is None:
                block = VersionBlock(number=section.number, key=key, label=step.version)
                group.versions.append(block)
            block.place(step)
        else:
            if group is not None:
                section.number = max(v.number for v in group.versions)
            section.place(step)
    return [s for s in sections if s.heading or s.blocks]


def versions_of(sections: list[Section]) -> list[VersionBlock]:
    """Each version the page has blocks for, once, in the order they first appear."""
    seen = {}
    for section in sections:
        for block in section.blocks:
            for version in block.versions:
                seen.setdefault(version.key, version)
    return list(seen.values())
