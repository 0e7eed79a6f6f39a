"""The translation workspace in the Wagtail admin: a dashboard of every page × language, and a
screen per page and language with the Latvian source beside the translation.

Translators change only the words of their language: the save view reads nothing but
`t-<text key>` fields of the chosen language, so Latvian text, structure, references and the
settings record cannot be touched from here.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _
from modeltranslation.utils import build_localized_fieldname
from wagtail.admin import messages
from wagtail.models import Page

from helpcenter.numbers import whole_number

from ..models import HelpIndexPage, TranslationCount
from ..values import TITLE_FIELDS, text_problems
from . import counts, tracking


def require_translator(user):
    if not user.has_perm("guides.translate_pages"):
        raise PermissionDenied


def live_content(page):
    """What readers see: `page` as stored (a specific page read from the database) and its stored
    steps. An editor's unpublished draft lives only in a revision, so nothing of it is read, shown or
    published from here."""
    steps = list(page.steps.all()) if hasattr(page, "steps") else None
    return page, steps, tracking.page_texts(page, steps)


PAGES_PER_SCREEN = 50


def dashboard(request):
    """Pages a screen at a time, with their counts per language and the sums over every page (stored
    counts: guides/translations/counts.py). `?todo=1` keeps the pages with something to translate."""
    require_translator(request.user)
    every_page = counts.help_center_pages()
    counts.count_missing(every_page)
    todo = request.GET.get("todo") == "1"
    pages = every_page
    if todo:
        waiting = TranslationCount.objects.filter(Q(missing__gt=0) | Q(stale__gt=0)).values("page_id")
        pages = every_page.filter(pk__in=waiting)
    screen = Paginator(pages, PAGES_PER_SCREEN).get_page(whole_number(request.GET.get("p"), 1) or 1)
    found = counts.counts_of([page.pk for page in screen])
    rows = []
    for page in screen:
        cells = [
            {"lang": lang, "counts": found[(page.pk, lang)], "url": reverse("guides_translate", args=[page.pk, lang])}
            for lang in tracking.TARGETS
        ]
        rows.append({"page": page, "cells": cells})
    totals = counts.totals(every_page)
    return render(
        request,
        "guides/admin/translations_dashboard.html",
        {
            "rows": rows,
            "screen": screen,
            "todo": todo,
            "languages": language_infos(),
            "totals": [(lang, totals[lang]) for lang in tracking.TARGETS],
        },
    )


def language_infos():
    return [{"code": code, "name": get_language_info(code)["name_translated"]} for code in tracking.TARGETS]


def has_draft(page) -> bool:
    return page.has_unpublished_changes and page.latest_revision_id not in (None, page.live_revision_id)


def refusal(page, user) -> str | None:
    """Why translations of `page` cannot be saved now, or None. Checked on every save, so nothing is
    published that its editors are holding back."""
    if not page.live:
        return _("This page is not published. Translations can be saved once an editor publishes it.")
    if page.workflow_in_progress:
        return _("This page is waiting for review in a workflow. Translations can be saved once the review ends.")
    lock = page.get_lock()
    if lock is not None and lock.for_user(user):
        if page.approved_schedule:
            return _("This page has changes scheduled for publishing. Translations can be saved after they go live.")
        return _("An editor has locked this page. Translations can be saved once it is unlocked.")
    if has_draft(page) and not user.has_perm("guides.publish_translations"):
        return _(
            "An editor has unpublished changes on this page. Translations can be submitted for review "
            "once those changes are published."
        )
    return None


def clean_translation(text, lang, value, record, pages) -> tuple[str, list[str]]:
    """The value as the page editor would store it, and every problem the page editor would report:
    the form field's checks (length, null characters), the model field's validators, and the
    token/literal rules of the help center."""
    name = build_localized_fieldname(text.field, lang)
    model_field = text.obj._meta.get_field(name)
    try:
        value = model_field.formfield().clean(value) or ""
        model_field.clean(value, text.obj)
    except ValidationError as error:
        return value, list(error.messages)
    return value, list(text_problems(value, record, text.field not in TITLE_FIELDS, pages, text.field, lang))


def translate(request, page_id, lang):
    require_translator(request.user)
    if lang not in tracking.TARGETS:
        # 400, not 404: a 404 here would be redirected to a language-prefixed public page.
        message = _("Only English, Russian and Lithuanian are translated here; Latvian is the source.")
        return HttpResponseBadRequest(message)
    page = get_object_or_404(Page, pk=page_id).specific
    index = HelpIndexPage.objects.ancestor_of(page, inclusive=True).select_related("server_settings").first()
    if index is None:
        raise Http404
    # A copy of its own: the translator's words are set on it, while `page` keeps the stored state.
    obj, steps, texts = live_content(type(page).objects.get(pk=page.pk))
    by_key = {text.key: text for text in texts}
    errors: dict[str, list[str]] = {}

    if request.method != "POST":
        return render_screen(request, page, lang, texts, errors)

    submitted = {k[2:]: v for k, v in request.POST.items() if k.startswith("t-")}
    other_fields = [k for k in request.POST if not k.startswith("t-") and k != "csrfmiddlewaretoken"]
    foreign = sorted(set(submitted) - set(by_key)) + other_fields
    if foreign:
        messages.error(request, _("Only this language's translations can be saved here; nothing was changed."))
        return render_screen(request, page, lang, texts, errors, status=400)
    reason = refusal(page, request.user)
    if reason:
        messages.error(request, reason + " " + _("Nothing was saved; your words are still in the form."))
        return render_screen(request, page, lang, texts, errors, status=409, submitted=submitted)

    changed = []
    pages = index.link_slugs()
    for key, raw in submitted.items():
        text = by_key[key]
        value, problems = clean_translation(text, lang, raw.strip(), index.server_settings, pages)
        if value == text.value(lang):
            continue
        if problems:
            errors[key] = problems
        text.set(lang, value)
        changed.append(text)
    for text in changed:  # a program's wording added here needs its source in this language
        needs = getattr(text.obj, "fields_without_source", ())
        if text.field == "target" and "wording_source" in needs and text.value(lang):
            if not getattr(text.obj, build_localized_fieldname("wording_source", lang), None):
                errors.setdefault(text.key, []).append(
                    _("Say where this wording is quoted from in the field “%(field)s” of this message.")
                    % {"field": text.obj._meta.get_field("wording_source").verbose_name}
                )
    if errors:
        messages.error(request, _("Some translations need a fix; nothing was saved."))
        return render_screen(request, page, lang, texts, errors)
    if not changed:
        messages.info(request, _("Nothing changed."))
        return redirect("guides_translate", page.pk, lang)
    if steps is not None:
        obj.steps.set(steps)  # the manager hands out copies: put the edited steps back
    try:
        save_translations(request, obj, page, lang, changed)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return render_screen(request, page, lang, texts, errors, status=409, submitted=submitted)
    return redirect("guides_translate", page.pk, lang)


def carry_into_draft(draft_revision, lang, changed, user) -> None:
    """Put the translator's words into the editor's unpublished draft too, so that publishing the draft
    later does not bring back the old words. Texts the draft no longer has are skipped."""
    draft = draft_revision.as_object()
    steps = list(draft.steps.all()) if hasattr(draft, "steps") else []
    objects = {(type(draft), draft.pk): draft, **{(type(step), step.pk): step for step in steps}}
    for text in changed:
        target = objects.get((type(text.obj), text.obj.pk))
        if target is not None:
            setattr(target, build_localized_fieldname(text.field, lang), text.value(lang))
    if hasattr(draft, "steps"):
        draft.steps.set(steps)
    draft.save_revision(user=user, changed=True, clean=False, log_action=True)


@transaction.atomic
def save_translations(request, obj, page, lang, changed):
    user = request.user
    # Re-read under a row lock: an editor may have locked, unpublished or submitted the page since.
    page = type(page).objects.select_for_update().get(pk=page.pk)
    reason = refusal(page, user)
    if reason:
        raise ValidationError(reason)
    draft_revision = page.latest_revision if has_draft(page) else None
    revision = obj.save_revision(user=user, log_action=True)
    for text in changed:
        tracking.record_translation(text, lang, user)
    if user.has_perm("guides.publish_translations"):
        # The right to publish translations is ours, not a page permission: Wagtail's page check is
        # skipped on purpose. The revision is the live content with only this language's words changed.
        revision.publish(user=user, skip_permission_checks=True)
        if draft_revision is not None:
            carry_into_draft(draft_revision, lang, changed, user)
            messages.success(request, _("Translations saved and published, and added to the editor's draft."))
        else:
            messages.success(request, _("Translations saved and published."))
        return
    workflow = obj.get_workflow()
    if workflow:
        workflow.start(obj, user)
        messages.success(request, _("Translations saved and submitted for review."))
    else:
        messages.success(request, _("Translations saved as a draft for an editor to publish."))


def render_screen(request, page, lang, texts, errors, status=200, submitted=None):
    """The screen; after a refused save, `submitted` puts the translator's words back in the fields."""
    states = tracking.states_for(texts)
    submitted = submitted or {}
    rows = []
    for text in texts:
        state = states.get((text.content_type_id, text.obj.pk, text.field, lang))
        current = tracking.status(text, lang, states)
        # without a Latvian text (a program's message): what the translator works from, in its language
        source_lang, source = ("lv", text.source) if text.source else text.obj.reference_for(text.field)
        rows.append(
            {
                "key": text.key,
                "label": text.caption,
                "source": source,
                "source_lang": source_lang,
                "translation": submitted.get(text.key, text.value(lang)),
                "status": current,
                "diff": tracking.source_diff(state.source_text, text.source) if current == tracking.STALE else None,
                "long": len(source) > 80 or "\n" in source,
                "errors": errors.get(text.key, []),
                "to_confirm": tracking.label_to_confirm(text, lang, page),
            }
        )
    context = {
        "page": page,
        "lang": lang,
        "language": get_language_info(lang)["name_translated"],
        "rows": rows,
        "counts": tracking.counts(texts, lang, states),
        "to_confirm": sum(row["to_confirm"] for row in rows),
        "other_languages": [info for info in language_infos() if info["code"] != lang],
        "can_publish": request.user.has_perm("guides.publish_translations"),
        "refusal": refusal(page, request.user),
        "has_draft": has_draft(page),
    }
    return render(request, "guides/admin/translate_page.html", context, status=status)
