import re

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from feedback import views as feedback_views
from guides.links import views as link_views
from guides.mail import views as mail_views
from helpcenter import views as site_views
from helpcenter.password_reset import ThrottledPasswordResetView
from search import views as search_views
from troubleshooter import views as troubleshooter_views


def case_insensitive(path: str) -> str:
    """A reversible pattern matching `path` in any letter case (inline (?i) flags cannot be reversed)."""
    return "^" + "".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else re.escape(c) for c in path) + "$"


urlpatterns = [
    # Before the admin's own: the same address, with limits (Wagtail's view otherwise).
    path("admin/password_reset/", ThrottledPasswordResetView.as_view()),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", site_views.sitemap, name="sitemap"),
    path("sitemap-<int:number>.xml", site_views.sitemap_part, name="sitemap-part"),
    path("robots.txt", site_views.robots_txt, name="robots-txt"),
    # Mail programs configure themselves from these (see README, "Mail program endpoints").
    path(
        ".well-known/autoconfig/mail/config-v1.1.xml",
        mail_views.thunderbird_autoconfig,
        name="thunderbird-autoconfig-well-known",
    ),
    path("mail/config-v1.1.xml", mail_views.thunderbird_autoconfig, name="thunderbird-autoconfig"),
    re_path(case_insensitive("autodiscover/autodiscover.xml"), mail_views.outlook_autodiscover, name="autodiscover"),
    path("mobileconfig/", mail_views.apple_profile, name="apple-profile"),
    path("mobileconfig/qr/", mail_views.apple_profile_qr, name="apple-profile-qr"),
    # Links that last (README): stable keys, and the old help site's addresses in the wild, each a redirect
    # to a page in the reader's language; what nobody made leads to search, which these views are handed.
    re_path(r"^go/(?P<key>.*)$", link_views.go, {"search": search_views.search}, name="go"),
    path("", link_views.old_root, {"search": search_views.search}, name="old-site-root"),
    re_path(
        r"^(?:index\.php/)?category/(?P<category>[^/]+)/question/(?P<question>[^/]+)/?$",
        link_views.old_question,
        {"search": search_views.search},
        name="old-site-question",
    ),
    re_path(
        r"^(?:index\.php/)?category/(?P<category>[^/]+)/?$",
        link_views.old_category,
        {"search": search_views.search},
        name="old-site-category",
    ),
    re_path(
        r"^(?:index\.php/)?tag/(?P<tag>[^/]+)/?$",
        link_views.old_tag,
        {"search": search_views.search},
        name="old-site-tag",
    ),
    re_path(
        r"^(?:index\.php/)?feedback/questions/?$",
        link_views.old_feedback_questions,
        {"search": search_views.search},
        name="old-site-feedback-questions",
    ),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Every public page lives under its language prefix: /lv/, /en/, /ru/, /lt/.
urlpatterns += i18n_patterns(
    path("feedback/<int:page_id>/", feedback_views.vote, name="feedback"),
    path("feedback/<int:page_id>/why/", feedback_views.why_not, name="feedback_why_not"),
    path(
        "troubleshooter/<str:problem_id>/<str:cause_id>/fixed/",
        troubleshooter_views.answer,
        {"fixed": True},
        name="cause_fixed",
    ),
    path(
        "troubleshooter/<str:problem_id>/<str:cause_id>/still/",
        troubleshooter_views.answer,
        {"fixed": False},
        name="cause_still",
    ),
    path("troubleshooter/thanks/", troubleshooter_views.thanks, name="troubleshooter_thanks"),
    path("search/", search_views.search, name="search"),
    path("search/open/", search_views.opened, name="search_open"),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)
