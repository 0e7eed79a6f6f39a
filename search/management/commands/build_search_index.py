"""`manage.py build_search_index`: the search index of every language, built (or brought up to date) into
SEARCH_INDEX_DIR before the workers start, so that no reader's search waits for it after a deploy."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation

from search import shared
from search.index import index_for


class Command(BaseCommand):
    help = "Build the search index of every language into SEARCH_INDEX_DIR (run at deploy, after load_content)."

    def handle(self, *args, **options):
        folder = shared.root()
        if folder is None:
            self.stdout.write("SEARCH_INDEX_DIR is empty: each worker builds its own index on its first search.")
            return
        for lang, _name in settings.LANGUAGES:
            started = time.perf_counter()
            with translation.override(lang):
                index = index_for(lang)
            self.stdout.write(
                f"{lang}: {len(index.documents)} pages indexed in {time.perf_counter() - started:.1f} s", ending="\n"
            )
            self.stdout.flush()
        self.stdout.write(f"Search index ready in {folder}")
