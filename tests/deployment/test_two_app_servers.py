"""Two app servers behind one load balancer share one PostgreSQL database and one Redis.

Each test starts two gunicorn servers with the production settings (``server_settings``) on
loopback, both on the test database and on Redis database 13, as a trust runs them behind a
load balancer, and checks that what happens on one is seen at once on the other: a publish
or an unpublish in the admin of one reaches anonymous visitors of the other (the public page
cache is shared and cleared for both), a sign-in on one is valid on the other and a sign-out
on one ends it on both, and wrong passwords on both count towards one pause.

Needs PostgreSQL (``DATABASE_URL``) and Redis (the ``redis_url`` fixture: ``TEST_REDIS_URL``,
default ``redis://127.0.0.1:6379/13``, emptied by the test). Without Redis the tests are
skipped with the reason, except under ``CI=true``, where they fail.
"""

import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import login
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.test import RequestFactory

from home.models import StandardPage
from tests.factories import UserFactory
from tests.ports import free_port

requests = pytest.importorskip("requests")

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct horse battery staple"

pytestmark = [
    pytest.mark.postgres(reason="Two app servers share one PostgreSQL database"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


class AppServer:
    """One gunicorn server with one sync worker; ``get``/``post`` reach it as a browser would."""

    def __init__(self, name: str, env: dict[str, str]):
        self.name = name
        self.env = env
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = tempfile.NamedTemporaryFile(prefix=f"app-server-{name}-", suffix=".log", delete=False)  # noqa: SIM115
        self.process = subprocess.Popen(  # noqa: S603 - our own gunicorn command
            [sys.executable, "-m", "gunicorn", "intranet.wsgi", "--bind", f"127.0.0.1:{self.port}", "--workers", "1"],
            cwd=ROOT,
            env={**env, "WAGTAILADMIN_BASE_URL": self.base},
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait_until_up(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"app server {self.name} stopped at start-up:\n{Path(self.log.name).read_text()}")
            try:
                requests.get(f"{self.base}/", timeout=30)
                return
            except requests.ConnectionError:
                time.sleep(0.3)
        pytest.fail(f"app server {self.name} did not answer within a minute")

    def get(self, browser: requests.Session, path: str) -> requests.Response:
        return browser.get(self.base + path, allow_redirects=False, timeout=30)

    def post_form(
        self, browser: requests.Session, path: str, data: dict | None = None, *, form_page: str | None = None
    ) -> requests.Response:
        """GET the form's page (``form_page``, else ``path``), then POST ``data`` and its CSRF token to ``path``."""
        page = self.get(browser, form_page or path)
        assert page.status_code == 200, f"{self.name} {form_page or path}: {page.status_code}"
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        return browser.post(
            self.base + path, data={"csrfmiddlewaretoken": token, **(data or {})}, allow_redirects=False, timeout=30
        )

    def stop(self) -> None:
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)
        self.log.close()
        Path(self.log.name).unlink(missing_ok=True)


@contextmanager
def app_servers(redis_url: str, **overrides: str):
    """Start servers ``a`` and ``b``: the production settings on the test database and the shared Redis.

    ``overrides`` are environment variables laid over the defaults (a value of "" removes one).
    Yields ``{"a": AppServer, "b": AppServer}`` once both answer; stops both afterwards.
    """
    database = connection.settings_dict
    database_url = (
        f"postgres://{database['USER']}:{database['PASSWORD'] or ''}@{database['HOST'] or '127.0.0.1'}:"
        f"{database['PORT'] or 5432}/{database['NAME']}"
    )
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "tests.deployment.server_settings",
        # The test process makes sessions the servers must accept: the same key signs them.
        "DJANGO_SECRET_KEY": settings.SECRET_KEY,
        # Authenticators the test process enrols must be readable by the servers: the same key.
        "MFA_SECRET_KEY": settings.MFA_SECRET_KEY,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "EMAIL_HOST": "127.0.0.1",
        "DEFAULT_FROM_EMAIL": "intranet@example.org",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        # As behind nginx (test_nginx_in_front): image files are sent by nginx once the app has checked them.
        "MEDIA_ACCEL_REDIRECT_PREFIX": "/protected-media/",
        "SEALED_RECORDS_ROOT": tempfile.mkdtemp(prefix="two-servers-sealed-"),
        **overrides,
    }
    env = {name: value for name, value in env.items() if value != ""}
    env.pop("DATABASE_URL_TEST", None)
    pair = {"a": AppServer("a", env), "b": AppServer("b", env)}
    try:
        for server in pair.values():
            server.wait_until_up()
        yield pair
    finally:
        for server in pair.values():
            server.stop()


@pytest.fixture
def servers(redis_url, home_page):
    """Servers ``a`` and ``b`` (``app_servers``) with the media folder of this checkout."""
    with app_servers(redis_url) as pair:
        yield pair


def browser() -> requests.Session:
    """A browser reaching both servers under one host name, as through the load balancer."""
    session = requests.Session()
    session.headers["Host"] = "127.0.0.1"
    return session


def signed_in_admin_browser() -> requests.Session:
    """A browser holding the session of a superuser who signed in with a second factor.

    The session is made as the sign-in view makes it (``login`` plus allauth's record of the
    second factor) and stored in the database, where the servers' ``cached_db`` sessions find it.
    """
    from allauth.account.internal.flows.login import record_authentication

    admin = UserFactory(username="web.admin", is_superuser=True, is_staff=True)
    request = RequestFactory().get("/")
    request.session = SessionStore()
    login(request, admin, backend="home.accounts.backends.SignInBackend")
    record_authentication(request, admin, "mfa", type="totp", reauthenticated=False)
    request.session.save()
    session = browser()
    session.cookies.set(settings.SESSION_COOKIE_NAME, request.session.session_key)
    return session


def test_a_publish_on_one_server_reaches_anonymous_visitors_of_the_other_at_once(servers, home_page):
    a, b = servers["a"], servers["b"]
    page = StandardPage(title="Term dates", slug="term-dates")
    home_page.add_child(instance=page)
    page.save_revision().publish()
    visitor = browser()

    assert b.get(visitor, "/term-dates/").headers.get("X-Page-Cache") == "miss"
    shared = a.get(visitor, "/term-dates/")
    assert shared.headers.get("X-Page-Cache") == "hit", "server a did not find server b's copy in Redis"

    page.title = "Term dates 2027 to 2028"
    page.save_revision()  # a draft: visitors still see the published page
    assert "Term dates 2027 to 2028" not in b.get(visitor, "/term-dates/").text

    admin = signed_in_admin_browser()
    published = a.post_form(admin, f"/admin/bulk/wagtailcore/page/publish/?id={page.pk}&next=/admin/")
    assert published.status_code == 302, published.text[:500]
    seen = b.get(visitor, "/term-dates/")
    assert seen.status_code == 200 and "Term dates 2027 to 2028" in seen.text

    unpublished = a.post_form(admin, f"/admin/pages/{page.pk}/unpublish/")
    assert unpublished.status_code == 302, unpublished.text[:500]
    assert b.get(visitor, "/term-dates/").status_code == 404


def test_a_sign_in_on_one_server_holds_on_the_other_and_a_sign_out_ends_it_on_both(servers, staff_home, settings):
    a, b = servers["a"], servers["b"]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    teacher = UserFactory(username="j.okafor", first_name="Jo", last_name="Okafor", password=PASSWORD)
    person = browser()

    signed_in = a.post_form(person, "/login/", {"username": teacher.username, "password": PASSWORD})
    assert signed_in.status_code == 302
    on_b = b.get(person, staff_home.url)
    assert on_b.status_code == 200 and "Signed in as Jo Okafor" in on_b.text

    assert b.post_form(person, "/logout/", form_page=staff_home.url).status_code == 302
    after = a.get(person, staff_home.url)
    assert after.status_code == 302 and "/login/" in after.headers["Location"]


def test_wrong_passwords_on_both_servers_count_towards_one_pause(servers, settings):
    a, b = servers["a"], servers["b"]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    teacher = UserFactory(username="typo.prone", password=PASSWORD)
    person = browser()

    for server in (a, b, a, b):
        wrong = server.post_form(person, "/login/", {"username": teacher.username, "password": "wrong password"})
        assert wrong.status_code == 200 and "Too many" not in wrong.text
    a.post_form(person, "/login/", {"username": teacher.username, "password": "wrong password"})  # the fifth
    paused = b.post_form(person, "/login/", {"username": teacher.username, "password": PASSWORD})

    assert paused.status_code == 429
    assert "Too many sign-in attempts" in paused.text
