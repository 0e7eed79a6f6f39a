from django.conf import settings


class ContentSecurityPolicyMiddleware:
    """Send the site's Content-Security-Policy on every public response (the admin has its own needs)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(settings.CSP_EXEMPT_PREFIXES):
            return response
        policy = settings.CONTENT_SECURITY_POLICY
        if getattr(request, "is_preview", False):  # Wagtail's preview panel frames the page in the admin
            policy = policy.replace("frame-ancestors 'none'", "frame-ancestors 'self'")
        response.headers.setdefault("Content-Security-Policy", policy)
        return response
