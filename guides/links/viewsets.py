"""Admin › Stable links: Editors add keys and point them at pages; Site administrators may also delete one
(guides/migrations/0025). A saved key is shown read-only: the form ignores a changed key, and the model
refuses one (guides/models/links.py)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.snippets.views.snippets import SnippetViewSet

from ..models import StableLink


class StableLinkForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["key"].disabled = True  # posted values are ignored, the saved key is kept


class StableLinkViewSet(SnippetViewSet):
    model = StableLink
    icon = "link"
    menu_label = _("Stable links")
    menu_order = 272
    add_to_admin_menu = True
    list_display = ["key", "page", "anchor", "purpose"]
    edit_handler = ObjectList(
        [FieldPanel("key"), FieldPanel("page"), FieldPanel("anchor"), FieldPanel("purpose")],
        base_form_class=StableLinkForm,
    )

    def get_queryset(self, request):
        return StableLink.objects.select_related("page")
