"""Response headers and request checks that apply to every page of the site and the admin.

- ``SiteContentSecurityPolicyMiddleware``: Content-Security-Policy, strict on the site and
  report-only in the Wagtail admin.
- ``PermissionsPolicyMiddleware``: a ``Permissions-Policy`` header switching off browser
  features the intranet never uses.
- ``SignedInNoStoreMiddleware``: ``Cache-Control: private, no-store`` on every response to
  a signed-in person, so nothing they saw can be shown again from the browser's cache after
  they sign out of a shared school computer.
- ``RefreshSessionMiddleware``: keeps a signed-in session alive while it is used, writing
  it at most every few minutes instead of on every request.
- ``RejectNulCharactersMiddleware``: a clear "400 Bad request" page for a query string that
  contains a NUL character, which neither SQLite's FTS5 nor PostgreSQL accept in a query.
"""

import time

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.csp import ContentSecurityPolicyMiddleware
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext_lazy as _


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


def permissions_policy_header(policy: dict[str, list[str]]) -> str:
    """Return the ``Permissions-Policy`` header value for ``policy``.

    ``policy`` maps a feature name ("camera") to its allow-list: ``[]`` disables the
    feature everywhere, ``["self"]`` allows it for the site's own pages. The syntax is
    the W3C Permissions Policy structured-header form, e.g. ``camera=(), usb=(self)``.
    """
    return ", ".join(f"{feature}=({' '.join(origins)})" for feature, origins in policy.items())


class ResponseMiddleware:
    """A middleware that only adds to the response: subclasses implement ``process_response``.

    ``process_response(request, response)`` takes the view's response and returns it (or
    another).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.process_response(request, self.get_response(request))

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        """Return ``response``, changed as the middleware does. Subclasses must implement it."""
        raise NotImplementedError


class PermissionsPolicyMiddleware(ResponseMiddleware):
    """Send ``Permissions-Policy`` (``settings.PERMISSIONS_POLICY``) with every response.

    A view that already set the header keeps its own. The header means a script injected
    into a page, or a framed page, cannot reach the camera, microphone, location and
    similar features that the intranet never uses.
    """

    def __init__(self, get_response):
        super().__init__(get_response)
        self.header = permissions_policy_header(settings.PERMISSIONS_POLICY)

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        response.headers.setdefault("Permissions-Policy", self.header)
        return response


class SignedInNoStoreMiddleware(ResponseMiddleware):
    """Mark every response to a signed-in person ``Cache-Control: private, no-store``.

    Staff share classroom and staffroom computers: a request, the register or an approval
    record must not be shown from the browser's cache (the Back button) after sign-out.
    Anonymous public pages are left cacheable. Must come after ``AuthenticationMiddleware``.
    Source: OWASP ASVS 4.0 8.2.1 (anti-caching headers for sensitive data).
    """

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response


class RejectNulCharactersMiddleware:
    """Answer 400 with a plain explanation when the query string contains a NUL character.

    A NUL (``%00``) typed or pasted into any search box (the site search, the register's
    search, the admin's searches) made the database refuse the query with a 500 error.
    No page of the intranet has a use for it, so it is refused before any view runs.
    Form fields posted in a request body are already checked by Django's form fields
    (``ProhibitNullCharactersValidator``).
    """

    template_name = "400_nul_character.html"
    message = _("The search or web address contained a character that cannot be used (a NUL character).")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if any("\x00" in key or "\x00" in value for key, values in request.GET.lists() for value in values):
            return self.refuse(request)
        return self.get_response(request)

    def refuse(self, request: HttpRequest) -> HttpResponse:
        """Return the 400 page; its text is ``message``, so the reader knows what to change."""
        response = TemplateResponse(request, self.template_name, {"message": self.message}, status=400)
        return response.render()


class RefreshSessionMiddleware(ResponseMiddleware):
    """Renew an existing session's two-hour idle time-out at most every ``SESSION_REFRESH_SECONDS``.

    With ``SESSION_SAVE_EVERY_REQUEST`` every page view wrote the session row (an
    ``UPDATE`` per request). Here a session that already exists is marked modified only
    when more than ``SESSION_REFRESH_SECONDS`` (5 minutes) have passed since this
    middleware last renewed it (the time, in seconds since the epoch, is kept in the
    session under ``_refreshed_at``); Django's ``SessionMiddleware`` then saves it and
    sends the cookie with a fresh expiry. A visitor with no session gets none. Must sit
    just after ``SessionMiddleware``.
    """

    key = "_refreshed_at"

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        session = getattr(request, "session", None)
        if session is None or not session.session_key:
            return response
        last = session.get(self.key, 0)  # loads the session; an unknown or expired key is dropped
        if not session.session_key:
            return response
        now = int(time.time())
        if session.modified or now - int(last) > settings.SESSION_REFRESH_SECONDS:
            session[self.key] = now
        return response
