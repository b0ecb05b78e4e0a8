"""Sign-in and sign-out pages in the site's own style."""

from allauth.account.internal.flows.login import perform_password_login
from allauth.account.models import Login
from allauth.account.views import LoginView as AllauthLoginView
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.adapter import get_adapter as get_mfa_adapter
from allauth.mfa.base.views import AuthenticateView
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.views import ActivateTOTPView
from allauth.mfa.webauthn.views import AddWebAuthnView, RemoveWebAuthnView
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.views.generic import TemplateView
from wagtail.admin.views.account import LoginView as WagtailAdminLoginView

from .browser_trust import TRUST_FIELD, browser_has_trust, forget_browser, trust_browser, trust_days
from .mfa import record_enrolment
from .sso import sign_in_form_targets


class SignInView(AllauthLoginView):
    """The staff sign-in page (django-allauth's): password, single sign-on buttons, passkey.

    Returns visitors to the page they asked for (``next``), else ``landing_url_for``. A
    password POST is refused (403) when ``PASSWORD_SIGN_IN`` is off. People with a second
    factor are taken to the challenge after their password.
    """

    template_name = "registration/login.html"

    def get_form_kwargs(self) -> dict:
        """Read the username from the page's ``username`` field into allauth's ``login`` field.

        The sign-in page (and anything that posts to it, such as password managers) keeps
        the field name it has always had.
        """
        kwargs = super().get_form_kwargs()
        data = kwargs.get("data")
        if data is not None and "login" not in data and "username" in data:
            data = data.copy()
            data["login"] = data["username"]
            kwargs["data"] = data
        return kwargs

    def post(self, request, *args, **kwargs):
        if not settings.PASSWORD_SIGN_IN:
            raise PermissionDenied("Password sign-in is switched off; use single sign-on.")
        return super().post(request, *args, **kwargs)

    def render_to_response(self, context, **response_kwargs):
        """The page, with the identity providers allowed as targets of its "Sign in with ..." forms."""
        response = super().render_to_response(context, **response_kwargs)
        policy = dict(settings.SECURE_CSP)
        policy["form-action"] = [*policy.get("form-action", []), *sign_in_form_targets()]
        response._csp_config = policy
        return response

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        context["next"] = self.request.POST.get("next") or self.request.GET.get("next", "")
        context["password_sign_in"] = settings.PASSWORD_SIGN_IN
        return context


class AdminSignInView(WagtailAdminLoginView):
    """Wagtail's admin sign-in page, with a passkey first, the single sign-on buttons and the password switch.

    The page is Wagtail's; a right password continues in django-allauth's login flow, as on
    ``/login/``: people with an authenticator app or passkey are asked for it before the
    session is signed in (``home.accounts.sign_in_flow``), and go on to ``next`` (else the
    dashboard) afterwards. With ``PASSWORD_SIGN_IN`` off the password form is hidden and a
    POST is refused (403).
    """

    def post(self, request, *args, **kwargs):
        if not settings.PASSWORD_SIGN_IN:
            raise PermissionDenied("Password sign-in is switched off; use single sign-on.")
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        """Hand the checked password on to allauth's flow instead of signing in here (Django's ``login``)."""
        user = form.get_user()
        login = Login(user=user, redirect_url=self.get_success_url())
        return perform_password_login(self.request, {"username": user.get_username()}, login)

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        context["password_sign_in"] = settings.PASSWORD_SIGN_IN
        context["passkey_login"] = mfa_settings.PASSKEY_LOGIN_ENABLED
        return context


class SignOutView(auth_views.LogoutView):
    """Signs the user out (POST only) and shows the "signed out" page."""

    next_page = "logged_out"


class SignedOutView(TemplateView):
    """Confirms that the user has signed out; offers "Stop trusting this browser" when it is trusted.

    GET shows the page (``browser_trusted`` in the context); POST deletes the trust cookie
    (``browser_trust.forget_browser``) and comes back here with a message.
    """

    template_name = "registration/logged_out.html"

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        context["browser_trusted"] = browser_has_trust(self.request)
        return context

    def post(self, request, *args, **kwargs):
        response = HttpResponseRedirect(reverse("logged_out"))
        forget_browser(response)
        messages.success(request, "This browser is no longer trusted: the next sign-in here asks for your code.")
        return response


class ActivateAuthenticatorAppView(ActivateTOTPView):
    """allauth.mfa's "set up an authenticator app" page; the valid code also counts as this session's second factor.

    The person has just typed a code from the new app, so they are not asked again before
    the admin page that sent them here (see ``home.accounts.mfa.record_enrolment``).
    """

    def form_valid(self, form):
        response = super().form_valid(form)
        record_enrolment(self.request, Authenticator.objects.get(user=self.request.user, type=Authenticator.Type.TOTP))
        return response


class AddPasskeyView(AddWebAuthnView):
    """allauth.mfa's "add a passkey or security key" page; the new key's signature counts as the second factor."""

    def form_valid(self, form):
        response = super().form_valid(form)
        latest = (
            Authenticator.objects.filter(user=self.request.user, type=Authenticator.Type.WEBAUTHN).order_by("pk").last()
        )
        record_enrolment(self.request, latest)
        return response


class RemovePasskeyView(RemoveWebAuthnView):
    """allauth.mfa's "remove a passkey" page, refusing an admin role's last second factor.

    allauth checks ``can_delete_authenticator`` only when an authenticator app is
    deactivated; the same rule (``home.accounts.mfa_adapter``) applies here. A refused
    removal goes back to the passkey list with the reason.
    """

    def form_valid(self, form):
        adapter = get_mfa_adapter()
        if not adapter.can_delete_authenticator(self.get_object()):
            messages.error(self.request, adapter.error_messages["cannot_delete_authenticator"])
            return HttpResponseRedirect(reverse("mfa_list_webauthn"))
        return super().form_valid(form)


class SecondFactorView(AuthenticateView):
    """allauth.mfa's second-factor page at sign-in, with an unticked "Trust this browser" box.

    Ticked with a right code or passkey, the browser is trusted for Trust settings' days
    (``browser_trust.trust_browser``) once the sign-in has completed; unticked, or with 0
    days in Trust settings (the box is then not shown), nothing is remembered. The response
    is allauth's: the page again with the error, or the redirect after sign-in.
    """

    def form_valid(self, form):
        user = self.stage.login.user
        wants_trust = self.request.POST.get(TRUST_FIELD) == "on"
        response = super().form_valid(form)
        signed_in = self.request.user.is_authenticated and self.request.user.pk == user.pk
        if wants_trust and signed_in:
            trust_browser(self.request, user, response)
        return response

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        context["trust_days"] = trust_days(self.request)
        context["trust_field"] = TRUST_FIELD
        return context
