"""Per-text translation tracking: missing, stale or up to date, in the spirit of Kitsune's `based_on`.

Every translatable text of a page (its own fields and each step's) is addressed as
(object, field). A translation's TranslationState remembers the hash of the Latvian source it was
based on; when the Latvian text changes, the translation is stale until it is translated again —
unless the editor marked the Latvian change as a typo fix.
"""

from __future__ import annotations

import difflib
import hashlib

from django.conf import settings
from django.db.models import Q
from django.utils import translation
from modeltranslation.utils import build_localized_fieldname

from ..models import TranslationState
from ..texts import Text, walk_page

SOURCE = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
TARGETS = tuple(code for code in settings.MODELTRANSLATION_LANGUAGES if code != SOURCE)
MISSING, STALE, CURRENT = "missing", "stale", "current"


def source_hash(text: str) -> str:
    return hashlib.sha256((text or "").encode()).hexdigest()


def page_texts(page, steps=None) -> list[Text]:
    """The page's stored texts with a Latvian source, in reading order (page fields first, then steps), and
    those a step lets translators fill without one (a program's message and its source: `fields_without_source`)."""
    return [
        t
        for t in walk_page(page, steps)
        if (t.step is None or t.obj.pk is not None)
        and (t.source or t.field in getattr(t.obj, "fields_without_source", ()))
    ]


def states_for(texts) -> dict[tuple, TranslationState]:
    if not texts:
        return {}
    ids_by_type: dict[int, set] = {}
    for text in texts:
        ids_by_type.setdefault(text.content_type_id, set()).add(text.obj.pk)
    query = Q()
    for ct, ids in ids_by_type.items():
        query |= Q(content_type_id=ct, object_id__in=ids)
    return {(s.content_type_id, s.object_id, s.field, s.language): s for s in TranslationState.objects.filter(query)}


def status(text: Text, lang: str, states) -> str:
    if not text.value(lang).strip():
        # a label usually reads the same in every language, a note on the labels is written only where
        # needed: an empty translation of either is no gap (Text.optional)
        return CURRENT if text.optional else MISSING
    state = states.get((text.content_type_id, text.obj.pk, text.field, lang))
    if state is not None and state.source_hash != source_hash(text.source):
        return STALE
    return CURRENT


def label_to_confirm(text: Text, lang: str, page) -> bool:
    """A program label without a wording of its own in `lang`, on a guide whose note says its labels in
    `lang` are the English version's: someone with the program in `lang` should type it as shown there
    (or type the English label, if the program shows that)."""
    if not text.is_label or text.value(lang).strip():
        return False
    return bool(getattr(page, build_localized_fieldname("labels_note", lang), None))


def counts(texts, lang, states) -> dict[str, int]:
    result = {MISSING: 0, STALE: 0, CURRENT: 0}
    for text in texts:
        result[status(text, lang, states)] += 1
    return result


def record_translation(text: Text, lang: str, user=None) -> None:
    """This translation is now based on the current Latvian source."""
    TranslationState.objects.update_or_create(
        content_type_id=text.content_type_id,
        object_id=text.obj.pk,
        field=text.field,
        language=lang,
        defaults={"source_hash": source_hash(text.source), "source_text": text.source, "updated_by": user},
    )


def adopt_untracked(texts, user=None) -> None:
    """Translations without a state (shipped content, edits in the page editor) count as based on
    the current source from now on, so a later Latvian change can make them stale."""
    states = states_for(texts)
    new = [
        TranslationState(
            content_type_id=text.content_type_id,
            object_id=text.obj.pk,
            field=text.field,
            language=lang,
            source_hash=source_hash(text.source),
            source_text=text.source,
            updated_by=user,
        )
        for text in texts
        for lang in TARGETS
        if text.value(lang).strip() and (text.content_type_id, text.obj.pk, text.field, lang) not in states
    ]
    # one query for a whole page; a state another request recorded meanwhile is theirs to keep
    TranslationState.objects.bulk_create(new, ignore_conflicts=True)


def accept_source_change(texts_before: dict[tuple, str], texts_after, user=None) -> int:
    """A typo fix: translations that were up to date with the old Latvian text stay up to date."""
    states = states_for(texts_after)
    changed = 0
    for text in texts_after:
        old = texts_before.get(text.address)
        if old is None or old == text.source:
            continue
        for lang in TARGETS:
            state = states.get((text.content_type_id, text.obj.pk, text.field, lang))
            if state is not None and state.source_hash == source_hash(old):
                state.source_hash, state.source_text, state.updated_by = source_hash(text.source), text.source, user
                state.save()
                changed += 1
    return changed


def source_diff(old: str, new: str) -> list[tuple[str, str]]:
    """Word-level diff of two Latvian sources: (change, words) with change "del" (removed), "ins"
    (added) or "" (kept); guides/templates/guides/admin/translate_page.html marks them up."""
    a, b = (old or "").split(), (new or "").split()
    parts = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b).get_opcodes():
        if op in ("replace", "delete"):
            parts.append(("del", " ".join(a[i1:i2])))
        if op in ("replace", "insert"):
            parts.append(("ins", " ".join(b[j1:j2])))
        if op == "equal":
            parts.append(("", " ".join(a[i1:i2])))
    return parts


def adopt_published_translations(sender, instance, **kwargs):
    """Receiver of Wagtail's page_published (connected in GuidesConfig.ready): translations published
    without a recorded source (shipped content, the page editor) are taken as based on the Latvian
    text published with them."""
    adopt_untracked(page_texts(instance.specific))


def translation_notice(page, steps=None) -> str | None:
    """MISSING or STALE when the active language lacks or lags behind part of the page readers see, else
    None (the questions readers ask are for search: the page does not show them)."""
    lang = translation.get_language()
    if lang not in TARGETS:
        return None
    texts = [text for text in page_texts(page, steps) if not text.spec.questions]
    found = counts(texts, lang, states_for(texts))
    return MISSING if found[MISSING] else STALE if found[STALE] else None
