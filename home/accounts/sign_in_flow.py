"""One sign-in flow: a session is signed in only after every factor the person needs.

Every way in (``/login/``, ``/admin/login/``, single sign-on callbacks, passkeys) goes
through django-allauth's login flow, whose stages run before Django's ``login()``; until
the last stage passes, the session holds no user. Our part:

- ``SecondFactorStage`` (allauth's MFA stage, key ``mfa_authenticate``): asks for the
  person's code or passkey after the password or single sign-on, except when the identity
  provider's own MFA counts (``SSO_TRUST_IDP_MFA``, whatever the person set up here), for
  a passkey sign-in (both factors at once) and on a browser the person chose to trust
  (``home.accounts.browser_trust``: Trust settings say for how long).
- ``AccountAdapter`` (``ACCOUNT_ADAPTER``): re-authentication as strong as the sign-in. For
  anyone with an authenticator app or passkey, changing second factors needs a second factor
  given within ``ACCOUNT_REAUTHENTICATION_TIMEOUT`` (5 minutes), and the password is not
  offered as a way to confirm (it is what an attacker would have).

Admin roles without any second factor yet sign in with their password and are then held on
the enrolment pages (``home.accounts.mfa.RequireSecondFactorMiddleware``).
"""

from __future__ import annotations

import time

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
from allauth.core import context
from allauth.mfa.models import Authenticator
from allauth.mfa.stages import AuthenticateStage
from allauth.mfa.utils import is_mfa_enabled
from allauth.mfa.webauthn.internal.flows import did_use_passwordless_login
from django.http import HttpRequest

from .browser_trust import is_trusted_browser
from .mfa import has_second_factor
from .sso import IntranetAccountAdapter, identity_provider_did_mfa

# allauth apps whose changes are account security: second factors and, if installed, sessions.
SECURITY_APPS = ("allauth.mfa", "allauth.usersessions")


class SecondFactorStage(AuthenticateStage):
    """allauth's second-factor stage, skipped when a trusted identity provider already did the second factor.

    Also skipped for a passkey sign-in and on a browser this person trusted
    (``browser_trust.is_trusted_browser``, whose age comes from Trust settings rather than
    allauth's fixed ``MFA_TRUST_COOKIE_AGE``).

    ``handle`` returns (redirect to the code page or None, continue). The session is marked
    as having passed a second factor only once signed in (``sso.remember_identity_provider_mfa``
    on allauth's ``user_logged_in``), never while the sign-in is still pending: a pending
    mark could outlive an abandoned sign-in and count for the next person's.
    """

    def _should_handle(self, request: HttpRequest) -> bool:
        sociallogin = (self.login.signal_kwargs or {}).get("sociallogin")
        if sociallogin is not None and identity_provider_did_mfa(sociallogin):
            return False
        user = self.login.user
        if user is None or not is_mfa_enabled(user, [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]):
            return False
        if did_use_passwordless_login(request, user):
            return False
        return not is_trusted_browser(request, user)


def passed_second_factor_recently(request: HttpRequest, user) -> bool:
    """True when this session's ``user`` gave a second factor (code, recovery code, passkey) in the last 5 minutes."""
    recent = time.time() - account_settings.REAUTHENTICATION_TIMEOUT
    records = get_authentication_records(request, user)
    return any(record.get("method") == "mfa" and record.get("at", 0) > recent for record in records)


class AccountAdapter(IntranetAccountAdapter):
    """The intranet's account adapter with the sign-in stages and the re-authentication rules above."""

    def get_login_stages(self) -> list[str]:
        """allauth's stages, with its second-factor stage replaced by ``SecondFactorStage``.

        allauth's "Trust this browser?" page (``TrustStage``) is left out: the choice is an
        unticked box on the second-factor page itself (``views.SecondFactorView``).
        """
        default = "allauth.mfa.stages.AuthenticateStage"
        ours = f"{SecondFactorStage.__module__}.{SecondFactorStage.__qualname__}"
        stages = super().get_login_stages()
        return [ours if stage == default else stage for stage in stages if stage != "allauth.mfa.stages.TrustStage"]

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        """Whether changing ``app``'s settings (second factors, sessions) needs the person to confirm again.

        - No second factor yet: not asked for the first one (admin roles are sent to set one
          up right after their password; there is nothing to protect yet).
        - With one: asked unless a second factor was given in the last 5 minutes; giving the
          password again never counts (see ``get_reauthentication_methods``).
        Other apps: allauth's default.
        """
        request = context.request
        if app in SECURITY_APPS and request is not None and request.user.is_authenticated:
            if has_second_factor(request.user):
                return not passed_second_factor_recently(request, request.user)
            if app == "allauth.mfa":
                return False
        return DefaultAccountAdapter.is_reauthentication_required(self, app=app, **kwargs)

    def get_reauthentication_methods(self, user) -> list[dict]:
        """allauth's ways to confirm it is you, without "Use your password" for anyone with a second factor.

        So "Confirm access" with the password alone is refused (allauth's password page sends
        such a person to the code page) and the code page no longer offers a password link
        that led back to itself.
        """
        methods = super().get_reauthentication_methods(user)
        if user.is_authenticated and has_second_factor(user):
            methods = [method for method in methods if method["id"] != "reauthenticate"]
        return methods
