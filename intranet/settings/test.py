"""Test settings: only what makes the suite faster or self-contained."""

import tempfile

from .dev import *  # noqa: F403

DEBUG = False
# Each test process keeps its own cache in memory (faster than dev's files, and never shared
# between test runs).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "KEY_FUNCTION": "core.caching.keys.make_key",
    }
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tasks run at once, in the caller's transaction; tests of the worker switch to the database backend.
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
# Every email goes through the outbox as in production; the worker's delivery lands in
# django.core.mail.outbox. Django's test environment makes every mailer locmem, so
# tests/conftest.py puts the outbox back as the default one.
MAILERS = {
    "default": {"BACKEND": "core.mail.backends.OutboxBackend"},
    "delivery": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"},
}
MEDIA_ROOT = tempfile.mkdtemp(prefix="intranet-test-media-")
STORAGES = {  # noqa: F405
    **STORAGES,  # noqa: F405
    "sealed_records": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": tempfile.mkdtemp(prefix="intranet-test-sealed-"), "base_url": "/no-public-url/"},
    },
}
# Tests that seal records make their own certificate (tests/forms_app/records/conftest.py).
RECORD_SIGNING_DEMO_DIR = None
ALLOWED_HOSTS = ["*"]
WAGTAILADMIN_BASE_URL = "http://testserver"
# Throttling is switched on by the tests that exercise it (override_settings), so that
# Django's test client login() (which passes no request) works everywhere else.
AXES_ENABLED = False
