"""Sign-in lock-outs that a pupil cannot use against a Headteacher, and growing delays for whoever guesses.

Throttling (``intranet/settings/base.py``): django-axes pauses a username from one address
after five wrong passwords, and allauth's limits slow every address (20 failures a minute)
and every account (10 failures in 5 minutes) wherever the guesses come from. In a school
every pupil shares the school's internet address, so the pause alone would let a pupil
keep a Headteacher out on a decision day. Hence:

- **Growing delays** (``cool_off``): each lock-out of the same account within a day lasts
  twice as long as the one before: 15, 30, 60 minutes, then 2 hours.
- **The owner's way through** (OWASP "device cookies"): from the locked-out page the owner
  asks for an unlock link, emailed to the account's address. The link works once, for an
  hour, and only by POST (mail scanners follow links with GET). It marks *that browser* as
  unlocked for *that account* for 12 hours (a signed cookie): django-axes no longer pauses
  it (``axes_whitelist``), and allauth's counters are cleared when it signs in
  (``UnlockedBrowserMiddleware``). Everyone else, the guesser included, stays paused. An
  unlocked browser stops counting as unlocked after ``UNLOCKED_FAILURE_LIMIT`` wrong
  passwords, so sitting at the owner's computer gives a guesser nothing.
- The unlocked browser still signs in through the normal pages, with the password and the
  second factor the account needs.

Every unlock is written to the account's history (``home.sign_in_unlocked``).
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.cache import cache
from django.core.mail import send_mail
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from . import sign_in_log

__all__ = [
    "COOKIE_NAME",
    "LINKS_PER_HOUR",
    "UNLOCKED_FAILURE_LIMIT",
    "UnlockedBrowserMiddleware",
    "axes_whitelist",
    "cool_off",
    "on_user_login_failed",
    "request_unlock_link",
    "use_unlock_link",
]

UNLOCKED = "home.sign_in_unlocked"
COOKIE_NAME = "intranet_unlocked"
COOKIE_MAX_AGE = 12 * 60 * 60  # seconds: a school day
LINK_MAX_AGE = 60 * 60  # seconds
LINKS_PER_HOUR = 3  # per account, so nobody fills a colleague's inbox
UNLOCKED_FAILURE_LIMIT = 5
BASE_COOL_OFF = timedelta(minutes=15)
MAX_DOUBLINGS = 3  # 15 → 30 → 60 → 120 minutes
SIGN_IN_PATHS = ("/login/", "/admin/login/")
_LINK_SALT = "home.accounts.unlock.link"
_COOKIE_SALT = "home.accounts.unlock.browser"


def _account(username: str):
    if not username:
        return None
    return get_user_model().objects.filter(username__iexact=username.strip(), is_active=True).first()


def _posted_username(request: HttpRequest | None, credentials: dict | None = None) -> str:
    credentials = credentials or {}
    username = credentials.get("username") or credentials.get("login")
    if not username and request is not None and request.method == "POST":
        username = request.POST.get("username") or request.POST.get("login")
    return str(username or "").strip()


# --- Growing delays -------------------------------------------------------------------------------


def cool_off(request: HttpRequest | None = None) -> timedelta:
    """django-axes' ``AXES_COOLOFF_TIME``: how long the account named in ``request`` stays paused.

    15 minutes, doubled for each further lock-out of the same account in the last 24 hours
    (read from the audit log), at most 2 hours. An unknown username gets 15 minutes.
    """
    account = _account(_posted_username(request, getattr(request, "axes_credentials", None)))
    if account is None:
        return BASE_COOL_OFF
    lockouts = ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(account),
        object_id=str(account.pk),
        action=sign_in_log.LOCKED_OUT,
        timestamp__gte=timezone.now() - timedelta(hours=24),
    ).count()
    # The lock-out in progress is already in the log: it is the first, not a repeat.
    return BASE_COOL_OFF * 2 ** min(max(lockouts - 1, 0), MAX_DOUBLINGS)


# --- Unlocked browsers ----------------------------------------------------------------------------


def _failures_key(browser_id: str) -> str:
    return f"sign-in-unlocked-failures:{browser_id}"


def unlocked_browser(request: HttpRequest, username: str) -> str | None:
    """The id of this browser's unlock for the account ``username``, or None when it has none that counts.

    None when the cookie is missing, forged, older than 12 hours, for another account, or
    when ``UNLOCKED_FAILURE_LIMIT`` wrong passwords have been typed on it since.
    """
    value = request.COOKIES.get(COOKIE_NAME)
    if not value or not username:
        return None
    try:
        data = signing.loads(value, salt=_COOKIE_SALT, max_age=COOKIE_MAX_AGE)
    except signing.BadSignature:
        return None
    account = _account(username)
    if account is None or account.pk != data.get("u"):
        return None
    browser_id = str(data.get("b", ""))
    if cache.get(_failures_key(browser_id), 0) >= UNLOCKED_FAILURE_LIMIT:
        return None
    return browser_id


def axes_whitelist(request: HttpRequest, credentials: dict | None = None) -> bool:
    """django-axes' ``AXES_WHITELIST_CALLABLE``: True for the owner's unlocked browser, for their account only."""
    return unlocked_browser(request, _posted_username(request, credentials)) is not None


def on_user_login_failed(sender, credentials=None, request=None, **kwargs) -> None:
    """Count a wrong password typed on an unlocked browser (Django's ``user_login_failed``)."""
    if request is None:
        return
    browser_id = unlocked_browser(request, _posted_username(request, credentials))
    if browser_id is not None:
        key = _failures_key(browser_id)
        cache.add(key, 0, COOKIE_MAX_AGE)
        cache.incr(key)


class UnlockedBrowserMiddleware:
    """Clears allauth's failure counters before the owner's unlocked browser posts a sign-in.

    allauth counts failures per address and per account in the cache and refuses a
    sign-in past its limits whoever types it; the guesser's failures must not stop the
    owner. Other requests pass untouched.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method == "POST" and request.path in SIGN_IN_PATHS and COOKIE_NAME in request.COOKIES:
            username = _posted_username(request)
            if unlocked_browser(request, username) is not None:
                from allauth.account.adapter import get_adapter
                from allauth.core import ratelimit

                key = get_adapter()._get_login_attempts_cache_key(request, username=username)
                ratelimit.clear(request, action="login_failed", key=key)
        return self.get_response(request)


# --- The unlock link ------------------------------------------------------------------------------


def _links_sent_key(user) -> str:
    return f"sign-in-unlock-links:{user.pk}"


def send_unlock_link(request: HttpRequest, user) -> bool:
    """Email ``user`` a single-use unlock link; False (nothing sent) past ``LINKS_PER_HOUR`` or without an address."""
    if not user.email:
        return False
    key = _links_sent_key(user)
    cache.add(key, 0, 60 * 60)
    if cache.incr(key) > LINKS_PER_HOUR:
        return False
    token = signing.dumps({"u": user.pk, "n": secrets.token_urlsafe(16)}, salt=_LINK_SALT)
    link = request.build_absolute_uri(reverse("sign_in_unlock", args=[token]))
    body = render_to_string("registration/unlock_email.txt", {"user": user, "link": link, "request": request})
    send_mail(_("Unlock signing in to the intranet"), body, settings.DEFAULT_FROM_EMAIL, [user.email])
    return True


@require_http_methods(["GET", "POST"])
def request_unlock_link(request: HttpRequest) -> HttpResponse:
    """GET: the "Email me an unlock link" form. POST: email a link to the account named in ``username``.

    The answer to a POST is the same page whether or not the name is an account, so it
    tells a guesser nothing.
    """
    if request.method == "GET":
        return TemplateResponse(request, "registration/unlock_request.html", {})
    username = request.POST.get("username", "")[:150]
    account = _account(username)
    if account is not None:
        send_unlock_link(request, account)
    return TemplateResponse(request, "registration/unlock_sent.html", {"username": username})


def _read_link(token: str):
    try:
        data = signing.loads(token, salt=_LINK_SALT, max_age=LINK_MAX_AGE)
    except signing.BadSignature:
        return None, None
    account = get_user_model().objects.filter(pk=data.get("u"), is_active=True).first()
    return account, str(data.get("n", ""))


def _link_used(account, nonce: str) -> bool:
    return ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(account),
        object_id=str(account.pk),
        action=UNLOCKED,
        data__nonce=nonce,
    ).exists()


@require_http_methods(["GET", "POST"])
def use_unlock_link(request: HttpRequest, token: str) -> HttpResponse:
    """GET: "Unlock signing in on this browser?" with a button. POST: unlock this browser and go to sign in.

    A link that is forged, expired (1 hour) or already used answers 400 with a page that
    says so. A used link is recorded in the account's history with its one-off nonce.
    """
    account, nonce = _read_link(token)
    if account is None or _link_used(account, nonce):
        reason = "used" if account is not None else "invalid"
        return TemplateResponse(request, "registration/unlock_confirm.html", {"problem": reason}, status=400)
    if request.method == "GET":
        return TemplateResponse(request, "registration/unlock_confirm.html", {"account": account})
    browser_id = secrets.token_urlsafe(12)
    log(
        instance=account,
        action=UNLOCKED,
        user=None,
        data={"nonce": nonce, "address": sign_in_log.client_address(request)},
    )
    response = HttpResponseRedirect(f"{reverse('login')}?unlocked=1")
    response.set_cookie(
        COOKIE_NAME,
        signing.dumps({"u": account.pk, "b": browser_id}, salt=_COOKIE_SALT),
        max_age=COOKIE_MAX_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response
