"""Local development: debug on, emails printed in the ``make run`` terminal."""

from .base import *  # noqa: F403

DEBUG = True
# A development-only key: production.py refuses to start without DJANGO_SECRET_KEY.
SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
# Emails are printed in the terminal running `make run`.
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
# Passkeys on http://127.0.0.1 (browsers allow WebAuthn on loopback; allauth must too).
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True
