"""Second factors: who must have one, and the middleware that makes them use it.

Rule (DfE cyber security standards for schools: MFA for accounts that reach sensitive data):
everyone who can use the Wagtail admin (``home.roles.ADMIN_ROLES``, superusers, anyone given
admin access) passes a second factor before any page that needs sign-in (the admin, the
staff area, attachments, approval records), which covers every approval action. The
sign-in flow asks for it before the session is signed in (``home.accounts.sign_in_flow``);
this middleware holds anyone whose session is signed in without it (an admin role who has
not set one up yet) on the enrolment or challenge pages. Staff may enrol from their account
page; they are never made to.
"""

from urllib.parse import urlencode

from allauth.account.internal.flows.login import get_authentication_records, record_authentication
from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from home import roles

from .browser_trust import is_trusted_browser
from .landing import landing_url_for

# Reachable without the second factor: signing in and out, and resetting a password.
OPEN_PATHS = (
    "/login/",
    "/logout/",
    "/signed-out/",
    "/admin/login/",
    "/admin/logout/",
    "/admin/password_reset/",
    "/accounts/logout/",
    "/accounts/password/reset/",
)
# Where someone with an authenticator proves it (a code, a recovery code, a passkey).
CHALLENGE_PATHS = ("/accounts/2fa/reauthenticate/", "/accounts/2fa/webauthn/reauthenticate/")
# Where someone who needs a second factor and has none sets one up.
ENROLMENT_PREFIX = "/accounts/2fa/"
# Set on a single sign-on whose identity provider vouched for a second factor (see home.accounts.sso).
IDP_MFA_SESSION_KEY = "intranet_idp_mfa"
# Where to go back to once the second factor is set up or passed.
NEXT_SESSION_KEY = "intranet_mfa_next"
SECOND_FACTOR_TYPES = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)


def needs_second_factor(user) -> bool:
    """True when ``user`` must pass a second factor before the admin: superusers, admin roles, admin access."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or user.groups.filter(name__in=roles.ADMIN_ROLES).exists():
        return True
    return user.has_perm("wagtailadmin.access_admin")


def has_second_factor(user) -> bool:
    """True when ``user`` has enrolled an authenticator app or a passkey/security key."""
    return Authenticator.objects.filter(user_id=user.pk, type__in=SECOND_FACTOR_TYPES).exists()


def session_passed_second_factor(request: HttpRequest) -> bool:
    """True when this session's sign-in included a second factor, or it is on a browser its user trusts.

    Ours (allauth.mfa records ``{"method": "mfa", ...}`` for a TOTP code, a recovery code or a
    passkey, at sign-in, at the challenge or at enrolment) or the identity provider's, when
    trusted (``SSO_TRUST_IDP_MFA``). Records belong to the session's user only. A trusted
    browser (``browser_trust``) is checked on each request, so a trust that ends (password
    or authenticator changed, Trust settings at 0 days) sends the session to the challenge.
    """
    if request.session.get(IDP_MFA_SESSION_KEY):
        return True
    records = get_authentication_records(request, request.user)
    if any(record.get("method") == "mfa" for record in records):
        return True
    return is_trusted_browser(request, request.user)


def record_enrolment(request: HttpRequest, authenticator: Authenticator) -> None:
    """Count a just-enrolled authenticator as this session's second factor.

    Enrolment proves possession (a valid TOTP code, or a passkey's signature), so the
    person is not asked again straight away. Recovery codes prove nothing and are skipped.
    """
    if authenticator.type in SECOND_FACTOR_TYPES and request.user.is_authenticated:
        record_authentication(
            request, request.user, "mfa", id=authenticator.pk, type=authenticator.type, reauthenticated=True
        )


class RequireSecondFactorMiddleware:
    """Hold admin roles whose session has not passed a second factor on the enrolment or challenge pages.

    For any request (the admin, the staff area, attachments, records, everything) by a
    signed-in user who ``needs_second_factor`` and whose session has not passed one, except
    ``OPEN_PATHS``: a user with no authenticator may only use the two-factor pages and is
    sent to "Set up an authenticator app"; one with an authenticator may only use the
    challenge and is sent there (a session signed in through ``/login/`` or ``/admin/login/``
    never gets here: the sign-in flow asked for the code first). Both come back to the page
    they asked for. Returns the redirect, or the view's response.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._must_stop(request):
            return self._redirect(request)
        return self.get_response(request)

    def _must_stop(self, request: HttpRequest) -> bool:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or request.path.startswith(OPEN_PATHS):
            return False
        if session_passed_second_factor(request) or not needs_second_factor(user):
            return False
        allowed = CHALLENGE_PATHS if has_second_factor(user) else (ENROLMENT_PREFIX,)
        return not request.path.startswith(allowed)

    def _redirect(self, request: HttpRequest) -> HttpResponse:
        next_url = request.get_full_path() if request.method == "GET" else landing_url_for(request.user)
        request.session[NEXT_SESSION_KEY] = next_url
        if has_second_factor(request.user):
            challenge = "mfa_reauthenticate"
            if not Authenticator.objects.filter(user_id=request.user.pk, type=Authenticator.Type.TOTP).exists():
                challenge = "mfa_reauthenticate_webauthn"
            return HttpResponseRedirect(f"{reverse(challenge)}?{urlencode({'next': next_url})}")
        messages.info(
            request,
            _(
                "Your role needs a second factor before you use the intranet. Set up an authenticator app "
                "below (or add a passkey from Two-factor authentication), then continue."
            ),
        )
        return HttpResponseRedirect(reverse("mfa_activate_totp"))


def continue_url(request: HttpRequest) -> str:
    """Where "Continue" goes after enrolment: the admin page that asked for it, else the site's landing page."""
    return request.session.get(NEXT_SESSION_KEY) or landing_url_for(request.user)
