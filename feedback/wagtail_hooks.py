from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .report import FeedbackReportView, UnhelpfulPagesView


@hooks.register("register_admin_urls")
def feedback_urls():
    return [
        path("feedback/", FeedbackReportView.as_view(), name="feedback_report"),
        # what the filters fetch to refresh the listing in place (a Wagtail report's results view)
        path(
            "feedback/results/",
            FeedbackReportView.as_view(results_only=True),
            name="feedback_report_results",
        ),
        path("feedback/unhelpful/", UnhelpfulPagesView.as_view(), name="feedback_unhelpful"),
        path(
            "feedback/unhelpful/results/",
            UnhelpfulPagesView.as_view(results_only=True),
            name="feedback_unhelpful_results",
        ),
    ]


class FeedbackMenuItem(MenuItem):
    def is_shown(self, request):
        return FeedbackReportView.permission_policy.user_has_permission(request.user, "view")


@hooks.register("register_admin_menu_item")
def feedback_menu_item():
    return FeedbackMenuItem(_("Feedback"), reverse("feedback_report"), icon_name="comment", order=260)


@hooks.register("register_reports_menu_item")
def unhelpful_pages_menu_item():
    return FeedbackMenuItem(_("Unhelpful pages"), reverse("feedback_unhelpful"), icon_name="warning", order=800)
