"""Fixtures shared by every test package.

When ``DATABASE_URL`` points at PostgreSQL the whole suite runs there. If that server
cannot be reached, the tests are skipped with the reason, except under ``CI=true``,
where an unreachable database is a failure.
"""

import os

import pytest
from django.conf import settings
from django.test import Client
from wagtail.models import Page, Site

from home import roles
from home.models import HomePage, StaffHomePage
from tests.factories import SchoolFactory, UserFactory, staff_fixture

IN_CI = os.environ.get("CI", "").lower() == "true"


def _database_unreachable_reason() -> str | None:
    """Return why the configured PostgreSQL server cannot be used, or None if it can."""
    config = settings.DATABASES["default"]
    if config["ENGINE"] != "django.db.backends.postgresql":
        return None
    import psycopg2

    try:
        psycopg2.connect(
            dbname="postgres",
            user=config.get("USER") or None,
            password=config.get("PASSWORD") or None,
            host=config.get("HOST") or None,
            port=config.get("PORT") or None,
            connect_timeout=3,
        ).close()
    except psycopg2.OperationalError as exc:
        return f"PostgreSQL from DATABASE_URL is unreachable: {str(exc).strip().splitlines()[0]}"
    return None


def pytest_collection_modifyitems(config, items):
    """Skip ``@pytest.mark.postgres(reason=...)`` tests off PostgreSQL; skip or stop when PostgreSQL is unreachable.

    A test marked ``postgres`` needs PostgreSQL itself (row locks, its search, several
    servers on one database): on SQLite it is skipped with the marker's reason.
    """
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        for item in items:
            marker = item.get_closest_marker("postgres")
            if marker is not None:
                why = marker.kwargs.get("reason", "needs PostgreSQL")
                item.add_marker(pytest.mark.skip(reason=f"{why}: set DATABASE_URL=postgres://..."))
    reason = _database_unreachable_reason()
    if reason is None:
        return
    if IN_CI:
        pytest.exit(f"{reason} (CI=true: PostgreSQL is required)", returncode=1)
    skip = pytest.mark.skip(reason=reason)
    for item in items:
        item.add_marker(skip)


@pytest.fixture(scope="session", autouse=True)
def _emails_through_the_outbox(django_test_environment):
    """Put the outbox back as the default mailer after Django's test environment made every mailer locmem.

    Django's ``setup_test_environment`` replaces each ``MAILERS`` entry with locmem, which
    would let the tests' emails skip the outbox. The settings' own default mailer (the
    outbox) is restored; the delivery mailer stays locmem, so what the worker delivers is
    in ``django.core.mail.outbox``.
    """
    import importlib

    configured = importlib.import_module(settings.SETTINGS_MODULE).MAILERS
    settings.MAILERS = {**settings.MAILERS, "default": configured["default"]}


_SERIALIZED_CONTENTS: dict[str, str] = {}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database, with its migrated contents kept for serialized rollback.

    Migrations create the roles, the workflows and Wagtail's root page. Transactional
    tests (the browser journeys, the PostgreSQL race tests) empty the database after
    each test and restore those contents before the next one. Django keeps them on the
    connection object, which is per thread *and* per async context: once Playwright's
    event loop runs, tests get a fresh connection object without them. Keep a copy here.
    """
    from django.db import connections

    with django_db_blocker.unblock():
        for connection in connections.all():
            contents = getattr(connection, "_test_serialized_contents", None)
            if contents is None:
                contents = connection.creation.serialize_db_to_string()
            _SERIALIZED_CONTENTS[connection.alias] = contents


def keep_serialized_contents() -> None:
    """Put the migrated contents on this context's connection objects, where they are missing.

    Called before each test and by the browser fixture as soon as Playwright's event loop
    starts: the first browser test's database set-up runs before this module's per-test
    fixture, on the new context's connection.
    """
    from django.db import connections

    for alias, contents in _SERIALIZED_CONTENTS.items():
        connection = connections[alias]
        if not hasattr(connection, "_test_serialized_contents"):
            connection._test_serialized_contents = contents


@pytest.fixture(autouse=True)
def _keep_serialized_contents():
    """Put the migrated contents back on this context's connection before each test."""
    keep_serialized_contents()


@pytest.fixture
def home_page(db) -> HomePage:
    """The site's HomePage, replacing Wagtail's default welcome page as the site root."""
    root = Page.get_first_root_node()
    home = HomePage(title="Welcome", slug="welcome")
    root.add_child(instance=home)
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.save()
    return home


@pytest.fixture
def staff_home(home_page) -> StaffHomePage:
    """The private staff area below the home page."""
    page = StaffHomePage(title="Staff area", slug="staff")
    home_page.add_child(instance=page)
    return page


@pytest.fixture
def school(db):
    return SchoolFactory(name="Riverside Primary School", slug="riverside")


@pytest.fixture
def other_school(db):
    return SchoolFactory(name="Hillcrest Academy", slug="hillcrest")


@pytest.fixture
def central_team(db):
    return SchoolFactory(name="Trust central team", slug="central", is_central_team=True)


@pytest.fixture
def trust(central_team):
    """Return ``(ceo, trust_admin)``: who escalations and the no-approver check reach."""
    ceo = UserFactory(username="ceo", school=central_team, roles=[roles.STAFF, roles.HEADTEACHERS])
    admin = UserFactory(username="trustadmin", school=central_team, roles=[roles.TRUST_ADMINISTRATORS])
    return ceo, admin


staff_user = staff_fixture("teacher", "school")
ict_manager = staff_fixture("ict", "school", roles.ICT_MANAGERS)
headteacher = staff_fixture("head", "school", roles.HEADTEACHERS)


# --- Second factors -----------------------------------------------------------------------------


def current_totp_code(secret: str) -> str:
    """The authenticator app's code for ``secret`` now; waits for the next 30-second step if this one is ending.

    A code typed in the last second of its step could reach the server after it expired.
    """
    import time

    from home.demo import totp_code

    if 30 - time.time() % 30 < 1.5:
        time.sleep(30 - time.time() % 30 + 0.1)
    return totp_code(secret)


class SecondFactorClient(Client):
    """Django's test client whose ``force_login``/``login`` also pass the second factor, as a person would.

    Admin roles and superusers must pass a second factor before any admin page
    (``home.accounts.mfa``). After signing in such a user this client, like the person, either
    enrols an authenticator app through the real "Set up an authenticator app" page (GET
    it, read the secret key shown, POST the app's current code), or, when already enrolled,
    answers the real second-factor challenge with a valid code. A code the user already used
    in this 30-second window would be refused as a replay, so the client then uses one of
    the user's recovery codes instead. Other users are signed in exactly as before.
    """

    totp_secrets: dict[int, str]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.totp_secrets = {}

    def _login(self, user, backend=None):
        super()._login(user, backend)
        from home.accounts.mfa import has_second_factor, needs_second_factor

        if needs_second_factor(user):
            if has_second_factor(user):
                self._pass_challenge(user)
            else:
                self._enrol(user)

    def _enrol(self, user) -> None:
        import re

        from django.urls import reverse

        page = self.get(reverse("mfa_activate_totp"))
        assert page.status_code == 200, f"enrolment page answered {page.status_code}"
        secret = re.search(r'id="authenticator_secret" value="([A-Z2-7]+)"', page.content.decode()).group(1)
        response = self.post(reverse("mfa_activate_totp"), {"code": current_totp_code(secret)})
        assert response.status_code == 302, "enrolling the authenticator app failed"
        self.totp_secrets[user.pk] = secret

    def _pass_challenge(self, user) -> None:
        from allauth.mfa.adapter import get_adapter
        from allauth.mfa.models import Authenticator
        from django.urls import reverse

        from home.accounts.mfa_adapter import was_totp_code_used

        totp = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
        code = current_totp_code(get_adapter().decrypt(totp.data["secret"]))
        if was_totp_code_used(totp, code):
            from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

            recovery = Authenticator.objects.get(user=user, type=Authenticator.Type.RECOVERY_CODES)
            code = RecoveryCodes(recovery).get_unused_codes()[0]
        response = self.post(reverse("mfa_reauthenticate"), {"code": code})
        assert response.status_code == 302, "the second-factor challenge refused a valid code"


@pytest.fixture
def client():
    """Django's test client, passing the second factor for admin roles (see ``SecondFactorClient``)."""
    return SecondFactorClient()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: used TOTP codes and rate limits are kept there."""
    from django.core.cache import cache

    cache.clear()
    yield


def _already_run() -> None:
    """Stands in for a cache-staleness callback already run before a test-client request."""


@pytest.fixture(autouse=True)
def _requests_see_committed_cache_changes(monkeypatch):
    """Before each test-client request, make stale what the test has changed so far, as its commit would.

    In production every change is committed before the next request sees it, and the caches
    go stale at that commit (``core.caching.registry``). A test runs in one transaction that
    is never committed, so the staleness its changes declared is run here, before each
    request, and only that: other ``on_commit`` callbacks (emails, sealing) are left to the
    tests that capture them. A change rolled back inside the test has already dropped its
    callbacks, so it still marks nothing stale.
    """
    from functools import partial

    from django.db import connections
    from django.test.client import ClientHandler

    from core.caching.registry import replace_generation

    handle = ClientHandler.__call__

    def mark_stale_then_handle(self, environ):
        for connection in connections.all(initialized_only=True):
            pending = connection.run_on_commit
            for index, (savepoints, callback, robust) in enumerate(pending):
                if isinstance(callback, partial) and callback.func is replace_generation:
                    callback()
                    # Left in place as a no-op, so that ``django_capture_on_commit_callbacks``,
                    # which remembers how many callbacks were queued when it began, still sees
                    # every callback queued after that.
                    pending[index] = (savepoints, _already_run, robust)
        return handle(self, environ)

    monkeypatch.setattr(ClientHandler, "__call__", mark_stale_then_handle)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a change as a committed transaction: ``with committed(): page.save_revision().publish()``.

    Each test runs inside a transaction that is rolled back, so ``transaction.on_commit``
    callbacks (the caches going stale, emails queued for after a decision) never run by
    themselves. Inside this block they run when it ends, as they would at the commit.
    """
    return lambda: django_capture_on_commit_callbacks(execute=True)


def service_missing(reason: str) -> None:
    """Skip the test with ``reason`` (a missing service or tool); under ``CI=true`` fail it instead."""
    if IN_CI:
        pytest.fail(f"{reason} (CI=true requires it)")
    pytest.skip(reason)


@pytest.fixture
def redis_url():
    """A Redis database for tests that need a real one, emptied before and after the test.

    ``TEST_REDIS_URL`` (default ``redis://127.0.0.1:6379/13``). Unreachable: the test is
    skipped with the reason, except under ``CI=true``, where it fails.
    """
    import redis

    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/13")
    client = redis.Redis.from_url(url, socket_connect_timeout=2)
    try:
        client.flushdb()
    except redis.exceptions.ConnectionError as exc:
        reason = f"Redis at {url} is unreachable ({exc})"
        if IN_CI:
            pytest.fail(f"{reason}; CI=true requires it")
        pytest.skip(reason)
    yield url
    client.flushdb()


@pytest.fixture
def without_page_cache(settings):
    """Anonymous pages rendered every time: for tests that count what rendering a page costs."""
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0


@pytest.fixture(scope="session")
def oidc_provider_server():
    """A real OpenID Connect provider on 127.0.0.1 for the whole session (see ``tests.oidc``)."""
    from tests.oidc import running_provider

    with running_provider() as provider:
        yield provider


@pytest.fixture
def oidc_provider(oidc_provider_server, settings):
    """The provider, offered on the sign-in pages for this test (``SOCIALACCOUNT_PROVIDERS``)."""
    settings.SOCIALACCOUNT_PROVIDERS = oidc_provider_server.settings()
    return oidc_provider_server


@pytest.fixture(scope="session")
def pango():
    """WeasyPrint's system libraries: skip outside CI when they are missing, fail under CI=true."""
    try:
        import weasyprint  # noqa: F401
    except OSError as exc:
        reason = f"WeasyPrint cannot load Pango (apt-get install libpango-1.0-0 libpangoft2-1.0-0): {exc}"
        if IN_CI:
            pytest.fail(reason)
        pytest.skip(reason)
