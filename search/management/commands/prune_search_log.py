"""Delete the search log's entries older than SEARCH_LOG_DAYS (90) days; run it daily (README)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from search.log import flush_stored_answers, prune


class Command(BaseCommand):
    help = "Delete searches and opened search results older than SEARCH_LOG_DAYS days."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, help=f"keep this many days instead ({settings.SEARCH_LOG_DAYS})")

    def handle(self, *args, days=None, **options):
        if days is not None and days < 0:
            raise CommandError("--days must be 0 or more.")
        flush_stored_answers(force=True)
        kept = settings.SEARCH_LOG_DAYS if days is None else days
        searches, opened = prune(days)
        self.stdout.write(
            f"Search log: {searches} searches and {opened} opened results older than {kept} days deleted."
        )
