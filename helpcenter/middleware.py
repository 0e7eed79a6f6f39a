"""Site-wide middleware (the rest of the stack is Django's, Wagtail's and django-csp's; see settings)."""

from csp.constants import SELF
from django.conf import settings

from .internals import replace_csp


class PreviewFramingMiddleware:
    """Wagtail's preview panel shows a page inside the admin, in a frame: a preview keeps the public
    Content-Security-Policy, but may be framed by this site ('self' instead of 'none').

    A preview is rendered through the whole middleware stack on a request of its own, with
    `is_preview` set; listed after django-csp's middleware, so the policy is built after this runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "is_preview", False):
            replace_csp(response, {"frame-ancestors": [SELF]})
        return response


class LockoutRetryAfterMiddleware:
    """django-axes answers a blocked sign-in with 429 and no Retry-After: say when to try again (the block
    lifts AXES_COOLOFF_TIME after the last attempt, and every attempt before then starts it again). Only in
    the admin: the readers' limits say their own."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 429 and "Retry-After" not in response and request.path.startswith("/admin/"):
            response["Retry-After"] = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
        return response
