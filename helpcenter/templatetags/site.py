"""Site-wide tags of the frame (helpcenter/templates/base.html): every page's language links."""

from django import template
from django.conf import settings
from django.utils import translation
from wagtail.models import Page

from helpcenter.sites import origin

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context, page=None):
    """The same page in every language: code, local name, URL, whether it is the current one."""
    request = context.get("request")
    current = translation.get_language()
    links = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            url = page.get_url(request) if isinstance(page, Page) else f"/{code}/"
        name = settings.LANGUAGE_SELF_NAMES.get(code) or translation.get_language_info(code)["name_local"]
        links.append({"code": code, "name": name, "url": url, "current": code == current})
    return links


@register.simple_tag(takes_context=True)
def absolute(context, url):
    """`url` (a path) as an absolute link from the site's origin (helpcenter/sites.py)."""
    request = context.get("request")
    return origin(request) + url if request and url and url.startswith("/") else url
