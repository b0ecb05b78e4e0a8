"""Who may set, change or reset a password on this site (django-allauth's and Wagtail's pages).

Rules:
- An account made by single sign-on has no password here, and gets none by self-service:
  its sign-in belongs to the identity provider, so switching the person off there must
  switch them off here. "Set a password" is refused to everyone (an account without a
  password is one that signs in with single sign-on; a site administrator sets passwords
  in Settings → Users), and a password reset neither sends a link to such an account nor
  accepts one for it.
- With ``PASSWORD_SIGN_IN`` off no password is set, changed or reset by anyone, on allauth's
  pages or the admin's.

Each refusal is a page that says why (HTTP 403), never a 500 or a silent redirect.
"""

from __future__ import annotations

from functools import wraps

from allauth.account import views as allauth_views
from allauth.account.forms import ResetPasswordForm
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.views import View

__all__ = [
    "PasswordChangeView",
    "PasswordResetFromKeyView",
    "PasswordResetView",
    "PasswordSetView",
    "SingleSignOnAwareResetForm",
    "may_have_local_password",
    "refuse_without_password_sign_in",
]

# Why a password page is refused: picks the wording of "account/password_unavailable.html".
SWITCHED_OFF = "switched_off"
SINGLE_SIGN_ON = "single_sign_on"


def may_have_local_password(user) -> bool:
    """True when ``user`` may sign in with, change or reset a password of this site.

    Needs ``PASSWORD_SIGN_IN`` on and a usable password already: accounts made by single
    sign-on have none (allauth's ``save_user`` sets it unusable).
    """
    return bool(settings.PASSWORD_SIGN_IN and user is not None and user.has_usable_password())


def refused(request: HttpRequest, reason: str) -> HttpResponse:
    """The "no password here" page (HTTP 403); ``reason`` is ``SWITCHED_OFF`` or ``SINGLE_SIGN_ON``."""
    return TemplateResponse(request, "account/password_unavailable.html", {"reason": reason}, status=403)


def refuse_without_password_sign_in(view):
    """Decorate ``view`` so that it answers the refusal page while ``PASSWORD_SIGN_IN`` is off.

    Used for Wagtail's admin password reset pages, which Django's own forms drive.
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not settings.PASSWORD_SIGN_IN:
            return refused(request, SWITCHED_OFF)
        return view(request, *args, **kwargs)

    return wrapped


class PasswordSetView(View):
    """``/accounts/password/set/``: always refused (allauth offers it to accounts without a password)."""

    def dispatch(self, request, *args, **kwargs):
        return refused(request, SINGLE_SIGN_ON if settings.PASSWORD_SIGN_IN else SWITCHED_OFF)


class PasswordChangeView(allauth_views.PasswordChangeView):
    """allauth's "Change password", refused while ``PASSWORD_SIGN_IN`` is off."""

    def dispatch(self, request, *args, **kwargs):
        if not settings.PASSWORD_SIGN_IN:
            return refused(request, SWITCHED_OFF)
        return super().dispatch(request, *args, **kwargs)


class SingleSignOnAwareResetForm(ResetPasswordForm):
    """allauth's "Forgotten your password?" form, sending no link to accounts without a password.

    The page that follows is the same whoever asked (it does not say whether the address
    has an account); an account that signs in with single sign-on is simply sent nothing.
    """

    def clean_email(self) -> str:
        email = super().clean_email()
        self.signs_in_elsewhere = [user for user in self.users if not may_have_local_password(user)]
        self.users = [user for user in self.users if may_have_local_password(user)]
        return email

    def save(self, request: HttpRequest, **kwargs) -> str:
        if self.signs_in_elsewhere and not self.users:
            return self.cleaned_data["email"]
        return super().save(request, **kwargs)


class PasswordResetView(allauth_views.PasswordResetView):
    """allauth's "Forgotten your password?" page: refused while ``PASSWORD_SIGN_IN`` is off."""

    form_class = SingleSignOnAwareResetForm

    def get_form_class(self):
        return SingleSignOnAwareResetForm

    def dispatch(self, request, *args, **kwargs):
        if not settings.PASSWORD_SIGN_IN:
            return refused(request, SWITCHED_OFF)
        return super().dispatch(request, *args, **kwargs)


class PasswordResetFromKeyView(allauth_views.PasswordResetFromKeyView):
    """allauth's "choose a new password" page behind a reset link.

    Refused while ``PASSWORD_SIGN_IN`` is off, and for an account without a password of its
    own (a link made for it anyway, e.g. before it was linked to single sign-on, sets none).
    """

    def dispatch(self, request, *args, **kwargs):
        if not settings.PASSWORD_SIGN_IN:
            return refused(request, SWITCHED_OFF)
        return super().dispatch(request, *args, **kwargs)

    def _refusal(self) -> HttpResponse | None:
        user = getattr(self, "reset_user", None)
        if user is not None and not may_have_local_password(user):
            return refused(self.request, SINGLE_SIGN_ON)
        return None

    def get(self, request, *args, **kwargs):
        return self._refusal() or super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        return self._refusal() or super().post(request, *args, **kwargs)
