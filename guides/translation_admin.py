"""The translation workspace in the Wagtail admin: a dashboard of every page × language, and a
screen per page and language with the Latvian source beside the translation.

Translators change only the words of their language: the save view reads nothing but
`t-<text key>` fields of the chosen language, so Latvian text, structure, references and the
settings record cannot be touched from here.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import get_language_info, gettext_lazy
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.models import Page

from . import tracking
from .models import HelpIndexPage
from .validation import TITLE_FIELDS, text_problems


def require_translator(user):
    if not user.has_perm("guides.translate_pages"):
        raise PermissionDenied


def help_center_pages():
    pages = []
    for index in HelpIndexPage.objects.order_by("path"):
        pages.extend(index.get_descendants(inclusive=True).specific().order_by("path"))
    return pages


def latest(page):
    """The page as last saved (the latest revision), its steps, and its texts."""
    obj = page.get_latest_revision_as_object()
    steps = list(obj.steps.all()) if hasattr(obj, "steps") else None
    return obj, steps, tracking.page_texts(obj, steps)


def dashboard(request):
    require_translator(request.user)
    rows = []
    totals = {lang: {tracking.MISSING: 0, tracking.STALE: 0, tracking.CURRENT: 0} for lang in tracking.TARGETS}
    for page in help_center_pages():
        _obj, _steps, texts = latest(page)
        states = tracking.states_for(texts)
        cells = []
        for lang in tracking.TARGETS:
            found = tracking.counts(texts, lang, states)
            for key, value in found.items():
                totals[lang][key] += value
            cells.append({"lang": lang, "counts": found, "url": reverse("guides_translate", args=[page.pk, lang])})
        rows.append({"page": page, "cells": cells})
    return render(
        request,
        "guides/admin/translations_dashboard.html",
        {"rows": rows, "languages": language_infos(), "totals": [(lang, totals[lang]) for lang in tracking.TARGETS]},
    )


def language_infos():
    return [{"code": code, "name": get_language_info(code)["name_translated"]} for code in tracking.TARGETS]


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
    obj, steps, texts = latest(page)
    by_key = {text.key: text for text in texts}
    errors: dict[str, list[str]] = {}

    if request.method == "POST":
        submitted = {k[2:]: v for k, v in request.POST.items() if k.startswith("t-")}
        other_fields = [k for k in request.POST if not k.startswith("t-") and k != "csrfmiddlewaretoken"]
        foreign = sorted(set(submitted) - set(by_key)) + other_fields
        if foreign:
            messages.error(request, _("Only this language's translations can be saved here; nothing was changed."))
            return render_screen(request, page, lang, texts, errors, status=400)
        changed = []
        pages = index.link_slugs()
        for key, value in submitted.items():
            text, value = by_key[key], value.strip()
            if value == text.value(lang):
                continue
            problems = text_problems(value, index.server_settings, text.field not in TITLE_FIELDS, pages)
            if problems:
                errors[key] = problems
            text.set(lang, value)
            changed.append(text)
        if errors:
            messages.error(request, _("Some translations need a fix; nothing was saved."))
            return render_screen(request, page, lang, texts, errors, status=200)
        if changed:
            if steps is not None:
                obj.steps.set(steps)  # the manager hands out copies: put the edited steps back
            save_translations(request, obj, page, lang, changed)
        else:
            messages.info(request, _("Nothing changed."))
        return redirect("guides_translate", page.pk, lang)
    return render_screen(request, page, lang, texts, errors)


def save_translations(request, obj, page, lang, changed):
    user = request.user
    revision = obj.save_revision(user=user, log_action=True)
    for text in changed:
        tracking.record_translation(text, lang, user)
    if user.has_perm("guides.publish_translations"):
        # The right to publish translations is ours, not a page permission: Wagtail's page check is
        # skipped on purpose, and only this language's words differ from the latest revision.
        revision.publish(user=user, skip_permission_checks=True)
        messages.success(request, _("Translations saved and published."))
        return
    workflow = obj.get_workflow()
    if workflow and not obj.workflow_in_progress:
        workflow.start(obj, user)
    messages.success(request, _("Translations saved and submitted for review."))


def render_screen(request, page, lang, texts, errors, status=200):
    states = tracking.states_for(texts)
    rows = []
    for text in texts:
        state = states.get((text.content_type_id, text.obj.pk, text.field, lang))
        current = tracking.status(text, lang, states)
        rows.append(
            {
                "key": text.key,
                "label": text.label,
                "source": text.source,
                "translation": text.value(lang),
                "status": current,
                "diff": tracking.source_diff(state.source_text, text.source) if current == tracking.STALE else None,
                "long": len(text.source) > 80 or "\n" in text.source,
                "errors": errors.get(text.key, []),
            }
        )
    context = {
        "page": page,
        "lang": lang,
        "language": get_language_info(lang)["name_translated"],
        "rows": rows,
        "counts": tracking.counts(texts, lang, states),
        "other_languages": [info for info in language_infos() if info["code"] != lang],
        "can_publish": request.user.has_perm("guides.publish_translations"),
    }
    return render(request, "guides/admin/translate_page.html", context, status=status)


@hooks.register("register_admin_urls")
def translation_urls():
    return [
        path("translations/", dashboard, name="guides_translations"),
        path("translations/<int:page_id>/<str:lang>/", translate, name="guides_translate"),
    ]


class TranslationsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("guides.translate_pages")


@hooks.register("register_admin_menu_item")
def translations_menu_item():
    return TranslationsMenuItem(
        gettext_lazy("Translations"), reverse("guides_translations"), icon_name="globe", order=250
    )


