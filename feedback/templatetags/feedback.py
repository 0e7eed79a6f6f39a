"""The "Was this helpful?" box: the site's frame (helpcenter/templates/base.html) shows it under every page
readers can vote on, so the pages' own templates need not know this app."""

from django import template

from ..models import WhyNot
from ..views import takes_votes

register = template.Library()


@register.inclusion_tag("feedback/form.html", takes_context=True)
def feedback_box(context, page):
    """The box for `page`, or nothing when it is no page readers vote on (feedback.views.VOTED_ON)."""
    return {
        "page": page,
        "request": context.get("request"),
        "shown": takes_votes(page),
        "why_not_choices": WhyNot.choices,
    }
