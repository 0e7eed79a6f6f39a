"""Factories for the tests: pages, steps and settings records, built the way editors and the loader
build them (a page is added under its help index, then published through a revision).

Texts are given per language as `text_lv=...`, `target_en=...`; a plain `text=...` is the Latvian
source. Every factory returns the stored object, read back from the database.
"""

from __future__ import annotations

from django.conf import settings

from guides.models import ArticlePage, GuidePage, GuideStep, HelpIndexPage, ServerSettings

SOURCE = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
LANGUAGES = settings.MODELTRANSLATION_LANGUAGES


def _localized(model, fields: dict) -> dict:
    """`text="..."` -> `text_lv="..."` for the model's translated fields; other names as given."""
    translated = set(model.translated_fields) | {"title", "slug", "seo_title", "search_description"}
    return {(f"{name}_{SOURCE}" if name in translated else name): value for name, value in fields.items()}


def step(kind: str = "action", *, value: str = "", image=None, model=GuideStep, **texts):
    """An unsaved step (added to a page by `guide()` or `article()`)."""
    return model(kind=kind, value_ref=value, image=image, **_localized(model, texts))


def steps_like(slug: str, count: int) -> list[GuideStep]:
    """`count` unsaved steps whose kinds, references and words (every language) are those of the shipped
    guide `slug`, taken in turn."""
    fields = ["kind", "value_ref"] + [f"{name}_{lang}" for name in GuideStep.translated_fields for lang in LANGUAGES]
    rows = list(GuidePage.objects.get(slug=slug).steps.order_by("sort_order").values(*fields))
    return [GuideStep(**rows[i % len(rows)]) for i in range(count)]


def guide_like(slug: str, count: int) -> GuidePage:
    """A published guide of `count` steps made of the shipped guide `slug`'s steps (`steps_like`), with a
    title and that guide's summary in every language."""
    source = GuidePage.objects.get(slug=slug)
    texts = {f"summary_{lang}": getattr(source, f"summary_{lang}") for lang in LANGUAGES}
    texts |= {f"title_{lang}": f"Instrukcija ar {count} soļiem ({lang})" for lang in LANGUAGES}
    return guide(
        f"instrukcija-{count}",
        steps=steps_like(slug, count),
        index=source.get_parent().specific,
        program="Testa programma",
        protocol=source.protocol,
        **texts,
    )


def _publish(page, steps, index):
    index = index or HelpIndexPage.objects.order_by("path").first()
    for number, item in enumerate(steps):
        item.sort_order = number
        page.steps.add(item)
    index.add_child(instance=page)
    page.save_revision().publish()
    return type(page).objects.get(pk=page.pk)


def guide(slug: str, *, steps=(), index=None, program="Test", protocol="imap", **fields) -> GuidePage:
    """A published guide under `index` (the first help index) with `steps` in the given order.
    Its slug is the same in every language; `title` defaults to the slug."""
    if "title" not in fields and f"title_{SOURCE}" not in fields:
        fields["title"] = slug
    page = GuidePage(program=program, protocol=protocol, **_localized(GuidePage, fields))
    for lang in LANGUAGES:
        setattr(page, f"slug_{lang}", slug)
    return _publish(page, list(steps), index)


def article(slug: str, *, blocks=(), index=None, **fields) -> ArticlePage:
    if "title" not in fields and f"title_{SOURCE}" not in fields:
        fields["title"] = slug
    page = ArticlePage(**_localized(ArticlePage, fields))
    for lang in LANGUAGES:
        setattr(page, f"slug_{lang}", slug)
    return _publish(page, list(blocks), index)


def record(**changes) -> ServerSettings:
    """The live settings record with `changes` saved and published (a new revision, as the admin does)."""
    current = ServerSettings.objects.get()
    for name, value in changes.items():
        setattr(current, name, value)
    current.full_clean()
    current.save_revision().publish()
    return ServerSettings.objects.get(pk=current.pk)
