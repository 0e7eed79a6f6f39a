"""Drift check: list every stored text that types a server value instead of referencing it.

Exits non-zero when any text, in any language, contains a literal host, port or rule number of
its settings record, or an unknown token.  `--files` checks content/*.toml instead of the database.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from guides.content import ContentError, file_problems, page_sources, shipped_record
from guides.models import HelpIndexPage
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
            problems = [f"{place}: {problem}" for place, problem in stored_problems()]
            source = "stored texts"
        for problem in problems:
            self.stdout.write(problem)
        if problems:
            raise CommandError(f"{len(problems)} problem(s) in the {source}.")
        self.stdout.write(self.style.SUCCESS(f"No literal values or unknown tokens in the {source}."))
