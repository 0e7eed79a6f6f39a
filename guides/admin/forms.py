"""Admin page forms that refuse unknown tokens and literal server values, in every language."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import translator
from modeltranslation.utils import build_localized_fieldname
from wagtail.admin.forms import WagtailAdminPageForm

from helpcenter.numbers import whole_number

from ..texts import walk_page
from ..values import text_problems


def localized_names(field: str) -> list[tuple[str, str]]:
    """(column, language) of each language's column of `field`."""
    return [(build_localized_fieldname(field, lang), lang) for lang in settings.MODELTRANSLATION_LANGUAGES]


def check_texts(forms_of, texts, record, pages=None) -> None:
    """Add an error to every field, in every language, whose posted text has problems: the texts are the
    walker's (guides/texts.py), the values those posted to the form of the object holding each text
    (`forms_of`: id of the object -> its form)."""
    for text in texts:
        if not text.checked:
            continue
        form = forms_of[id(text.obj)]
        for name, lang in [(text.field, get_language()), *localized_names(text.field)]:
            if name not in form.fields or name not in getattr(form, "cleaned_data", {}):
                continue
            value = form.cleaned_data.get(name) or ""
            for problem in text_problems(value, record, text.tokens, pages, text.field, lang):
                form.add_error(name, problem)


def rebuild_deleted_children(data, instance, relations):
    """Reverting to a revision that holds a step deleted by a later publish posts that step's id, which
    no longer exists: Django answers "Select a valid choice" and the revert cannot be saved. Such a
    step is posted again as a new one (same words, same place, a new id). Returns the data and, per
    (relation, form index), the revision's step, whose translations the form does not carry."""
    data = data.copy()
    restored = {}
    for relation in relations:
        rel = instance._meta.get_field(relation)
        id_keys = [
            k
            for k in data
            if k.startswith(f"{relation}-")
            and k.endswith("-id")
            and whole_number(data[k]) is not None
            and whole_number(k.split("-")[-2]) is not None
        ]
        posted = {data[k] for k in id_keys}
        children = rel.related_model.objects.filter(pk__in=posted, **{rel.field.attname: instance.pk})
        stored = {str(pk) for pk in children.values_list("pk", flat=True)}
        gone = posted - stored
        if not gone:
            continue
        manager = getattr(instance, relation)
        by_id = {str(child.pk): child for child in manager.all()}
        for key in id_keys:
            if data[key] in gone:
                restored[(relation, whole_number(key.split("-")[-2]))] = by_id.get(data[key])
                data[key] = ""
        manager.remove(*[child for id_, child in by_id.items() if id_ in gone])
    return data, restored


def keep_translations(form, child) -> None:
    """Give a step form's new instance the translations of `child` that the page editor does not show
    (it carries a step's source language only; translators use the translation workspace)."""
    if child is None:
        return
    options = translator.get_options_for_model(type(child))
    for columns in options.all_fields.values():
        for column in columns:
            if column.name not in form.fields:
                setattr(form.instance, column.name, getattr(child, column.name))


class TokenTextPageForm(WagtailAdminPageForm):
    typo_fix = forms.BooleanField(
        required=False,
        label=_("The Latvian changes are typo fixes"),
        help_text=_("Tick to keep translations up to date; leave unticked when the meaning changed."),
    )  # read by the typo-fix hooks in guides/wagtail_hooks.py when the page is published

    def __init__(self, data=None, *args, **kwargs):
        restored = {}
        if data is not None and kwargs.get("instance") is not None:
            data, restored = rebuild_deleted_children(data, kwargs["instance"], self._meta.formsets)
        super().__init__(data, *args, **kwargs)
        for (relation, index), child in restored.items():
            if relation in self.formsets and index < len(self.formsets[relation].forms):
                keep_translations(self.formsets[relation].forms[index], child)

    def help_index(self):
        """The help index of the page being edited (or, for a new page, of its parent), if any."""
        page = self.instance if self.instance.pk is not None else self.parent_page
        if page is None or page.pk is None:
            return None
        return getattr(page.specific, "help_index", None)

    def clean(self):
        cleaned = super().clean()
        index = self.help_index()
        if "server_settings" in self.fields:  # the help index itself chooses its record
            record = cleaned.get("server_settings")
        else:
            record = index.server_settings if index else None
        pages = index.link_slugs() if index else None
        forms_of = {id(self.instance): self}
        for formset in self.formsets.values():
            for child in formset.forms:
                if child.is_valid() and not child.cleaned_data.get("DELETE"):
                    forms_of[id(child.instance)] = child
        steps = [form.instance for form in forms_of.values() if form is not self]
        check_texts(forms_of, walk_page(self.instance, steps), record, pages)
        return cleaned
