"""The authentication backend for passwords and for the sessions that single sign-on opens."""

from allauth.account.auth_backends import AuthenticationBackend
from django.conf import settings


class SignInBackend(AuthenticationBackend):
    """django-allauth's backend, refusing every password when ``PASSWORD_SIGN_IN`` is off.

    Both sign-in pages (the site's ``/login/`` and the Wagtail admin's) and any other caller
    of ``django.contrib.auth.authenticate`` go through here, so switching passwords off in
    production cannot be bypassed by posting to a page that still has a password form.
    ``authenticate`` returns the user or None (wrong password, or passwords off).
    Single sign-on logs people in without a password and is unaffected.
    """

    def authenticate(self, request, **credentials):
        if not settings.PASSWORD_SIGN_IN and "password" in credentials:
            return None
        return super().authenticate(request, **credentials)
