from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Synonym


class SynonymViewSet(SnippetViewSet):
    """Admin › Search synonyms: for Editors and Site administrators (search.*_synonym, granted by
    search/migrations/0002)."""

    model = Synonym
    icon = "search"
    menu_label = _("Search synonyms")
    menu_order = 270
    add_to_admin_menu = True
    list_display = ["__str__", "language"]
    list_filter = ["language"]


register_snippet(SynonymViewSet)
