"""Who may sign in with Microsoft, Google or the trust's OpenID Connect provider, and as what.

Rules:
- Only a *verified* email address counts; its domain must be one of a school's email domains
  (``School.email_domains``), which decides the school of a new account.
- A first sign-in makes an account at that school with the Staff role only. Roles above Staff
  are given by a site administrator, or, when a trust sets ``SSO_ROLE_GROUPS``, from the
  identity provider's named groups.
- An existing account with the same address (by a site administrator, before single sign-on)
  is linked to the sign-in, never duplicated, and only when that address is at a school's
  domain. Nobody changes their own address (``WAGTAIL_EMAIL_MANAGEMENT_ENABLED``), so an
  address cannot be taken over to receive a colleague's sign-in.
- Anything else (no verified address, unknown domain, an error at the identity provider)
  ends on a page that says what happened, and no account is made.
"""

from __future__ import annotations

import logging

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.contrib.auth.models import Group
from django.http import HttpRequest
from django.shortcuts import render

from home import roles
from home.models import School, User

from . import sign_in_log
from .landing import landing_url_for
from .mfa import IDP_MFA_SESSION_KEY

logger = logging.getLogger(__name__)

# Values of the OpenID Connect ``amr`` claim (RFC 8176) that mean a second factor was used.
MFA_AMR_VALUES = {"mfa", "otp", "hwk", "swk", "sms", "fpt", "face", "iris", "retina", "vbm"}


class IntranetAccountAdapter(DefaultAccountAdapter):
    """django-allauth's account rules for the intranet: no sign-up, our landing pages."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        """Always False: accounts come from a site administrator or a first single sign-on."""
        return False

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        """The admin dashboard for admin roles, the staff home for everyone else (see ``landing_url_for``)."""
        return landing_url_for(request.user)

    def get_signup_redirect_url(self, request: HttpRequest) -> str:
        """A first single sign-on lands like any other sign-in."""
        return self.get_login_redirect_url(request)


# Where each provider's sign-in page lives: the browser is sent there by the form on /login/.
PROVIDER_ORIGINS = {"microsoft": "https://login.microsoftonline.com", "google": "https://accounts.google.com"}


def sign_in_form_targets() -> list[str]:
    """The origins the "Sign in with ..." forms lead to, for the sign-in page's CSP ``form-action``.

    A browser applies ``form-action`` to the redirect that follows a form's POST, so the
    identity providers' origins must be allowed on the page with the buttons (and only there).
    Returns e.g. ``["https://login.microsoftonline.com", "https://idp.example.org"]``.
    """
    from urllib.parse import urlparse

    origins = []
    for provider, config in settings.SOCIALACCOUNT_PROVIDERS.items():
        if provider in PROVIDER_ORIGINS:
            origins.append(PROVIDER_ORIGINS[provider])
        for app in config.get("APPS", []):
            server_url = app.get("settings", {}).get("server_url")
            if server_url:
                parsed = urlparse(server_url)
                origins.append(f"{parsed.scheme}://{parsed.netloc}")
    return origins


def verified_email(sociallogin) -> str | None:
    """The first email address the identity provider marked verified, lower-cased, or None."""
    for address in sociallogin.email_addresses:
        if address.verified and address.email:
            return address.email.strip().lower()
    return None


def id_token_claims(sociallogin) -> dict:
    """The ID token's claims where the provider kept them (OpenID Connect, Google), else ``{}``."""
    data = sociallogin.account.extra_data or {}
    if isinstance(data.get("id_token"), dict):  # openid_connect keeps {"userinfo": ..., "id_token": ...}
        return data["id_token"]
    return data if "iss" in data else {}


def identity_provider_did_mfa(sociallogin) -> bool:
    """True when this sign-in's second factor was done at the identity provider and we trust it.

    ``SSO_TRUST_IDP_MFA``: "always" (the provider enforces MFA for this app), "never", or
    "amr" (default): the ID token's ``amr`` claim (RFC 8176) lists an MFA method.
    """
    trust = settings.SSO_TRUST_IDP_MFA
    if trust == "always":
        return True
    if trust != "amr":
        return False
    amr = id_token_claims(sociallogin).get("amr") or []
    if isinstance(amr, str):
        amr = [amr]
    return bool(MFA_AMR_VALUES.intersection(str(value).lower() for value in amr))


def mapped_roles(sociallogin) -> list[str]:
    """Role names given by the provider's groups through ``SSO_ROLE_GROUPS`` (empty by default)."""
    mapping = settings.SSO_ROLE_GROUPS
    if not mapping:
        return []
    data = sociallogin.account.extra_data or {}
    claims = {**data.get("userinfo", {}), **id_token_claims(sociallogin), **data}
    groups = claims.get(settings.SSO_GROUPS_CLAIM) or []
    if isinstance(groups, str):
        groups = [groups]
    names = {mapping[group] for group in groups if group in mapping}
    unknown = names - set(roles.ALL_ROLES)
    if unknown:
        logger.warning("SSO_ROLE_GROUPS names roles that do not exist: %s", ", ".join(sorted(unknown)))
    return sorted(names & set(roles.ALL_ROLES))


def refuse(request: HttpRequest, reason: str, *, provider: str, email: str | None = None):
    """Stop the sign-in with the "could not sign you in" page; ``reason`` picks its wording.

    Writes a failed sign-in to the audit log first. Raises ``ImmediateHttpResponse``
    (allauth turns it into the response), so this never returns.
    """
    sign_in_log.log_sign_in_failed(request, method=provider, reason=reason, username=email or "")
    response = render(
        request,
        "socialaccount/sign_in_refused.html",
        {"reason": reason, "email": email, "provider_name": provider},
        status=403,
    )
    raise ImmediateHttpResponse(response)


class SchoolSocialAccountAdapter(DefaultSocialAccountAdapter):
    """Single sign-on by school email domain; see the module docstring for the rules."""

    def pre_social_login(self, request: HttpRequest, sociallogin) -> None:
        """Refuse unverified or unknown addresses; link an existing account with the same address."""
        provider = sociallogin.account.get_provider().name
        email = verified_email(sociallogin)
        if sociallogin.state.get("process") == "connect":
            # Identities are linked by verified address only, never by a signed-in person's choice.
            refuse(request, "connect", provider=provider, email=email)
        if sociallogin.is_existing:
            self._apply_mapped_roles(sociallogin.user, sociallogin)
            return
        if email is None:
            refuse(request, "unverified", provider=provider)
        # Only a school's domain vouches for an address: an account at any other (a personal
        # address typed in by an administrator) is never linked, nor made.
        if School.for_email(email) is None:
            refuse(request, "unknown_domain", provider=provider, email=email)
        existing = list(User.objects.filter(email__iexact=email)[:2])
        if len(existing) > 1:
            refuse(request, "ambiguous", provider=provider, email=email)
        if existing:
            sociallogin.connect(request, existing[0])
            self._apply_mapped_roles(existing[0], sociallogin)
            return

    def is_open_for_signup(self, request: HttpRequest, sociallogin) -> bool:
        """True only for a verified address at one of a school's email domains."""
        email = verified_email(sociallogin)
        return email is not None and School.for_email(email) is not None

    def populate_user(self, request: HttpRequest, sociallogin, data):
        """Fill in name, address and school; the username is the address's local part (made unique)."""
        user = super().populate_user(request, sociallogin, data)
        email = verified_email(sociallogin)
        if email:
            user.email = email
            user.username = email.partition("@")[0]
            user.school = School.for_email(email)
        return user

    def save_user(self, request: HttpRequest, sociallogin, form=None):
        """Save the new account with the Staff role (and any mapped roles); it has no password."""
        user = super().save_user(request, sociallogin, form)
        user.groups.add(Group.objects.get(name=roles.STAFF))
        self._apply_mapped_roles(user, sociallogin)
        sign_in_log.log_account_created(request, user, provider=sociallogin.account.get_provider().name)
        return user

    def on_authentication_error(self, request, provider, error=None, exception=None, extra_context=None) -> None:
        """Write the failure (state mismatch, bad code, provider error) to the audit log.

        allauth then shows ``socialaccount/authentication_error.html`` (or the "cancelled"
        page when the person declined at the provider).
        """
        reason = str(error or "unknown")
        if exception is not None:
            logger.info("Single sign-on with %s failed: %s", provider, exception)
        sign_in_log.log_sign_in_failed(request, method=getattr(provider, "name", str(provider)), reason=reason)

    def _apply_mapped_roles(self, user, sociallogin) -> None:
        names = mapped_roles(sociallogin)
        if names and user.pk:
            user.groups.add(*Group.objects.filter(name__in=names))


def remember_identity_provider_mfa(sender, request=None, user=None, sociallogin=None, **kwargs) -> None:
    """After a single sign-on, remember whether a trusted identity provider did the second factor."""
    if request is not None and sociallogin is not None and identity_provider_did_mfa(sociallogin):
        request.session[IDP_MFA_SESSION_KEY] = True
