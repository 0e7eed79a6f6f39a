"""Site-wide files: /sitemap.xml and /robots.txt (both outside the language prefixes)."""

from django.contrib.sitemaps import views as sitemap_views
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from .page_cache.replay import same_in_every_language
from .sitemaps import PageSitemap
from .sites import origin

ROBOTS_DISALLOW = ("/admin/", "/mobileconfig/", "/autodiscover/")


@same_in_every_language
@require_safe
def sitemap(request):
    """Every live page in every language; past SITEMAP_PAGES_PER_PART pages, an index of its parts
    (/sitemap-1.xml, ...), as large sites split theirs, so that no request renders thousands of links."""
    pages = PageSitemap(request)
    parts = pages.paginator.num_pages
    if parts <= 1:
        return urlset(request, pages, 1)
    locations = [origin(request) + reverse("sitemap-part", args=[number]) for number in range(1, parts + 1)]
    response = TemplateResponse(
        request,
        "sitemap_index.xml",
        {"sitemaps": [sitemap_views.SitemapIndexItem(location, None) for location in locations]},
        content_type="application/xml",
    )
    return response


@same_in_every_language
@require_safe
def sitemap_part(request, number):
    pages = PageSitemap(request)
    parts = pages.paginator.num_pages
    if parts == 1 or not 1 <= number <= parts:  # one part is /sitemap.xml itself
        raise Http404("No such part of the sitemap.")
    return urlset(request, pages, number)


def urlset(request, pages, number):
    response = TemplateResponse(
        request,
        "sitemap.xml",
        {"urlset": pages.get_urls(page=number, protocol=request.scheme)},
        content_type="application/xml",
    )
    return response


@same_in_every_language
@require_safe
def robots_txt(request):
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in ROBOTS_DISALLOW), ""]
    lines.append(f"Sitemap: {origin(request)}{reverse('sitemap')}")
    response = HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
    return response
