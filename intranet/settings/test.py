"""Test settings: only what makes the suite faster or self-contained."""

import tempfile

from .dev import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tasks run at once, in the caller's transaction; tests of the worker switch to the database backend.
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
MEDIA_ROOT = tempfile.mkdtemp(prefix="intranet-test-media-")
ALLOWED_HOSTS = ["*"]
WAGTAILADMIN_BASE_URL = "http://testserver"
# Throttling is switched on by the tests that exercise it (override_settings), so that
# Django's test client login() (which passes no request) works everywhere else.
AXES_ENABLED = False
