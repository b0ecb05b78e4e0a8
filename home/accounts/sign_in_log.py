"""Sign-in events in Wagtail's audit log (Reports → Site history, for site administrators).

Each event is a ``ModelLogEntry`` of the account concerned, so it also shows in that
account's history. An attempt that names no account (an unknown username, a refused single
sign-on with no account) has no entry to hang on and goes to the ``intranet.sign_in``
application log instead. Passwords, codes and secrets are never written: only the
username, the method ("password", "password, trusted browser", the provider, "passkey"),
the reason and the address.
"""

from __future__ import annotations

import logging

from allauth.account.internal.flows.login import get_authentication_records
from django.contrib.auth import get_user_model
from django.http import HttpRequest
from wagtail.log_actions import log

from .browser_trust import is_trusted_browser

logger = logging.getLogger("intranet.sign_in")

SIGN_IN = "home.sign_in"
SIGN_IN_FAILED = "home.sign_in_failed"
LOCKED_OUT = "home.sign_in_locked_out"
SSO_ACCOUNT_CREATED = "home.sso_account_created"
MFA_PASSED = "home.mfa_passed"
MFA_FAILED = "home.mfa_failed"
MFA_ADDED = "home.mfa_added"
MFA_REMOVED = "home.mfa_removed"
EMAIL_CHANGED = "home.email_changed"


def client_address(request: HttpRequest | None) -> str:
    """The address django-axes attributed the request to, else REMOTE_ADDR; "" without a request."""
    if request is None:
        return ""
    return str(getattr(request, "axes_ip_address", "") or request.META.get("REMOTE_ADDR", ""))


def _account(username: str):
    if not username:
        return None
    return get_user_model().objects.filter(username__iexact=username).first()


def log_sign_in(request: HttpRequest | None, user, *, method: str) -> None:
    """Record a successful sign-in of ``user`` by ``method`` ("password", a provider's name, ...)."""
    log(instance=user, action=SIGN_IN, user=user, data={"method": method, "address": client_address(request)})


def log_sign_in_failed(request: HttpRequest | None, *, method: str, reason: str, username: str = "") -> None:
    """Record a failed sign-in; against the account when ``username`` (or email) names one."""
    account = None
    if username:
        account = _account(username) or get_user_model().objects.filter(email__iexact=username).first()
    data = {"method": method, "reason": reason, "address": client_address(request)}
    if account is None:
        logger.warning("Sign-in failed (%s, %s) for %r from %s", method, reason, username, data["address"])
        return
    log(instance=account, action=SIGN_IN_FAILED, user=None, data=data)


def log_locked_out(request: HttpRequest | None, *, username: str) -> None:
    """Record that django-axes paused sign-ins for ``username`` from this address."""
    account = _account(username)
    address = client_address(request)
    if account is None:
        logger.warning("Sign-in locked out for unknown username %r from %s", username, address)
        return
    log(instance=account, action=LOCKED_OUT, user=None, data={"address": address})


def log_account_created(request: HttpRequest | None, user, *, provider: str) -> None:
    """Record that a first single sign-on made ``user``'s account."""
    school = user.school.name if user.school_id else ""
    log(instance=user, action=SSO_ACCOUNT_CREATED, user=user, data={"provider": provider, "school": school})


def log_email_changed(user, *, old: str, new: str, by) -> None:
    """Record that ``by`` (a site administrator) changed ``user``'s email address from ``old`` to ``new``.

    The address decides which single sign-on identity is linked to the account, so every
    change is kept with the account's history.
    """
    log(instance=user, action=EMAIL_CHANGED, user=by, data={"old": old, "new": new})


def log_second_factor(request: HttpRequest | None, user, action: str, *, kind: str, **data) -> None:
    """Record a second-factor event (passed, failed, added, removed); ``kind`` is "totp", "webauthn"..."""
    actor = user if action != MFA_FAILED else None
    log(instance=user, action=action, user=actor, data={"type": kind, "address": client_address(request), **data})


def sign_in_method(request: HttpRequest, user) -> str:
    """How ``user`` signed in on this session, for the audit log.

    "password", a provider id, "passkey", or "password, trusted browser" when the second
    factor was skipped because this browser is one the person chose to trust.
    """
    records = get_authentication_records(request, user)
    for record in records:
        if record.get("method") == "socialaccount":
            return str(record.get("provider"))
        if record.get("method") == "mfa" and record.get("passwordless"):
            return "passkey"
    if not any(record.get("method") == "mfa" for record in records) and is_trusted_browser(request, user):
        return "password, trusted browser"
    return "password"


# --- signal receivers, connected in home.apps ---------------------------------------------------


def on_user_logged_in(sender, request=None, user=None, **kwargs) -> None:
    """Log the sign-in (Django's signal: every way in, the Wagtail admin's page included)."""
    method = sign_in_method(request, user) if request is not None and hasattr(request, "session") else "password"
    log_sign_in(request, user, method=method)


def on_user_login_failed(sender, credentials=None, request=None, **kwargs) -> None:
    """Log a wrong password (Django's cleansed credentials: the username only is read)."""
    credentials = credentials or {}
    username = str(credentials.get("username") or credentials.get("login") or credentials.get("email") or "")
    log_sign_in_failed(request, method="password", reason="wrong password", username=username)


def on_user_locked_out(sender, request=None, username=None, ip_address=None, **kwargs) -> None:
    """Log django-axes pausing sign-ins for ``username`` from this address."""
    log_locked_out(request, username=username or "")


def on_authenticator_used(sender, request=None, user=None, authenticator=None, **kwargs) -> None:
    """Log a second factor passed (a code, a recovery code or a passkey), at sign-in or the challenge."""
    log_second_factor(
        request,
        user,
        MFA_PASSED,
        kind=authenticator.type,
        passwordless=bool(kwargs.get("passwordless")),
        reauthenticated=bool(kwargs.get("reauthenticated")),
    )


def on_authentication_failed(sender, request=None, user=None, authenticator=None, **kwargs) -> None:
    """Log a wrong or replayed second-factor code (the code itself is never written)."""
    kind = authenticator.type if authenticator is not None else "code"
    log_second_factor(request, user, MFA_FAILED, kind=kind)


def on_authenticator_added(sender, request=None, user=None, authenticator=None, **kwargs) -> None:
    """Log a second factor set up (authenticator app, recovery codes, passkey)."""
    log_second_factor(request, user, MFA_ADDED, kind=authenticator.type)


def on_authenticator_removed(sender, request=None, user=None, authenticator=None, **kwargs) -> None:
    """Log a second factor removed."""
    log_second_factor(request, user, MFA_REMOVED, kind=authenticator.type)
