"""Site-wide files: /sitemap.xml and /robots.txt (both outside the language prefixes)."""

from django.contrib.sitemaps import views as sitemap_views
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from .sitemaps import PageSitemap
from .sites import origin

ROBOTS_DISALLOW = ("/admin/", "/mobileconfig/", "/autodiscover/")


@require_safe
def sitemap(request):
    response = sitemap_views.sitemap(request, {"pages": PageSitemap(request)}, content_type="application/xml")
    response.same_in_every_language = True  # every language is in it (helpcenter/page_cache/)
    return response


@require_safe
def robots_txt(request):
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in ROBOTS_DISALLOW), ""]
    lines.append(f"Sitemap: {origin(request)}{reverse('sitemap')}")
    response = HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
    response.same_in_every_language = True
    return response
