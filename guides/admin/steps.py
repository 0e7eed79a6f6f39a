"""A step's fields in the page editor, written by as few templates as the editor of a 150-step guide
needs to stay quick: the panel of a step's fields, its two selects and its picture chooser. Models declare
them in their `panels` (guides/models/steps.py, troubleshooting.py); nothing here imports the models."""

from __future__ import annotations

from django import forms
from wagtail.admin.panels import MultiFieldPanel
from wagtail.coreutils import camelcase_to_underscore
from wagtail.images.widgets import AdminImageChooser


class StepSelect(forms.Select):
    """A step's kind or value reference in the page editor: Django's select with its options inline."""

    template_name = "guides/admin/widgets/step_select.html"


class StepImageChooser(AdminImageChooser):
    """A step's picture in the page editor: Wagtail's image chooser written by one template
    (guides/admin/widgets/step_image_chooser.html) instead of ten (icons, menu, hidden input): it was a
    third of a long guide's editor time."""

    template_name = "guides/admin/widgets/step_image_chooser.html"

    def get_context(self, name, value_data, attrs):
        context = super().get_context(name, value_data, attrs)
        context.update(name=name, value_id=value_data.get("id"))
        return context

    def render_hidden_input(self, name, value, attrs):
        return ""  # written by the template


class StepFieldsPanel(MultiFieldPanel):
    """A step's fields in the page editor, written by one template (guides/admin/panels/step_fields.html)
    instead of four or five nested panel and field templates per field: a 150-step guide's editor had
    about 5,000. The fields are declared as usual (FieldPanel, FieldRowPanel for fields side by side), so
    forms, revisions' comparisons and validation are Wagtail's. No comment buttons: Wagtail takes comments
    on fields of the page, not of its inline steps (its script removed every step's buttons on load)."""

    class BoundPanel(MultiFieldPanel.BoundPanel):
        template_name = "guides/admin/panels/step_fields.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            # a FieldRowPanel's fields side by side, any other field on its own row
            rows = [getattr(child, "visible_children", [child]) for child in self.visible_children]
            context["rows"] = [[self.field(each) for each in row] for row in rows]
            return context

        @staticmethod
        def field(panel) -> dict:
            bound = panel.bound_field
            widget = bound.field.widget
            help_id, error_id = f"{bound.auto_id}-helptext", f"{bound.auto_id}-errors"
            described_by = ([help_id] if panel.help_text else []) + ([error_id] if bound.errors else [])
            attrs = {"aria-invalid": "true"} if bound.errors else {}
            if described_by:
                attrs["aria-describedby"] = " ".join(described_by)
            return {
                "id": bound.id_for_label,
                "label": panel.heading,
                "required": bound.field.required,
                "classname": f"w-field--{camelcase_to_underscore(type(bound.field).__name__)} "
                f"w-field--{camelcase_to_underscore(type(widget).__name__)}",
                "rendered": bound.as_widget(attrs=attrs),
                "errors": bound.errors,
                "error_id": error_id,
                "help_text": panel.help_text,
                "help_id": help_id,
            }
