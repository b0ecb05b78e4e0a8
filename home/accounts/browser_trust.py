"""Trust this browser: a browser its owner chose to trust signs in without the second factor for a while.

Built on allauth.mfa's trust feature (``MFA_TRUST_ENABLED``; its signed ``mfa_trusted``
cookie and its fingerprint of the person's security set-up, ``create_config_fingerprint``),
with two differences:

- **How long** comes from Trust settings (``TrustSettings.trusted_browser_days``, 0–90,
  default 30), not from a fixed setting; 0 switches the offer off and stops every browser
  being trusted at once. ``MFA_TRUST_COOKIE_AGE`` (90 days) is only the upper bound.
- **Where it is offered**: as an unticked box beside the code and passkey on the
  second-factor page (``home.accounts.views.SecondFactorView``), not on a page of its own
  after it (allauth's ``mfa_trust`` stage, which the sign-in flow leaves out): one fewer
  tap on a phone, and the session is signed in by the code as before.

What ends a browser's trust: allauth's fingerprint covers the password and every
authenticator (recovery codes' seed included), so changing the password, removing or
adding an authenticator app or passkey, or new recovery codes all end it on every browser.
Signing out does not (the cookie outlives the session, as intended), but the signed-out page
then offers "Stop trusting this browser" (``forget_browser``), for a box ticked by mistake. Trust only ever
replaces the *second* factor after a right password: a stolen password on another browser
is still asked for the code, and managing second factors still needs a real one
(``home.accounts.sign_in_flow.passed_second_factor_recently`` ignores trust).
"""

from __future__ import annotations

import time
from datetime import timedelta

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.internal.flows.trust import (
    IssuedTrust,
    create_config_fingerprint,
    decode_trust_cookie,
    encode_trust_cookie,
)
from django.http import HttpRequest, HttpResponse

# The form field on the second-factor page; ticked means "trust this browser".
TRUST_FIELD = "trust_browser"


def trust_days(request: HttpRequest | None = None) -> int:
    """Days a browser stays trusted, from Trust settings (0: no browser is trusted, none may be)."""
    from home.models import TrustSettings

    return TrustSettings.load(request).trusted_browser_days


def is_trusted_browser(request: HttpRequest, user) -> bool:
    """True when ``request`` carries a trust for ``user``'s current security set-up, issued within ``trust_days``.

    False when trust is switched off (``MFA_TRUST_ENABLED`` or 0 days), when there is no
    cookie or its signature is wrong, and when the password or authenticators changed since.
    """
    if not mfa_settings.TRUST_ENABLED or user is None or not user.is_authenticated:
        return False
    # The cookie first: most requests carry none, and need no settings or authenticators read.
    trusts = decode_trust_cookie(request)
    if not trusts:
        return False
    days = trust_days(request)
    if days <= 0:
        return False
    since = time.time() - timedelta(days=days).total_seconds()
    fingerprint = create_config_fingerprint(user)
    return any(trust.fingerprint == fingerprint and trust.at > since for trust in trusts)


def trust_browser(request: HttpRequest, user, response: HttpResponse) -> None:
    """Set the trust cookie on ``response`` for ``user``'s current set-up, lasting ``trust_days``.

    Does nothing when trust is switched off. Earlier trusts in the cookie (other people who
    share nothing but a family laptop, say) are kept until they expire.
    """
    days = trust_days(request)
    if not mfa_settings.TRUST_ENABLED or days <= 0:
        return
    trusts = decode_trust_cookie(request)
    trusts.append(IssuedTrust(fingerprint=create_config_fingerprint(user), at=int(time.time())))
    response.set_cookie(
        mfa_settings.TRUST_COOKIE_NAME,
        encode_trust_cookie(trusts),
        max_age=timedelta(days=days),
        path=mfa_settings.TRUST_COOKIE_PATH,
        domain=mfa_settings.TRUST_COOKIE_DOMAIN,
        secure=mfa_settings.TRUST_COOKIE_SECURE,
        httponly=True,
        samesite=mfa_settings.TRUST_COOKIE_SAMESITE,
    )


def browser_has_trust(request: HttpRequest) -> bool:
    """True when ``request`` carries a trust cookie with any unexpired trust in it (for anyone)."""
    return mfa_settings.TRUST_ENABLED and bool(decode_trust_cookie(request))


def forget_browser(response: HttpResponse) -> None:
    """Delete the trust cookie on ``response``: this browser is trusted for nobody any more."""
    response.delete_cookie(
        mfa_settings.TRUST_COOKIE_NAME,
        path=mfa_settings.TRUST_COOKIE_PATH,
        domain=mfa_settings.TRUST_COOKIE_DOMAIN,
        samesite=mfa_settings.TRUST_COOKIE_SAMESITE,
    )
