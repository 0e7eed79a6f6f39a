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
        from django.db.models.signals import post_delete, post_save

        from helpcenter.page_cache.invalidation import content_changed

        from .log import flush_when_due
        from .models import Promotion, Synonym

        # a search page is stored per what was searched and which page of results (helpcenter/page_cache/)
        register(self.label, PageParameters(read=page_parameters, path=SEARCH_PATH, search=SEARCH_KEY))
        post_save.connect(content_changed, sender=Synonym, dispatch_uid="search-synonym-saved")
        post_delete.connect(content_changed, sender=Synonym, dispatch_uid="search-synonym-deleted")
        post_save.connect(content_changed, sender=Promotion, dispatch_uid="search-promotion-saved")
        post_delete.connect(content_changed, sender=Promotion, dispatch_uid="search-promotion-deleted")
        # what the page cache answered without Django reaches the search log after a later request
        request_finished.connect(flush_when_due, dispatch_uid="search-log-flush")
