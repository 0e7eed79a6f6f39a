"""The HTML built in Python, in one place: values, prose with its tokens, and a page's steps.

Everything else is written in templates. The steps are here for speed: the longest guides have hundreds
of template nodes per step when written as template loops and includes, and every reader's first request
after a publish pays for them. The markup is what guides/templates/guides/includes/sections.html used to
produce; every text goes through render_text (escaping, tokens) and every value through value_html.
"""

from __future__ import annotations

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from .sections import Section
from .values import MailValues, PageLink, Value

TICK_MARKS = {"tick": "☑ ", "untick": "☐ "}
PICTURE_SPEC = "max-800x600"


def value_html(value: Value) -> SafeString:
    """A value as a chip (copy buttons and the reader's own values attach to data-ref)."""
    if value.placeholder:
        return format_html('<var class="value" data-ref="{}">{}</var>', value.key, value.text)
    if value.kind == "url":
        return format_html('<a class="value" data-ref="{}" href="{}">{}</a>', value.key, value.text, value.text)
    return format_html('<code class="value" data-ref="{}">{}</code>', value.key, value.text)


def value_in_picture(value: Value) -> SafeString:
    """The value as a program window drawn on the page shows it: plain text (no link, no copy button)
    that the reader's own values still replace (data-ref)."""
    css = "w-value placeholder" if value.placeholder else "w-value"
    return format_html('<span class="{}" data-ref="{}">{}</span>', css, value.key, value.text)


def render_text(values: MailValues, text: str, links: dict[str, PageLink] | None = None, picture: bool = False):
    """`text` escaped, each `{token}` replaced by its value or page link (unknown ones stay visible).
    In a `picture` (a program window drawn on the page) values and links are plain text."""
    if not text:
        return mark_safe("")
    if "{" not in text:  # most texts: nothing to replace
        return escape(text)
    out = []
    for piece in values.pieces(text, links):
        if isinstance(piece, str):
            out.append(escape(piece))
        elif isinstance(piece, PageLink):
            out.append(escape(piece.title) if picture else format_html('<a href="{}">{}</a>', piece.url, piece.title))
        else:
            out.append(value_in_picture(piece) if picture else value_html(piece))
    return mark_safe("".join(out))


class StepsRenderer:
    """Pieces are joined as strings: every text is escaped by render_text, every value by value_html,
    and the few other strings (kinds, numbers, labels) by escape() here."""

    def __init__(self, values: MailValues, links):
        self.values, self.links = values, links
        self.english = get_language() == "en"
        self.versions_seen = set()  # a version's first block on the page has its id (#version-<key>)

    def text(self, text) -> str:
        return render_text(self.values, text or "", self.links)

    def drawn(self, text) -> str:
        """A text inside a drawn program window: values and links as plain text."""
        return render_text(self.values, text or "", self.links, picture=True)

    def sections(self, sections: list[Section], prefix: str = "section", level: int = 2) -> SafeString:
        """The sections, their headings at `level` with ids `<prefix>-1`, `<prefix>-2`, … (several pages'
        steps on one page, a problem's causes, need prefixes of their own)."""
        return mark_safe(
            "".join(self.section(number, section, prefix, level) for number, section in enumerate(sections, start=1))
        )

    def section(self, number: int, section: Section, prefix: str = "section", level: int = 2) -> str:
        heading = ""
        if section.heading:
            heading = f'<h{level} id="{escape(prefix)}-{number}">{self.text(section.heading.text)}</h{level}>'
        blocks = "".join(self.block(block) for block in section.blocks)
        return f'<section class="steps-section">{heading}{blocks}</section>'

    def block(self, block) -> str:
        if block.kind == "screen":
            return self.window(block)
        if block.kind == "versions":
            return "".join(self.version(version) for version in block.versions)
        if block.kind == "steps":
            start = f' start="{block.start}"' if block.start != 1 else ""
            items = "".join(self.numbered(item) for item in block.items)
            return f'<ol class="steps"{start}>{items}</ol>'
        if block.kind == "paragraph":
            return f"<p>{self.text(block.step.text)}</p>"
        if block.kind == "list":
            lines = "".join(f"<li>{self.text(line)}</li>" for line in block.step.list_items)
            return f'<ul class="bullets">{lines}</ul>'
        return self.extra(block.step)

    def version(self, version) -> str:
        """One version's steps, open and readable without the script, which only hides the versions the
        reader did not choose (static/js/helpcenter.js)."""
        key = escape(version.key)
        anchor = "" if version.key in self.versions_seen else f' id="version-{key}"'
        self.versions_seen.add(version.key)
        title = escape(gettext("Version: %(version)s") % {"version": version.label})
        blocks = "".join(self.block(block) for block in version.blocks)
        summary = f"<summary>{title}</summary>"
        return f'<details class="version" open data-version="{key}"{anchor}>{summary}{blocks}</details>'

    def numbered(self, item) -> str:
        step = item.step
        kind, text, target = escape(step.kind), step.text, step.target
        parts = [f'<li class="step step-{kind}">']
        if text:
            parts.append(self.text(text))
        if target:
            parts.append(self.label(step, target))
        if step.value_ref:
            parts.append(f'<span class="step-value">{value_html(self.values.value(step.value_ref))}</span>')
        parts += [self.extra(extra) for extra in item.extras]
        parts.append("</li>")
        return "".join(parts)

    def window(self, block) -> str:
        """A schematic picture of a program window, drawn from the steps that are its controls, with their
        numbers. Hidden from assistive technology: the numbered steps are its text."""
        step = block.step
        tab = f'<span class="w-tab"{self.en(step)}>{self.drawn(step.target)}</span>' if step.target else ""
        tab = tab and f'<div class="w-tabs">{tab}</div>'
        rows = "".join(self.control(item) for item in block.items)
        return (
            f'<div class="window" aria-hidden="true"><div class="w-title"{self.en(step, "text")}>'
            f'{self.drawn(step.text)}</div>{tab}<div class="w-body">{rows}</div></div>'
        )

    def en(self, step, field="target") -> str:
        """` lang="en"` on a drawn text that is the program's English one on a page in another language
        (the program shows it in English here, or its wording in this language is not written yet)."""
        text = getattr(step, field, "")
        return ' lang="en"' if text and not self.english and text == getattr(step, f"{field}_en", "") else ""

    def control(self, item) -> str:
        step, kind = item.step, item.step.kind
        label = f'<span class="w-label"{self.en(step)}>{self.drawn(step.target)}</span>' if step.target else ""
        value = value_in_picture(self.values.value(step.value_ref)) if step.value_ref else ""
        if kind == "enter":
            body = f'{label}<span class="w-input">{value or "&nbsp;"}</span>'
        elif kind == "choose" and value:
            body = f'{label}<span class="w-select">{value} ▾</span>'
        elif kind == "choose":
            body = f'<span class="w-radio">◉</span>{label}'
        elif kind in TICK_MARKS:
            body = f'<span class="w-box">{TICK_MARKS[kind].strip()}</span>{label}'
        elif kind == "press":
            body = f'<span class="w-button"{self.en(step)}>{self.drawn(step.target)}</span>'
        elif label or value:  # an action: a menu path or a tab
            body = f"{label}{value}"
        else:
            return ""
        return f'<div class="w-row"><span class="w-n">{item.number}</span>{body}</div>'

    def label(self, step, target) -> str:
        """The label as the program shows it in the page's language; where that differs from the English
        version's, the English one follows it, for readers whose program is in English."""
        mark = TICK_MARKS.get(step.kind, "")
        english = "" if self.english else (getattr(step, "target_en", "") or "")
        if english == target:  # the program shows this label in English in this language too
            return f'<span class="ui-label" lang="en">{mark}{self.text(target)}</span>'
        html = f'<span class="ui-label">{mark}{self.text(target)}</span>'
        if english:
            html += f' <span class="ui-label-en" lang="en">({self.text(english)})</span>'
        return html

    def extra(self, step) -> str:
        """A note, warning or picture: on its own, or attached to the numbered step before it."""
        if step.kind == "picture":
            if not step.image:
                return ""
            image = step.image.get_rendition(PICTURE_SPEC).img_tag({"alt": step.image_alt})
            caption = f"<figcaption>{self.text(step.text)}</figcaption>" if step.text else ""
            return f'<figure class="step-picture">{image}{caption}</figure>'
        warning = step.kind == "warning"
        label = escape(gettext("Important") if warning else gettext("Note"))
        role = ' role="note"' if warning else ""
        return (
            f'<aside class="callout callout-{escape(step.kind)}"{role}>'
            f"<strong>{label}:</strong> {self.text(step.text)}</aside>"
        )
