"""What helpcenter/internals.py assumes about Wagtail, Django, wagtail-modeltranslation and django-csp.

Each test names the private part a shortcut relies on; when an upgrade changes it, the test says which.
"""

import inspect
from unittest import mock

import pytest
from csp.constants import SELF
from csp.middleware import CSPMiddleware
from django.apps import apps
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory
from django.utils import translation
from wagtail.models import Page, Site
from wagtail_modeltranslation import patch_wagtailadmin

from guides.models import ArticlePage, GuidePage, HelpIndexPage
from helpcenter.internals import hand_site, raw_host, replace_csp
from helpcenter.sites import SiteDirectory

# --- set_route: our routing, set after wagtail-modeltranslation's -----------------------------------


def test_wagtail_modeltranslation_sets_its_route_on_each_registered_page_class():
    """Why HelpIndexPage's routing is set in GuidesConfig.ready: a `route` on the class would be replaced."""
    for page_class in (GuidePage, ArticlePage):
        assert page_class.__dict__["route"] is patch_wagtailadmin._new_route


def test_our_route_is_set_after_wagtail_modeltranslations():
    names = [config.name for config in apps.get_app_configs()]
    assert names.index("wagtail_modeltranslation") < names.index("guides")
    assert HelpIndexPage.route is HelpIndexPage.route_to_child


def test_our_route_has_the_signature_of_wagtails():
    ours = inspect.signature(HelpIndexPage.route_to_child)
    assert ours == inspect.signature(Page.route) == inspect.signature(patch_wagtailadmin._new_route)


# --- hand_site: the request's site, from the directory ------------------------------------------------


def test_wagtail_takes_the_site_handed_to_it_without_a_query(db, django_assert_num_queries):
    request = RequestFactory().get("/")
    site = Site.objects.get(is_default_site=True)
    hand_site(request, site)
    with django_assert_num_queries(0):
        assert Site.find_for_request(request) is site


def test_wagtail_keeps_the_site_it_found_where_hand_site_puts_it(db):
    request = RequestFactory().get("/")
    site = Site.find_for_request(request)
    assert site is not None
    assert request._wagtail_site is site


def test_wagtail_routes_from_the_root_page_instance_of_the_handed_site(db):
    """The help index a directory's site remembers (its live pages) is the one that routes the request."""
    site = Site.objects.select_related("root_page").get(is_default_site=True)
    root = site.root_page
    assert root.localized is root  # WAGTAIL_I18N_ENABLED is off
    assert root.specific is root.specific
    guide = GuidePage.objects.live().descendant_of(root).first()
    request = RequestFactory().get("/")
    hand_site(request, site)
    with translation.override("lv"):
        page, _args, _kwargs = Page.route_for_request(request, f"/{guide.slug}/")
    assert page.pk == guide.pk
    assert page.help_index is root.specific


# --- raw_host: the host Wagtail matches sites by ------------------------------------------------------

HOSTS = [
    ({"HTTP_HOST": "help.example.com:8000"}, {}),
    ({"SERVER_NAME": "help.example.com", "SERVER_PORT": "80"}, {}),
    ({"SERVER_NAME": "help.example.com", "SERVER_PORT": "8080"}, {}),
    ({"SERVER_NAME": "help.example.com", "SERVER_PORT": "443", "secure": True}, {}),
    ({"SERVER_NAME": "help.example.com", "SERVER_PORT": "80", "secure": True}, {}),
    ({"HTTP_X_FORWARDED_HOST": "a.example", "HTTP_HOST": "b.example"}, {"USE_X_FORWARDED_HOST": True}),
    ({"HTTP_X_FORWARDED_HOST": "a.example", "HTTP_HOST": "b.example"}, {"USE_X_FORWARDED_HOST": False}),
    (
        {"SERVER_NAME": "help.example.com", "SERVER_PORT": "443", "HTTP_X_FORWARDED_PROTO": "https"},
        {"SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https")},
    ),
]


@pytest.mark.parametrize(("meta", "changed"), HOSTS)
def test_raw_host_is_djangos_get_raw_host(settings, meta, changed):
    for name, value in changed.items():
        setattr(settings, name, value)
    meta = dict(meta)
    request = RequestFactory().get("/", secure=meta.pop("secure", False), **meta)
    if "HTTP_HOST" not in meta:
        request.META.pop("HTTP_HOST", None)
    assert raw_host(request.META, request.is_secure()) == request._get_raw_host()


def test_wagtail_matches_sites_by_get_raw_host(db):
    """Site.find_for_request reads the host through HttpRequest._get_raw_host (no ALLOWED_HOSTS check)."""
    default = Site.objects.get(is_default_site=True)
    other = Site.objects.create(hostname="other.example", port=80, root_page=default.root_page)
    request = RequestFactory().get("/")
    with mock.patch.object(HttpRequest, "_get_raw_host", autospec=True, return_value="other.example") as raw:
        assert Site._find_for_request(request) == other
    raw.assert_called_once_with(request)


@pytest.mark.parametrize("host", ["testserver", "other.example", "other.example:8080", "third.example:80", "nowhere"])
def test_the_directory_finds_the_site_wagtail_finds(db, host):
    default = Site.objects.get(is_default_site=True)
    Site.objects.create(hostname="other.example", port=80, root_page=default.root_page)
    Site.objects.create(hostname="other.example", port=8080, root_page=default.root_page)
    Site.objects.create(hostname="third.example", port=8000, root_page=default.root_page)
    request = RequestFactory().get("/", HTTP_HOST=host)
    assert SiteDirectory().find(request, generation=object()) == Site._find_for_request(request)


# --- replace_csp: a preview may be framed by the admin -----------------------------------------------


def test_django_csp_replaces_the_directives_set_by_replace_csp():
    def view(request):
        response = HttpResponse()
        replace_csp(response, {"frame-ancestors": [SELF]})
        return response

    policy = CSPMiddleware(view)(RequestFactory().get("/en/")).headers["Content-Security-Policy"]
    plain = CSPMiddleware(lambda request: HttpResponse())(RequestFactory().get("/en/"))
    assert "frame-ancestors 'self'" in policy
    assert "frame-ancestors 'none'" in plain.headers["Content-Security-Policy"]


# --- the test suite's own: pytest-xdist's groups ------------------------------------------------------


@pytest.mark.xdist_group("internals-check")
def test_pytest_xdist_keeps_a_group_in_one_process(request):
    """The browser tests and the gunicorn tests share servers per process through `--dist loadgroup`:
    pytest-xdist 3.8 adds the group to a test's node id (`item._nodeid`), which pytest 9.2 no longer
    reads (requirements-dev.txt pins 9.1). Without the suffix, a group is spread over every process."""
    if not getattr(request.config.option, "loadgroup", False):
        pytest.skip("not under pytest-xdist's --dist loadgroup")
    assert request.node.nodeid.endswith("@internals-check")


def test_wagtails_reference_index_switch_pauses_its_receiver(db):
    """guides/reference_index.py sets wagtail.signal_handlers.reference_index_auto_update_disabled around a
    page's save: Wagtail's post_save receiver must skip indexing while it is set, and index when it is not."""
    from wagtail.models import ReferenceIndex
    from wagtail.signal_handlers import reference_index_auto_update_disabled, update_reference_index_on_save

    from guides.models import HelpIndexPage

    index = HelpIndexPage.objects.get()
    ReferenceIndex.objects.filter(object_id=str(index.pk)).delete()
    reference_index_auto_update_disabled.value = True
    try:
        update_reference_index_on_save(instance=index)
        assert not ReferenceIndex.get_references_for_object(index).exists()
    finally:
        del reference_index_auto_update_disabled.value
    update_reference_index_on_save(instance=index)
    assert ReferenceIndex.get_references_for_object(index).exists()  # its settings record
