"""django-allauth's MFA rules for the intranet: secrets encrypted at rest, codes used once, last factors kept.

- **Encryption** (``encrypt``/``decrypt``): TOTP secrets and recovery-code seeds are stored
  as Fernet tokens (AES-128-CBC + HMAC-SHA256) under a key derived from ``MFA_SECRET_KEY``,
  so a database dump or backup holds no usable secret. Stored values carry the ``enc1:``
  prefix; a value without it is a secret stored before encryption (the data migration
  ``home.0007_encrypt_second_factor_secrets`` encrypts those) and is read as it is.
- **Codes used once, on every app server**: a TOTP code that has been accepted is recorded in
  the database (``UsedTOTPCode``), not in a per-process cache, so a replay within its
  validity window is refused whichever server receives it; the refusal says to wait for
  the next code. Recovery codes are marked used by allauth itself, in the database.
- **Last factor**: an admin role (``needs_second_factor``) cannot remove their last
  authenticator app or passkey.
"""

from __future__ import annotations

import base64
import hashlib
from datetime import timedelta

from allauth.core import context
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

ENCRYPTED_PREFIX = "enc1:"
# Set on the request when a valid code was refused because it had been used (read by ``validation_error``).
REPLAYED_CODE_ATTRIBUTE = "_intranet_totp_code_replayed"


def _fernet() -> Fernet:
    """The Fernet cipher keyed by SHA-256 of ``settings.MFA_SECRET_KEY``.

    Raises ``ImproperlyConfigured`` when the setting is empty (production requires it).
    """
    secret = getattr(settings, "MFA_SECRET_KEY", "")
    if not secret:
        raise ImproperlyConfigured("MFA_SECRET_KEY is empty: second-factor secrets cannot be encrypted.")
    key = base64.urlsafe_b64encode(hashlib.sha256(secret.encode()).digest())
    return Fernet(key)


def is_encrypted(value: str) -> bool:
    """True when ``value`` is already one of our encrypted tokens (used to make the data migration idempotent)."""
    return isinstance(value, str) and value.startswith(ENCRYPTED_PREFIX)


def encrypt_secret(text: str) -> str:
    """Encrypt ``text`` (a TOTP secret, a recovery-code seed) to ``"enc1:<Fernet token>"``.

    Already-encrypted input is returned unchanged.
    """
    if is_encrypted(text):
        return text
    return ENCRYPTED_PREFIX + _fernet().encrypt(text.encode()).decode()


def decrypt_secret(value: str) -> str:
    """The clear text of ``value``; a value stored before encryption (no prefix) is returned as it is.

    Raises ``ImproperlyConfigured`` when the token does not decrypt with the configured key
    (``MFA_SECRET_KEY`` changed): the secrets cannot be read, and saying so beats "Incorrect code".
    """
    if not is_encrypted(value):
        return value
    try:
        return _fernet().decrypt(value.removeprefix(ENCRYPTED_PREFIX).encode()).decode()
    except InvalidToken as error:
        raise ImproperlyConfigured(
            "A second-factor secret does not decrypt with MFA_SECRET_KEY: was the key changed?"
        ) from error


def code_replay_window() -> timedelta:
    """How long an accepted TOTP code stays valid: every step of allauth's tolerance window (90 s by default)."""
    return timedelta(seconds=mfa_settings.TOTP_PERIOD * (2 * mfa_settings.TOTP_TOLERANCE + 1))


def mark_totp_code_used(authenticator: Authenticator, code: str) -> bool:
    """Record that ``code`` was accepted for ``authenticator``; False when it already was (a replay).

    The record is a row with a unique (authenticator, code) constraint, so two app servers
    (or two workers) accepting the same code at the same moment cannot both succeed.
    Records older than ``code_replay_window`` are deleted first: by then the code is
    invalid anyway, and a 6-digit code legitimately comes round again.
    """
    from home.models import UsedTOTPCode

    normalised = "".join(code.split())
    UsedTOTPCode.objects.filter(
        authenticator_id=authenticator.pk, used_at__lt=timezone.now() - code_replay_window()
    ).delete()
    try:
        with transaction.atomic():
            UsedTOTPCode.objects.create(authenticator_id=authenticator.pk, code=normalised)
    except IntegrityError:
        request = context.request
        if request is not None:
            setattr(request, REPLAYED_CODE_ATTRIBUTE, True)
        return False
    return True


def was_totp_code_used(authenticator: Authenticator, code: str) -> bool:
    """True when ``code`` was accepted for ``authenticator`` within ``code_replay_window``."""
    from home.models import UsedTOTPCode

    return UsedTOTPCode.objects.filter(
        authenticator_id=authenticator.pk,
        code="".join(code.split()),
        used_at__gte=timezone.now() - code_replay_window(),
    ).exists()


def _mark_code_used(self, code: str) -> bool:
    """Replacement for allauth's ``TOTP._mark_code_used``: the database, not the process's cache."""
    return mark_totp_code_used(self.instance, code)


def install_used_code_store() -> None:
    """Make allauth's TOTP remember used codes in the database (called from ``HomeConfig.ready``).

    allauth marks a used code with ``cache.add``; without a shared cache (production without
    ``REDIS_URL``) each gunicorn worker has its own, and a code is accepted once per worker.
    """
    from allauth.mfa.totp.internal.auth import TOTP

    TOTP._mark_code_used = _mark_code_used


class IntranetMFAAdapter(DefaultMFAAdapter):
    """allauth.mfa's adapter (``MFA_ADAPTER``): encryption, the replay message, and the last factor rule."""

    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "incorrect_code": _("Incorrect code. Check your authenticator app and try again."),
        "cannot_delete_authenticator": _(
            "You cannot remove your last authenticator app or passkey: your role needs a second factor. "
            "Add another one first, then remove this one."
        ),
    }
    replayed_code_message = _(
        "This code has already been used. Wait for your authenticator app to show the next code, then enter that one."
    )

    def encrypt(self, text: str) -> str:
        """``encrypt_secret``: what allauth stores in ``Authenticator.data``."""
        return encrypt_secret(text)

    def decrypt(self, encrypted_text: str) -> str:
        """``decrypt_secret``: the clear secret, for checking a code."""
        return decrypt_secret(encrypted_text)

    def validation_error(self, code: str, *args) -> ValidationError:
        """allauth's form errors, with "wait for the next code" when the code was right but already used."""
        request = context.request
        if code == "incorrect_code" and request is not None and getattr(request, REPLAYED_CODE_ATTRIBUTE, False):
            return ValidationError(self.replayed_code_message, code="replayed_code")
        return super().validation_error(code, *args)

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        """False for an admin role's last authenticator app or passkey; recovery codes never count."""
        from .mfa import SECOND_FACTOR_TYPES, needs_second_factor

        if authenticator.type not in SECOND_FACTOR_TYPES or not needs_second_factor(authenticator.user):
            return True
        others = Authenticator.objects.filter(user_id=authenticator.user_id, type__in=SECOND_FACTOR_TYPES).exclude(
            pk=authenticator.pk
        )
        return others.exists()
