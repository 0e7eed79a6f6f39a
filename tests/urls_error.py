"""The site's URLs plus a view that fails, for testing the 500 page (used via settings.ROOT_URLCONF)."""

from django.urls import path

from helpcenter import urls as site_urls


def broken_view(request):
    raise RuntimeError("deliberate failure for the 500 page test")


# Concatenated, not include()d: i18n_patterns are only allowed in the root URLconf.
urlpatterns = [path("test-server-error/", broken_view), *site_urls.urlpatterns]
handler500 = getattr(site_urls, "handler500", "django.views.defaults.server_error")
