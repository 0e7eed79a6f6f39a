"""Load the shipped content: the settings record, the help index, its topics, the guides, the articles,
and the troubleshooting hub with its causes and problems.

Idempotent, and never overwrites editors' work: what is missing is created; a page whose file (or
section of content/index.toml) changed since the last load is a content release (guides/releases.py): published
where nobody changed the page since, offered as a draft and listed as a conflict where someone did.
`--dry-run` says what would happen and changes nothing. `--reload` deletes the help center and loads
everything from the files again.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation
from wagtail.models import Page, ReferenceIndex, Site
from wagtail.signal_handlers import disable_reference_index_auto_update

from guides.content import (
    CONTENT_DIR,
    FILE_KEYS,
    INDEX_PAGES,
    INDEX_PARTS,
    PAGE_MODELS,
    REQUIRED_FILE_KEYS,
    SLUG_KEYS,
    ContentError,
    PageSource,
    file_problems,
    fill_texts,
    holder,
    page_sources,
    read,
    read_links,
    record_fields,
    set_slug,
)
from guides.models import (
    CausePage,
    HelpIndexPage,
    LoadedRelease,
    ProblemStepKind,
    ReleaseConflict,
    ServerSettings,
    StableLink,
)
from guides.releases import (
    apply,
    difference,
    digest,
    form_of,
    live_form,
    log_release,
    merged,
    record_form,
    release_id,
    translated_texts,
    untouched,
)
from guides.texts import walk_page
from guides.translations.tracking import record_translation


class Command(BaseCommand):
    help = "Create the shipped help-center content that does not exist yet (--reload: from scratch)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reload", action="store_true", help="Delete the help center and its settings record, then load anew."
        )
        parser.add_argument("--dry-run", action="store_true", help="Say what would happen; change nothing.")

    def handle(self, *args, reload=False, dry_run=False, **options):
        self.release = release_id(CONTENT_DIR)
        self.dry_run = dry_run
        self.conflicts = []
        # Wagtail re-indexes a page's references on every save of one of its steps (quadratic in the steps:
        # half the load's time); each created object is indexed once at the end instead.
        self.created = []
        try:
            # The source language is active, so untranslated columns are written in Latvian.
            with (
                transaction.atomic(),
                translation.override(settings.MODELTRANSLATION_DEFAULT_LANGUAGE),
                disable_reference_index_auto_update(),
            ):
                if reload:
                    self.delete_all()
                record = self.load_record()
                sources = page_sources()
                with translation.override("en"):
                    problems = file_problems(sources, record)
                if problems:
                    raise ContentError("\n".join(problems))
                index, created = self.load_index(record)
                for part, model in INDEX_PARTS.items():
                    self.load_single(index, part, model)
                for source in sources:
                    self.load_page(index, source)
                self.load_links(index)
                if created:
                    self.link_access_page(index)
                    live_revision = HelpIndexPage.objects.get(pk=index.pk).live_revision  # after the access page's
                    self.remember(index, self.index_form(self.index_source("index")), live_revision)
                for obj in self.created:
                    ReferenceIndex.create_or_update_for_object(obj)
                if dry_run:
                    transaction.set_rollback(True)
        except (ContentError, KeyError, ValidationError) as exc:
            raise CommandError(f"Content not loaded, nothing changed: {exc}") from exc
        for shown, diff in self.conflicts:
            self.stdout.write(self.style.WARNING(f"Conflict: {shown}, changed by editors:"))
            self.stdout.write(diff)
        if dry_run:
            self.stdout.write(self.style.SUCCESS(f"Dry run of content release {self.release}: nothing changed."))
        else:
            self.stdout.write(self.style.SUCCESS(f"Content loaded (release {self.release})."))

    def say(self, message):
        self.stdout.write(f"  {'(dry run) ' if self.dry_run else ''}{message}")

    def delete_all(self):
        for index in HelpIndexPage.objects.all():
            self.say(f"deleting {index.title} and its pages")
            index.delete()
        for record in ServerSettings.objects.all():
            record.delete()
        StableLink.objects.all().delete()

    def load_record(self):
        """The settings record: created from content/settings.toml, or the file's values released to it as
        they are to pages (published where nobody changed the record since, else a draft and a conflict)."""
        shipped = ServerSettings(**record_fields(read(CONTENT_DIR / "settings.toml")), live=False)
        shipped.full_clean()
        form = record_form(shipped)
        record = ServerSettings.objects.order_by("pk").first()
        if record:
            self.release_record(record, form)
            return ServerSettings.objects.get(pk=record.pk)
        record = shipped
        record.save()
        revision = record.save_revision(log_action=True)
        revision.publish()  # logged, so history can restore it
        self.created.append(record)
        self.remember_record(record, form, revision)
        self.say(f"server settings: created and published “{record}”")
        return record

    def remember_record(self, record, form, revision):
        LoadedRelease.objects.update_or_create(
            record=record,
            defaults={"release": self.release, "digest": digest(form), "form": form, "revision": revision},
        )

    def release_record(self, record, form):
        loaded = LoadedRelease.objects.filter(record=record).first()
        live = record_form(record)
        if (loaded.digest if loaded else digest(live)) == digest(form):
            if loaded is None:
                self.remember_record(record, form, record.live_revision)
            self.say(f"server settings: kept “{record}” (unchanged)")
            return
        if loaded is not None:
            revision_id = loaded.revision_id
            untouched = bool(revision_id) and record.live_revision_id == record.latest_revision_id == revision_id
        else:
            untouched = record.live_revision_id == record.latest_revision_id and record.revisions.count() == 1
        wanted = form if untouched else merged(loaded.form if loaded else None, live, form)
        for name, value in wanted["page"].items():
            setattr(record, name, value)
        record.full_clean()
        revision = record.save_revision()
        if untouched:
            revision.publish()
            log_release(record, revision, self.release, "published")
            self.say(f"server settings: release {self.release} published")
        else:
            log_release(record, revision, self.release, "draft")
            diff = difference(live, wanted)
            ReleaseConflict.objects.create(record=record, release=self.release, revision=revision, difference=diff)
            self.conflicts.append((f"{record} (server settings)", diff))
            self.say(
                f"server settings: changed in the admin since the last release; release {self.release} saved as a draft"
            )
        self.remember_record(record, form, revision)

    def fix_root(self):
        """Wagtail's first pages predate the language columns: fill them in once (see README)."""
        root = Page.get_first_root_node()
        if not root.url_path_lv:
            call_command("update_translation_fields", verbosity=0)
            call_command("set_translation_url_paths", verbosity=0)
            root.refresh_from_db()
        return root

    def index_source(self, part) -> PageSource:
        return PageSource(CONTENT_DIR / "index.toml", read(CONTENT_DIR / "index.toml")[part], part)

    def index_form(self, source: PageSource) -> dict:
        """The form content/index.toml gives the page of its section: its texts."""
        return form_of(source.kind, fill_texts(holder(INDEX_PAGES[source.kind]), source.data), [])

    def load_index(self, record):
        index = HelpIndexPage.objects.first()
        if index:
            source = self.index_source("index")
            self.release_to(index, source, self.index_form(source))
            return index, False
        root = self.fix_root()
        data = read(CONTENT_DIR / "index.toml")["index"]
        index = fill_texts(HelpIndexPage(server_settings=record), data)
        set_slug(index, data["slug"])
        root.add_child(instance=index)
        index.save_revision().publish()
        self.created.append(index)
        site = Site.objects.filter(is_default_site=True).first()
        old_root = site.root_page if site else None
        if site:
            site.root_page = index
            site.save()
        else:
            Site.objects.create(hostname="localhost", port=80, root_page=index, is_default_site=True)
        if old_root and old_root.depth == 2 and old_root.specific_class is Page and not old_root.get_children():
            old_root.delete()  # Wagtail's "Welcome" placeholder page
        self.say(f"help index: created “{index.title}”")
        return index, True

    def load_links(self, index):
        """content/links.toml's stable links that do not exist yet; a key that exists is the editors' (its
        page may have been changed in the admin on purpose) and is left as it is."""
        existing = set(StableLink.objects.values_list("key", flat=True))
        pages = dict(Page.objects.descendant_of(index, inclusive=True).values_list("slug", "pk"))
        new = [
            StableLink(
                key=link["key"],
                page_id=pages[link["page"]],
                anchor=link.get("anchor", ""),
                purpose=link.get("purpose", ""),
            )
            for link in read_links()
            if link["key"] not in existing
        ]
        for link in new:
            link.full_clean(exclude=["page"], validate_unique=False)  # new keys, unique in the file (check_content)
        StableLink.objects.bulk_create(new)
        if new:
            self.say(f"stable links: {len(new)} created")

    def link_access_page(self, index):
        slug = read(CONTENT_DIR / "index.toml")["index"].get("access_page")
        if slug:
            index.access_page = Page.objects.child_of(index).get(slug=slug)
            index.save_revision().publish()

    def load_single(self, index, part, model):
        """The settings reference or the troubleshooting hub: one page each, from content/index.toml."""
        data = read(CONTENT_DIR / "index.toml").get(part)
        if data is None:
            return
        source = PageSource(CONTENT_DIR / "index.toml", data, part)
        existing = model.objects.child_of(index).first()
        if existing is not None:
            self.release_to(existing, source, self.index_form(source))
            return
        page = fill_texts(model(), data)
        set_slug(page, data["slug"])
        index.add_child(instance=page)
        revision = page.save_revision()
        revision.publish()
        self.created.append(page)
        self.remember(page, self.index_form(source), revision)
        self.say(f"{model._meta.verbose_name}: created “{page.title}”")

    def load_page(self, index, source):
        page_class, step_class = PAGE_MODELS[source.kind]
        existing = page_class.objects.child_of(index).filter(slug=source.slug).first()
        page, steps = self.build(index, source)
        if existing is not None:
            self.release_to(existing, source, form_of(source.kind, page, steps))
            return
        for step in steps:
            page.steps.add(step)
        index.add_child(instance=page)
        revision = page.save_revision()
        revision.publish()
        self.created.append(page)
        self.remember(page, form_of(source.kind, page, steps), revision)
        self.say(f"{source.kind} {source.slug}: created" + (f" with {len(steps)} steps" if step_class else ""))

    def build(self, index, source):
        """The page and its steps as the file describes them, unsaved."""
        page_class, step_class = PAGE_MODELS[source.kind]
        data = source.data
        keys = FILE_KEYS[source.kind]
        page = page_class(
            **{
                field: self.slug_value(index, key, data[key]) if key in SLUG_KEYS else data[key]
                for key, field in keys.items()
                if key in data or key in REQUIRED_FILE_KEYS
            }
        )
        fill_texts(page, data)
        set_slug(page, data["slug"])
        steps = []
        for number, step_data in enumerate(data.get("steps", []), start=1):
            step = step_class(kind=step_data["kind"], value_ref=step_data.get("value", ""), sort_order=number)
            if source.kind == "problem":
                self.set_problem_entry(index, step, step_data)
            fill_texts(step, step_data)
            try:
                step.full_clean(exclude=["page", "image"])
            except ValidationError as exc:
                raise ContentError(f"{source.path.name}, step {number}: {exc}") from exc
            steps.append(step)
        return page, steps

    def slug_value(self, index, key, slug):
        """The id of the page of the help center that a file's `key` names by its slug."""
        model = PAGE_MODELS[SLUG_KEYS[key]][0]
        return model.objects.child_of(index).get(slug=slug).pk

    def remember(self, page, form, revision):
        LoadedRelease.objects.update_or_create(
            page_id=page.pk,
            defaults={"release": self.release, "digest": digest(form), "form": form, "revision": revision},
        )

    def release_to(self, page, source, form):
        """A page that exists: nothing when its file brings what the last release brought; else the
        release, published or offered as a draft (guides/releases.py)."""
        name = f"{source.kind} {source.slug}"
        loaded = LoadedRelease.objects.filter(page_id=page.pk).first()
        live = page.specific
        if (loaded.digest if loaded else digest(live_form(source.kind, live))) == digest(form):
            if loaded is None:
                self.remember(live, form, live.live_revision)
            self.say(f"{name}: kept (unchanged)")
            return
        step_class = PAGE_MODELS.get(source.kind, (None, None))[1]  # content/index.toml's pages have none
        before = live_form(source.kind, live)
        if untouched(live, loaded):
            apply(live, form, step_class)
            revision = live.save_revision()
            revision.publish()
            log_release(live, revision, self.release, "published")
            published = type(live).objects.get(pk=page.pk)
            self.record_translations(published, before, form)
            ReferenceIndex.create_or_update_for_object(published)
            self.remember(published, form, revision)
            self.say(f"{name}: release {self.release} published")
            return
        shown = f"{live.title} (/{live.slug}/)"
        draft = merged(loaded.form if loaded else None, before, form)
        apply(live, draft, step_class)
        revision = live.save_revision()
        log_release(live, revision, self.release, "draft")
        diff = difference(before, draft)
        ReleaseConflict.objects.create(page_id=page.pk, release=self.release, revision=revision, difference=diff)
        self.remember(live, form, revision)
        self.conflicts.append((shown, diff))
        self.say(f"{name}: changed by editors since the last release; release {self.release} saved as a draft")

    def record_translations(self, page, before, form):
        steps = list(page.steps.all()) if hasattr(page, "steps") else []
        texts = {(t.step, t.field): t for t in walk_page(page, steps)}
        for number, field, lang in translated_texts(before, form):
            text = texts.get((number, field))
            if text is not None:
                record_translation(text, lang)

    def set_problem_entry(self, index, step, data):
        step.program = data.get("program", "")
        step.code = data.get("code", "")
        step.english_in = " ".join(data.get("english_in", []))
        step.source = data.get("source", "")
        if step.kind == ProblemStepKind.CAUSE:
            step.cause = CausePage.objects.child_of(index).get(slug=data["cause"])
