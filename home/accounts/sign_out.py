"""Signing out by POST only, on the site (``/logout/``) and in the admin (``/admin/logout/``).

A GET shows "Sign out?" with a button that POSTs (with the CSRF token), so a link, an
image or a redirect on any page cannot end someone's session. Wagtail's own admin view
deleted the session cookie even when it refused a GET (405).
"""

from django.template.response import TemplateResponse
from django.urls import reverse
from wagtail.admin.views.account import LogoutView as WagtailAdminLogoutView

from .views import SignOutView

__all__ = ["AdminSignOutView", "ConfirmedSignOutView"]

CONFIRM_TEMPLATE = "registration/sign_out_confirm.html"


def confirmation(request, *, action: str, cancel: str) -> TemplateResponse:
    """The "Sign out?" page: a form POSTing to ``action``, and a way back to ``cancel``."""
    return TemplateResponse(request, CONFIRM_TEMPLATE, {"action": action, "cancel": cancel})


class ConfirmedSignOutView(SignOutView):
    """``/logout/``: GET asks to confirm, POST signs out (Django's ``LogoutView``)."""

    http_method_names = ["get", "post", "options"]

    def get(self, request, *args, **kwargs):
        return confirmation(request, action=request.path, cancel="/")


class AdminSignOutView(WagtailAdminLogoutView):
    """``/admin/logout/``: GET asks to confirm (the session and its cookie untouched), POST is Wagtail's sign-out."""

    def dispatch(self, request, *args, **kwargs):
        if request.method != "POST":
            return confirmation(request, action=request.path, cancel=reverse("wagtailadmin_home"))
        return super().dispatch(request, *args, **kwargs)
