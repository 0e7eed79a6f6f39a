from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from helpcenter.page_cache.parameters import PageParameters, register

from .query import SEARCH_KEY, SEARCH_PATH, page_parameters


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Search")

    def ready(self):
        # A synonym changes what searches find, a promoted result their order: stored search pages and the
        # vocabulary go stale with them.
        from django.core.signals import request_finished

        from helpcenter.page_cache.invalidation import invalidates

        from .log import flush_when_due
        from .models import Promotion, Synonym

        # a search page is stored per what was searched and which page of results (helpcenter/page_cache/)
        register(self.label, PageParameters(read=page_parameters, path=SEARCH_PATH, search=SEARCH_KEY))
        invalidates(Synonym, Promotion)
        # what the page cache answered without Django reaches the search log after a later request
        request_finished.connect(flush_when_due, dispatch_uid="search-log-flush")
