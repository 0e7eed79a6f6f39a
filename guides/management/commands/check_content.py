"""Drift check: list every stored text that types a server value instead of referencing it.

Exits non-zero when any text, in any language, contains a literal host, port or rule number of
its settings record, or an unknown token; also when a stable link leads to no live page, or an old site's
address (content/old-site.toml) to no stable link. `--files` checks content/*.toml instead of the database.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from guides.content import ContentError, file_problems, page_sources, shipped_record
from guides.links.old_site import old_site_map
from guides.models import HelpIndexPage, StableLink
from guides.texts import walk_page
from guides.values import text_problems


def stored_problems():
    """(place, problem) for every text stored in the database, page by page, step by step."""
    for index in HelpIndexPage.objects.select_related("server_settings"):
        record = index.server_settings
        pages = index.link_slugs()
        for page in index.get_descendants(inclusive=True).specific():
            with translation.override(settings.MODELTRANSLATION_DEFAULT_LANGUAGE):
                place = f"{page.title} ({page.get_url() or page.url_path})"
            for text in walk_page(page):
                if not text.checked:
                    continue
                where = place if text.step is None else f"{place} step {text.step}"
                for lang, name, value in text.values():
                    for problem in text_problems(value, record, text.tokens, pages, text.field, lang):
                        yield f"{where}, {name}", problem


def stored_link_problems():
    """(place, problem) for each stable link without a live page and each old address without its link."""
    links = StableLink.objects.select_related("page").order_by("key")
    for link in links:
        if link.page is None or not link.page.live:
            yield str(link), "leads to no live page (readers land on the help index)"
    keys = {link.key for link in links}
    for table, entries in old_site_map().items():
        for name, key in entries.items():
            if key not in keys:
                yield f"old-site.toml [{table}] {name}", f"no stable link has the key “{key}” (readers land on search)"


class Command(BaseCommand):
    help = "List every text containing a literal host, port or rule number, or an unknown token."

    def add_arguments(self, parser):
        parser.add_argument("--files", action="store_true", help="Check content/*.toml instead of the database.")

    def handle(self, *args, **options):
        with translation.override("en"):  # operators' output, whatever language was active
            self.report(**options)

    def report(self, files=False, **options):
        if files:
            try:
                problems = file_problems(page_sources(), shipped_record())
            except ContentError as exc:
                raise CommandError(str(exc)) from exc
            source = "content files"
        else:
            problems = [f"{place}: {problem}" for place, problem in (*stored_problems(), *stored_link_problems())]
            source = "stored texts"
        for problem in problems:
            self.stdout.write(problem)
        if problems:
            raise CommandError(f"{len(problems)} problem(s) in the {source}.")
        self.stdout.write(self.style.SUCCESS(f"No literal values or unknown tokens in the {source}."))
