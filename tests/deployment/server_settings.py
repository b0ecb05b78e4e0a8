"""The production settings, for the app servers ``test_two_app_servers`` starts on loopback.

Two differences, both because the tests reach the servers directly over plain HTTP, where
production has a TLS proxy in front:
- static file URLs come from Django's plain storage, so the servers start without
  ``collectstatic`` (the tests fetch pages, never CSS or scripts);
- the session and CSRF cookies are not marked ``Secure``, or the test's HTTP client would
  keep them back over plain HTTP.
"""

from intranet.settings.production import *  # noqa: F403

STORAGES = {  # noqa: F405
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
