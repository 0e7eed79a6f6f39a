"""Site-wide middleware (the rest of the stack is Django's, Wagtail's and django-csp's; see settings)."""

from csp.constants import SELF

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
