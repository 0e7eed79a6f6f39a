"""Which site a reader's request is for, and the site's pages as read under one content generation.

Wagtail finds a request's site with a query (Site.find_for_request) and its routing reads the help
index and its live pages again on every request. Here each worker reads the sites once per content
generation (helpcenter/page_cache/store.py): their root pages, and what those remember (the help index,
its record, its live pages), serve every request of that generation; any content change starts afresh.
The memory this takes is one copy of the sites' rows and pages, whatever hosts clients name: requests are
matched to sites in Python, by Wagtail's own rule.

`origin()` is the scheme and host that absolute links on a page start with: the canonical host of the
page cache's policy, so a page is the same bytes whatever port a client puts into its Host header.
"""

from __future__ import annotations

from django.conf import settings
from django.http.request import split_domain_port
from wagtail.models import Site

from helpcenter.internals import hand_site, raw_host
from helpcenter.page_cache import policy, store


class SiteDirectory:
    """The sites of one content generation, in this worker."""

    def __init__(self):
        self.generation = None
        self.sites: list[Site] = []

    def sites_of(self, generation) -> list[Site]:
        if generation != self.generation:
            self.sites = list(Site.objects.select_related("root_page").order_by("pk"))
            self.generation = generation
        return self.sites

    def find(self, request, generation) -> Site | None:
        """Site.find_for_request's answer (wagtail.models.sites.get_site_for_hostname), without a query."""
        hostname = split_domain_port(raw_host(request.META, request.is_secure()))[0]
        port = request.get_port()
        ranked = []
        for site in self.sites_of(generation):
            if site.hostname == hostname and str(site.port) == port:
                ranked.append((0, site))
            elif site.hostname == hostname and site.is_default_site:
                ranked.append((1, site))
            elif site.is_default_site:
                ranked.append((2, site))
            elif site.hostname == hostname:
                ranked.append((3, site))
        ranked.sort(key=lambda pair: pair[0])
        if not ranked:
            return None
        if len(ranked) == 1 or ranked[0][0] in (0, 1):
            return ranked[0][1]
        # the default site first, then hostname matches: one of those wins over the default, several do not
        return ranked[1][1] if len(ranked) == 2 else ranked[0][1]


DIRECTORY = SiteDirectory()


def reads_live_content(request) -> bool:
    """A reader's request: not the admin, not a preview, not signed in (those see drafts and their own state)."""
    return (
        request.method in ("GET", "HEAD")
        and not request.path.startswith("/admin/")
        and not getattr(request, "is_dummy", False)
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


class SiteMiddleware:
    """Hands Wagtail's routing the request's site from this generation's directory (helpcenter.internals:
    Wagtail takes a site handed to it instead of querying)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if reads_live_content(request):
            try:
                generation = store.current_generation()
            except Exception:  # no cache to tell the generation: Wagtail finds the site itself
                generation = None
            if generation is not None:
                hand_site(request, DIRECTORY.find(request, generation))
        return self.get_response(request)


def origin(request) -> str:
    """`https://help.inbox.lv`: what absolute links on a page start with."""
    return f"{request.scheme}://{policy.canonical_host(request.META) or request.get_host()}"
