from django import template
from django.conf import settings
from django.utils import translation
from wagtail.models import Page

from helpcenter.sites import origin

from ..rendering import StepsRenderer
from ..translations import tracking

register = template.Library()


@register.simple_tag(takes_context=True)
def tokens(context, text):
    """Render prose with its {tokens} replaced by values from the page's MailValues."""
    values = context.get("values")
    if values is None:
        return text or ""
    return values.render_text(text or "", context.get("page_links"))


@register.simple_tag(takes_context=True)
def value(context, key):
    return context["values"].value(key)


@register.simple_tag(takes_context=True)
def steps(context, sections):
    """A page's sections of steps as HTML (guides/rendering.py)."""
    return StepsRenderer(context["values"], context.get("page_links")).sections(sections)


@register.simple_tag(takes_context=True)
def language_links(context, page=None):
    """The same page in every language: code, local name, URL, whether it is the current one."""
    request = context.get("request")
    current = translation.get_language()
    links = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            url = page.get_url(request) if isinstance(page, Page) else f"/{code}/"
        info = translation.get_language_info(code)
        links.append({"code": code, "name": info["name_local"], "url": url, "current": code == current})
    return links


@register.simple_tag(takes_context=True)
def absolute(context, url):
    """`url` (a path) as an absolute link from the site's origin (helpcenter/sites.py)."""
    request = context.get("request")
    return origin(request) + url if request and url and url.startswith("/") else url


@register.simple_tag
def translation_notice(page):
    """ "missing" or "stale" when the reader's language lacks or lags behind part of `page`."""
    if not isinstance(page, Page):
        return None
    return tracking.translation_notice(page, getattr(page, "step_list", []))
