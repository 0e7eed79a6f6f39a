from django import template
from django.utils.html import format_html
from wagtail.models import Page

from ..models import TroubleshootingPage, problems_by_program
from ..models.troubleshooting import PROGRAMS
from ..rendering import StepsRenderer, render_text, value_html
from ..translations import tracking
from ..values import without_symbols

register = template.Library()

# A program's internal symbols (IXP_E_FAILED_TO_CONNECT) stay in the record and in search, not on the page.
register.filter("without_symbols", without_symbols)


@register.simple_tag
def program_names():
    """[(program kind, name)] of every program a message may be from, as the hub and a problem name them."""
    return PROGRAMS


@register.simple_tag(takes_context=True)
def tokens(context, text):
    """Render prose with its {tokens} replaced by values from the page's MailValues."""
    values = context.get("values")
    if values is None:
        return text or ""
    return render_text(values, text or "", context.get("page_links"))


@register.simple_tag(takes_context=True)
def value(context, key):
    """The value of a reference as a chip (guides/rendering.py)."""
    return value_html(context["values"].value(key))


@register.simple_tag(takes_context=True)
def value_text(context, key):
    """The value of a reference as plain text, for a sentence."""
    return context["values"].value(key).text


@register.simple_tag(takes_context=True)
def reader_domain(context):
    """The domain the values are for, as words (a caption's, no chip) that the reader's own address replaces."""
    return format_html('<span data-ref="reader.domain">{}</span>', context["values"].domain)


@register.simple_tag(takes_context=True)
def support_link(context):
    """The provider's support contact as a link, or "" while the record names none."""
    contact = context["values"].support_contact()
    return format_html('<a class="support" href="{}">{}</a>', *contact) if contact else ""


@register.simple_tag(takes_context=True)
def page_link(context, slug):
    """The help center's page `slug` as a PageLink (its title and URL in the active language), or None when
    the help center has no such live page: the way out links the password steps this way."""
    return (context.get("page_links") or {}).get(slug)


@register.simple_tag(takes_context=True)
def steps(context, sections, prefix="section", level=2):
    """A page's sections of steps as HTML (guides/rendering.py)."""
    return StepsRenderer(context["values"], context.get("page_links")).sections(sections, prefix, level)


@register.simple_tag
def translation_notice(page):
    """ "missing" or "stale" when the reader's language lacks or lags behind part of `page`."""
    if not isinstance(page, Page):
        return None
    return tracking.translation_notice(page, getattr(page, "step_list", []))


@register.simple_tag(takes_context=True)
def troubleshooting(context, program_kind=None):
    """The troubleshooting hub of this help center and, for a program, its problems with their messages:
    {"hub": page or None, "problems": [(problem, messages)]} (one query, the pages are known already)."""
    pages = context.get("help_center_pages") or []
    hub = next((p for p in pages if p.specific_class is TroubleshootingPage), None)
    problems = []
    if hub is not None and program_kind:
        groups, _others = problems_by_program(pages, only=program_kind)
        problems = groups[0][2] if groups else []
    return {"hub": hub, "problems": problems}
