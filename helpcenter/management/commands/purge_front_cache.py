"""`manage.py purge_front_cache [TAG ...]`: every front cache (FRONT_CACHE_PURGE_URLS) forgets what carries
one of the tags, now, without the queue: after a deploy (a new RELEASE_ID makes every page new; the default
tag is the whole site's), or one page by hand (`page-<id>`)."""

import re

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from helpcenter.page_cache.purges import PurgeFailed, purge_tags
from helpcenter.page_cache.tags import SITE_TAG

TAG = re.compile(r"[a-z0-9-]{1,64}")


class Command(BaseCommand):
    help = "Tell every front cache to forget the pages with these tags (default: the whole site)."

    def add_arguments(self, parser):
        parser.add_argument("tags", nargs="*", default=[SITE_TAG], help=f"tags such as {SITE_TAG} or page-12")

    def handle(self, *args, tags, **options):
        if not settings.FRONT_CACHE_PURGE_URLS:
            raise CommandError("FRONT_CACHE_PURGE_URLS is not set: there is no front cache to purge.")
        wrong = [tag for tag in tags if not TAG.fullmatch(tag)]
        if wrong:
            raise CommandError(f"Not a tag: {', '.join(map(repr, wrong))} (lowercase letters, digits and -).")
        try:
            sent = purge_tags.call(tags)
        except PurgeFailed as error:
            raise CommandError(f"The purge failed: {error}") from error
        self.stdout.write(f"{sent} front cache(s) forgot: {' '.join(tags)}")
