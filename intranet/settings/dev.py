"""Local development: debug on, emails printed in the ``make run`` terminal."""

from .base import *  # noqa: F403

DEBUG = True
# A development-only key: production.py refuses to start without DJANGO_SECRET_KEY.
SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"  # noqa: S105
# Second-factor secrets are encrypted with a key derived from SECRET_KEY unless MFA_SECRET_KEY is set.
MFA_SECRET_KEY = MFA_SECRET_KEY or f"mfa:{SECRET_KEY}"  # noqa: F405
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
# Emails are queued in the outbox and printed by the worker in the terminal running `make run`
# (base.py's console delivery mailer).
# Passkeys on http://127.0.0.1 (browsers allow WebAuthn on loopback; allauth must too).
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True

# A self-signed certificate made on first use seals the demo's approval records (git-ignored folder).
RECORD_SIGNING_DEMO_DIR = BASE_DIR / "private" / "demo-signing"  # noqa: F405

# `make run` serves pages in one process and runs scheduled publishing in the worker, another:
# a cache kept in files is shared by both, so a page the worker publishes reaches the menus
# and cached pages at once (in production, Redis is what the processes share).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": BASE_DIR / ".cache" / "django",  # noqa: F405
        "KEY_FUNCTION": "core.caching.keys.make_key",
    }
}
