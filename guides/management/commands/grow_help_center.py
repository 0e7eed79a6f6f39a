"""Grow the help center to a given number of guides, for measuring how cost grows with content (search at
scale, `make scale`). Never for a site readers use: it refuses unless DEBUG is on or `--scratch` is given.

Each generated guide copies the kinds, references and words (every language) of the shipped guides'
steps, taken in turn, and gets a title and a program name of its own in every language: a made-up word, so
the vocabulary grows with the pages as a real help center's does. The generated guides are spread over
generated topics (--topics), as editors would group them. Pages are published through revisions,
as editors publish them.
"""

from __future__ import annotations

import itertools
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation
from wagtail.models import ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update

from guides.models import GuidePage, GuideStep, HelpIndexPage, TopicPage

LANGUAGES = [code for code, _name in settings.LANGUAGES]
SYLLABLES = ["ka", "lo", "mi", "tu", "re", "sa", "no", "vi", "pe", "da", "gu", "zo"]
PROGRESS_EVERY = 100


def made_up_word(number: int) -> str:
    """A pronounceable word of its own for every number ("kalomi")."""
    parts = []
    number += len(SYLLABLES) ** 2  # three syllables at least
    while number:
        number, rest = divmod(number, len(SYLLABLES))
        parts.append(SYLLABLES[rest])
    return "".join(parts)


class Command(BaseCommand):
    help = "Add generated guides until the help index holds --guides of them (for measurements only)."

    def add_arguments(self, parser):
        parser.add_argument("--guides", type=int, required=True, help="Guides the help index should hold.")
        parser.add_argument("--steps", type=int, default=20, help="Steps of each generated guide (default 20).")
        parser.add_argument(
            "--topics", type=int, default=20, help="Generated topics the new guides are spread over (default 20)."
        )
        parser.add_argument("--scratch", action="store_true", help="Run even with DEBUG off: a scratch database.")

    def handle(self, *args, guides: int, steps: int, topics: int, scratch: bool, **options):
        if not (settings.DEBUG or scratch):
            raise CommandError(
                "This adds made-up guides: run it on a scratch database (--scratch), never on a live site."
            )
        if not 1 <= steps <= settings.HELPCENTER_MAX_STEPS:
            raise CommandError(f"--steps must be between 1 and {settings.HELPCENTER_MAX_STEPS}.")
        if topics < 1:
            raise CommandError("--topics must be at least 1.")
        index = HelpIndexPage.objects.order_by("path").first()
        if index is None:
            raise CommandError("There is no help index: run load_content first.")
        shipped = list(GuidePage.objects.child_of(index).filter(title_lv__isnull=False).order_by("path"))
        if not shipped:
            raise CommandError("There is no guide to copy: run load_content first.")
        have = GuidePage.objects.child_of(index).count()
        wanted = guides - have
        if wanted <= 0:
            self.stdout.write(f"The help index already holds {have} guides.")
            return
        rows = self.step_rows(shipped)
        started = time.monotonic()
        with translation.override(settings.MODELTRANSLATION_DEFAULT_LANGUAGE), disable_reference_index_auto_update():
            made_topics = self.topics(index, topics)
            for done, number in enumerate(range(have, guides), start=1):
                source = shipped[number % len(shipped)]
                with transaction.atomic():
                    topic = made_topics[number % len(made_topics)]
                    page = self.add_guide(index, source, rows[source.pk], number, steps, topic)
                    ReferenceIndex.create_or_update_for_object(page)
                if done % PROGRESS_EVERY == 0 or done == wanted:
                    rate = done / (time.monotonic() - started)
                    self.stdout.write(f"  {done}/{wanted} guides added ({rate:.0f} a second)")
        self.stdout.write(self.style.SUCCESS(f"The help index holds {guides} guides."))

    def step_rows(self, shipped) -> dict[int, list[dict]]:
        fields = ["kind", "value_ref"] + [
            f"{name}_{lang}" for name in GuideStep.translated_fields for lang in LANGUAGES
        ]
        rows = GuideStep.objects.filter(page__in=shipped).order_by("page_id", "sort_order").values("page_id", *fields)
        return {
            page_id: [dict(r, page_id=None) for r in group]
            for page_id, group in itertools.groupby(rows, key=lambda r: r["page_id"])
        }

    def topics(self, index, wanted: int) -> list[TopicPage]:
        """The generated topics of the help index, made up to `wanted` of them."""
        made = list(TopicPage.objects.child_of(index).filter(slug__startswith="topic-").order_by("path"))
        for number in range(len(made), wanted):
            word = made_up_word(10_000 + number).capitalize()
            topic = TopicPage()
            for lang in LANGUAGES:
                setattr(topic, f"title_{lang}", f"{word} ({lang})")
                setattr(topic, f"slug_{lang}", f"topic-{number}")
            index.add_child(instance=topic)
            topic.save_revision(clean=False).publish()
            made.append(topic)
        return made

    def add_guide(
        self, index, source: GuidePage, rows: list[dict], number: int, steps: int, topic: TopicPage
    ) -> GuidePage:
        word = made_up_word(number).capitalize()
        page = GuidePage(
            topic=topic,
            program=f"{word} Mail",
            program_version=str(number),
            program_kind=source.program_kind,
            platform=source.platform,
            protocol=source.protocol,
        )
        for lang in LANGUAGES:
            setattr(page, f"title_{lang}", f"{word} Mail {number}: {getattr(source, f'title_{lang}') or source.title}")
            setattr(page, f"slug_{lang}", f"{word.lower()}-{number}")
            setattr(page, f"summary_{lang}", getattr(source, f"summary_{lang}"))
        for order in range(steps):
            row = {k: v for k, v in rows[order % len(rows)].items() if k != "page_id"}
            page.steps.add(GuideStep(sort_order=order, **row))
        index.add_child(instance=page)  # validated here, so the revision need not be again
        page.save_revision(clean=False).publish()
        return page
