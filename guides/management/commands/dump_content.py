"""Write the database's content back to content/*.toml, in the format load_content reads.

For operators: review production content in a diff against the repository, or keep a readable backup.
`load_content` of a dump reproduces the site; a dump of a freshly loaded site says what the shipped files
say (tests/guides/test_dump_content.py). What the files cannot say is left out and reported: pictures,
and pages that are not in a content folder's kind.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import tomli_w
from django.core.management.base import BaseCommand, CommandError
from modeltranslation.utils import build_localized_fieldname

from guides.content import (
    CONTENT_DIR,
    FILE_KEYS,
    FOLDERS,
    INDEX_PARTS,
    LANGUAGES,
    PAGE_MODELS,
    RECORD_RULES,
    RECORD_SERVERS,
    SLUG_KEYS,
)
from guides.links.old_site import OLD_SITE_FILE
from guides.models import HelpIndexPage, ServerSettings, StableLink
from guides.texts import text_fields


def value(v, lines: bool = False) -> str:
    """A TOML value, escaped by tomli-w; a text read line by line (`lines`) as a multi-line string."""
    return tomli_w.dumps({"v": v}, multiline_strings=lines).split("=", 1)[1].strip()


def texts_of(obj) -> dict[str, dict[str, str]]:
    """field -> {language: text} of every non-empty text the object declares."""
    found = {}
    for spec in text_fields(type(obj)):
        table = {}
        for lang in LANGUAGES:
            text = getattr(obj, build_localized_fieldname(spec.name, lang)) or ""
            if text:
                table[lang] = text
        if table:
            found[spec.name] = table
    return found


def table_lines(header: str, table: dict[str, str], lines: bool = False) -> list[str]:
    return ["", f"[{header}]", *(f"{lang} = {value(text, lines)}" for lang, text in table.items())]


def line_fields(obj) -> set[str]:
    """The object's texts read line by line (the preconditions, the questions readers ask): written as
    multi-line strings, one item a line, as content/ holds them."""
    return {spec.name for spec in text_fields(type(obj)) if spec.lines}


def slug_value(page):
    slugs = {lang: getattr(page, build_localized_fieldname("slug", lang)) or page.slug for lang in LANGUAGES}
    return page.slug if set(slugs.values()) == {page.slug} else slugs


class Command(BaseCommand):
    help = "Write the help center's content to content/ (or --to DIR) in the format load_content reads."

    def add_arguments(self, parser):
        parser.add_argument("--to", type=Path, default=CONTENT_DIR, help="Folder to write (default: content/).")

    def handle(self, *args, to, **options):
        index = HelpIndexPage.objects.first()
        record = ServerSettings.objects.order_by("pk").first()
        if index is None or record is None:
            raise CommandError("Nothing to dump: no help index or settings record (run load_content first).")
        self.pictures = 0
        to.mkdir(parents=True, exist_ok=True)
        self.write(to / "settings.toml", self.record_lines(record))
        self.write(to / "index.toml", self.index_lines(index))
        self.write(to / "links.toml", self.link_lines())
        if to.resolve() != OLD_SITE_FILE.parent.resolve():
            shutil.copyfile(OLD_SITE_FILE, to / OLD_SITE_FILE.name)  # a frozen contract, never in the database
        written = 4
        for kind, folder in FOLDERS.items():
            (to / folder).mkdir(exist_ok=True)
            page_model = PAGE_MODELS[kind][0]
            pages = page_model.objects.child_of(index).order_by("path")
            for position, page in enumerate(pages, start=1):
                self.write(to / folder / f"{page.slug}.toml", self.page_lines(kind, page, position * 10))
                written += 1
        self.stdout.write(self.style.SUCCESS(f"Wrote {written} files to {to}."))
        if self.pictures:
            self.stdout.write(f"  left out: {self.pictures} pictures (the files cannot hold them)")

    def write(self, path: Path, lines: list[str]) -> None:
        path.write_text("\n".join(lines).lstrip("\n") + "\n", encoding="utf-8")

    def link_lines(self) -> list[str]:
        """The stable links: a link whose page is gone is left out (load_content could not place it)."""
        lines = []
        for link in StableLink.objects.select_related("page").exclude(page=None).order_by("pk"):
            lines += ["", "[[links]]", f"key = {value(link.key)}", f"page = {value(link.page.slug)}"]
            if link.anchor:
                lines.append(f"anchor = {value(link.anchor)}")
            if link.purpose:
                lines.append(f"purpose = {value(link.purpose)}")
        return lines

    def record_lines(self, record) -> list[str]:
        lines = [
            f"name = {value(record.name)}",
            f"domains = {value([d for d in record.domains.split() if d])}",
            f"username_form = {value(record.username_form)}",
            f"authentication = {value(record.authentication)}",
            f"smtp_auth_required = {value(record.smtp_auth_required)}",
            f"closed_ports = {value([int(p) for p in record.closed_ports.replace(',', ' ').split()])}",
            f"access_url = {value(record.access_url)}",
            f"webmail_url = {value(record.webmail_url)}",
            f"support_url = {value(record.support_url)}",
        ]
        if record.language_domain_map:
            lines += ["", "[language_domains]", *(f"{c} = {value(d)}" for c, d in record.language_domain_map.items())]
        for proto, keys in RECORD_SERVERS.items():
            lines += ["", f"[{proto}]", *(f"{key} = {value(getattr(record, f'{proto}_{key}'))}" for key in keys)]
        lines += ["", "[rules]", *(f"{key} = {value(getattr(record, key))}" for key in RECORD_RULES)]
        return lines

    def index_lines(self, index) -> list[str]:
        lines = ["[index]", f"slug = {value(slug_value(index))}"]
        if index.access_page_id:
            lines.append(f"access_page = {value(index.access_page.slug)}")
        for field, table in texts_of(index).items():
            lines += table_lines(f"index.{field}", table, field in line_fields(index))
        for part, model in INDEX_PARTS.items():
            page = model.objects.child_of(index).first()
            if page is None:
                continue
            lines += ["", f"[{part}]", f"slug = {value(slug_value(page))}"]
            for field, table in texts_of(page).items():
                lines += table_lines(f"{part}.{field}", table, field in line_fields(page))
        return lines

    def page_lines(self, kind, page, order) -> list[str]:
        lines = [f"slug = {value(slug_value(page))}", f"order = {order}"]
        for key, field in FILE_KEYS[kind].items():
            if key in SLUG_KEYS:  # another page, by its slug
                named = getattr(page, field.removesuffix("_id"))
                if named is not None:
                    lines.append(f"{key} = {value(named.slug)}")
            else:
                lines.append(f"{key} = {value(getattr(page, field))}")
        for field, table in texts_of(page).items():
            lines += table_lines(field, table, field in line_fields(page))
        for step in page.steps.all() if hasattr(page, "steps") else ():
            lines += ["", "[[steps]]", f"kind = {value(step.kind)}"]
            if step.value_ref:
                lines.append(f"value = {value(step.value_ref)}")
            if kind == "problem":
                lines += [
                    f"program = {value(step.program)}",
                    f"code = {value(step.code)}",
                    f"english_in = {value(step.english_in.split())}",
                    f"source = {value(step.source)}",
                ]
                if step.cause_id:
                    lines.append(f"cause = {value(step.cause.slug)}")
            if step.image_id:
                self.pictures += 1
            for field, table in texts_of(step).items():
                lines += [f"{field}.{lang} = {value(text)}" for lang, text in table.items()]
        return lines
