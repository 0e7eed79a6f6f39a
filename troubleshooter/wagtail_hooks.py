from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .report import CauseAnswersReportView


@hooks.register("register_admin_urls")
def troubleshooter_report_urls():
    return [
        path("troubleshooter/", CauseAnswersReportView.as_view(), name="troubleshooter_report"),
        path(
            "troubleshooter/results/",
            CauseAnswersReportView.as_view(results_only=True),
            name="troubleshooter_report_results",
        ),
    ]


class CauseAnswersMenuItem(MenuItem):
    def is_shown(self, request):
        return CauseAnswersReportView.permission_policy.user_has_permission(request.user, "view")


@hooks.register("register_reports_menu_item")
def troubleshooter_report_menu_item():
    view = CauseAnswersReportView
    return CauseAnswersMenuItem(view.page_title, reverse(view.index_url_name), icon_name="help", order=805)
