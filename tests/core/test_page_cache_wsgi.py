"""Cached public pages answered before Django runs, under the same rules as the page cache middleware.

``intranet.wsgi`` serves Django behind ``PublicPageCacheApplication``: a page the middleware
stored is sent from Redis without Django handling the request. These tests call that WSGI
application as gunicorn does, on a real Redis, with two copies standing for two app servers.
"""

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from core.http.page_cache_wsgi import PublicPageCacheApplication
from tests.core.test_page_cache_redis import shared_redis  # noqa: F401 - a fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_redis")]


class Response:
    """What the server was handed: status line, headers (a dict) and the body."""

    def __init__(self, application, environ: dict):
        self.status, self.headers = "", {}

        def start_response(status, headers, exc_info=None):
            self.status, self.headers = status, dict(headers)

        result = application(environ, start_response)
        self.body = b"".join(result)
        if hasattr(result, "close"):
            result.close()

    @property
    def cache(self) -> str | None:
        return self.headers.get("X-Page-Cache")


class CountingDjango:
    """Django's WSGI application, counting the requests that reach it."""

    def __init__(self):
        self.handler = WSGIHandler()
        self.calls = 0

    def __call__(self, environ, start_response):
        self.calls += 1
        return self.handler(environ, start_response)


@pytest.fixture
def app_server():
    """Make app servers: each a ``PublicPageCacheApplication`` in front of its own Django application.

    The test's database connection stays open across requests, as Django's test client keeps it.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)

    def make():
        django = CountingDjango()
        server = PublicPageCacheApplication(django)
        server.django = django
        return server

    yield make
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def get(server, path: str, *, method: str = "GET", **headers) -> Response:
    environ = RequestFactory().generic(method, path, headers={"X-Forwarded-Proto": "https", **headers}).environ
    return Response(server, environ)


def test_a_stored_page_is_sent_without_django_or_the_database(app_server, policy):
    server = app_server()
    first = get(server, policy.url)
    assert first.cache == "miss"

    with CaptureQueriesContext(connection) as queries:
        second = get(server, policy.url)

    assert second.status == "200 OK" and second.cache == "hit"
    assert second.body == first.body
    assert server.django.calls == 1 and len(queries) == 0
    # Every header the middleware around the page adds is sent with the stored copy.
    for header in ("Content-Type", "Content-Security-Policy", "Permissions-Policy", "X-Frame-Options", "Vary"):
        assert second.headers[header] == first.headers[header], header


def test_a_head_request_gets_the_headers_without_the_body(app_server, policy):
    server = app_server()
    full = get(server, policy.url)
    get(server, policy.url)

    head = get(server, policy.url, method="HEAD")
    assert head.cache == "hit" and head.body == b""
    assert head.headers["Content-Length"] == full.headers["Content-Length"] == str(len(full.body))


def test_a_visitor_with_a_session_cookie_is_never_sent_the_stored_copy(app_server, client, policy, staff_user):
    server = app_server()
    get(server, policy.url)
    assert get(server, policy.url).cache == "hit"
    client.force_login(staff_user)
    session = client.cookies["sessionid"].value

    response = get(server, policy.url, Cookie=f"sessionid={session}")

    assert server.django.calls == 2
    assert response.cache is None
    assert f"Signed in as {staff_user.display_name()}" in response.body.decode()


def test_a_message_waiting_in_a_cookie_is_shown_by_a_rendered_page(app_server, policy):
    server = app_server()
    get(server, policy.url)
    assert get(server, policy.url).cache == "hit"

    response = get(server, policy.url, Cookie="messages=waiting")
    assert response.cache is None and server.django.calls == 2


def test_a_post_goes_to_django(app_server, policy):
    server = app_server()
    get(server, policy.url)
    get(server, policy.url, method="POST")
    assert server.django.calls == 2


def test_a_publish_reaches_every_app_server_at_once(app_server, policy, committed):
    servers = [app_server(), app_server()]
    for server in servers:
        get(server, policy.url)
        assert get(server, policy.url).cache == "hit"

    policy.title = "Social Media and Online Safety Policy"
    with committed():
        policy.save_revision().publish()

    calls = [server.django.calls for server in servers]
    first, second = (get(server, policy.url) for server in servers)
    for response in (first, second):
        assert "Social Media and Online Safety Policy" in response.body.decode()
    # Rendered once, by the first server; the second is sent the new copy without Django.
    assert (first.cache, second.cache) == ("miss", "hit")
    assert [server.django.calls for server in servers] == [calls[0] + 1, calls[1]]


def test_a_page_made_staff_only_is_no_longer_sent_to_anonymous_visitors(app_server, policy, committed):
    from wagtail.models import PageViewRestriction

    server = app_server()
    get(server, policy.url)
    assert get(server, policy.url).cache == "hit"
    with committed():
        PageViewRestriction.objects.create(page=policy, restriction_type=PageViewRestriction.LOGIN)

    for _ in range(2):
        response = get(server, policy.url)
        assert response.status.startswith("302") and response.cache is None


def test_django_answers_when_redis_cannot_be_read(app_server, policy, monkeypatch):
    server = app_server()
    get(server, policy.url)

    def refused(*args, **kwargs):
        raise ConnectionError("refused")

    monkeypatch.setattr(server, "connection", refused)
    response = get(server, policy.url)
    assert response.status == "200 OK" and "Social Media Policy" in response.body.decode()
    assert server.django.calls == 2


def test_a_page_whose_stored_copy_expired_is_rendered_again_once_the_short_hold_ends(app_server, policy, monkeypatch):
    from django.core.cache import cache

    import core.http.page_cache_wsgi as front

    server = app_server()
    get(server, policy.url)
    assert get(server, policy.url).cache == "hit"
    # The stored copy's time-out passes: Redis no longer has it.
    for key in server.held:
        cache._cache.get_client(write=True).delete(key)

    # Held by this process for a few seconds, while the site is unchanged.
    assert get(server, policy.url).cache == "hit" and server.django.calls == 1
    later = front.time.monotonic() + front.HOLD_SECONDS + 1
    monkeypatch.setattr(front.time, "monotonic", lambda: later)

    response = get(server, policy.url)
    assert response.cache == "miss" and server.django.calls == 2
    assert "Social Media Policy" in response.body.decode()
