"""Content-Security-Policy that is strict on the site and report-only in the Wagtail admin."""

from django.conf import settings
from django.middleware.csp import ContentSecurityPolicyMiddleware


class SiteContentSecurityPolicyMiddleware(ContentSecurityPolicyMiddleware):
    """Django's CSP middleware, with the policy only *reported* under the Wagtail admin.

    The public site and the staff area enforce ``SECURE_CSP``. Wagtail's admin still
    relies on inline scripts and styles, so there the same policy is sent as
    ``Content-Security-Policy-Report-Only``: violations are visible in the browser
    console without breaking the editors' screens. A view that sets its own policy
    (Django's ``csp_override`` decorators) keeps it.
    """

    admin_prefix = "/admin/"

    def process_response(self, request, response):
        if request.path.startswith(self.admin_prefix) and not hasattr(response, "_csp_config"):
            response._csp_config = {}
            response._csp_ro_config = settings.SECURE_CSP
        return super().process_response(request, response)
