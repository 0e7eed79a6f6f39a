"""/sitemap.xml: every live, public page of the site in every language, with hreflang alternates."""

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.utils import translation
from wagtail.models import Site

from .page_cache.policy import canonical_host


class PageSitemap(Sitemap):
    """Django's i18n sitemap over the Wagtail pages of the requested (else the default) site.

    Django activates each language while it asks for `location`; wagtail-modeltranslation makes a
    page's URL path follow the active language, and i18n_patterns adds the /lv/, /en/, ... prefix.
    """

    i18n = True
    alternates = True
    x_default = True

    @property
    def limit(self):
        """Links per part of the sitemap: a page's links in every language stay in one part."""
        return settings.SITEMAP_PAGES_PER_PART * len(self.languages)

    def __init__(self, request):
        self.request = request
        self.languages = [code for code, _name in settings.LANGUAGES]
        self._paths: dict[tuple[int, str], str] = {}
        self._pages = None

    def items(self):
        # Django asks again for each count and part: the pages are read once per request.
        if self._pages is None:
            site = Site.find_for_request(self.request) or Site.objects.select_related("root_page").get(
                is_default_site=True
            )
            self._pages = list(site.root_page.get_descendants(inclusive=True).live().public().order_by("path"))
        return self._pages

    def location(self, page):
        # Asked up to six times per (page, language): for <loc> and for each alternate.
        key = (page.pk, translation.get_language())
        if key not in self._paths:
            _site_id, _root_url, self._paths[key] = page.get_url_parts(self.request)
        return self._paths[key]

    def lastmod(self, page):
        return page.last_published_at or page.latest_revision_created_at

    def get_domain(self, site=None):
        # Django takes the host the request named; links start from the site's canonical host instead,
        # so one stored sitemap serves every port a client may name (helpcenter/sites.py).
        return canonical_host(self.request.META) or self.request.get_host()

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        # Django's x-default is the address with the default language's prefix cut off, which here
        # only redirects by Accept-Language (to a slug that may not exist in that language). Point
        # it at the Latvian page, as the pages' own <link rel="alternate" hreflang="x-default"> do.
        for url in urls:
            by_language = {alt["lang_code"]: alt["location"] for alt in url["alternates"]}
            for alternate in url["alternates"]:
                if alternate["lang_code"] == "x-default":
                    alternate["location"] = by_language[settings.LANGUAGE_CODE]
        return urls
