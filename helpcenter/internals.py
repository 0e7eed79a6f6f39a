"""The shortcuts that lean on private parts of Wagtail, Django, wagtail-modeltranslation and django-csp.

Each is a line or two, kept here so that they are known: tests/helpcenter/test_internals.py checks the
assumption each makes about the framework, so an upgrade that breaks one fails there, by name. This module
imports no models: the page cache's front (helpcenter/wsgi.py) loads it before Django is set up.
"""

from django.conf import settings


def set_route(page_class, route) -> None:
    """Give `page_class` its own `route` back. wagtail-modeltranslation's ready() assigns its `_new_route`
    to every registered page class, over a `route` the class defines, so this runs in a later app's ready().
    `route` has Wagtail's `Page.route(self, request, path_components)` signature."""
    page_class.route = route


def hand_site(request, site) -> None:
    """Tell Wagtail the request's site. Site.find_for_request answers with `request._wagtail_site` when it
    is set, without a query, and Page.route_for_request routes from that site's root page instance
    (`root_page.localized.specific`: the same instance while WAGTAIL_I18N_ENABLED is off)."""
    request._wagtail_site = site


def raw_host(meta, secure: bool) -> str:
    """HttpRequest._get_raw_host() from the environ alone: the host before ALLOWED_HOSTS is checked, which
    is what Wagtail matches sites by (Site._find_for_request)."""
    if settings.USE_X_FORWARDED_HOST and "HTTP_X_FORWARDED_HOST" in meta:
        return meta["HTTP_X_FORWARDED_HOST"]
    if "HTTP_HOST" in meta:
        return meta["HTTP_HOST"]
    host, port = meta.get("SERVER_NAME", ""), str(meta.get("SERVER_PORT", ""))
    return host if port == ("443" if secure else "80") else f"{host}:{port}"


def replace_csp(response, directives: dict) -> None:
    """Replace these directives of the Content-Security-Policy for this response: django-csp's middleware
    reads `response._csp_replace`, which its @csp_replace decorator sets on a view's response."""
    response._csp_replace = directives
