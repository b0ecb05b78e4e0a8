"""With Redis unreachable, every page still answers: caches are skipped, sessions read from the database."""

import pytest
from django.core.cache import caches
from django.urls import reverse

from core.caching.redis import ResilientRedisCache
from home import roles
from intranet.settings.env import shared_caches
from tests.factories import TEST_PASSWORD, UserFactory
from tests.policy.factories import make_index, make_policy, section
from tests.ports import free_port


@pytest.fixture
def redis_down(settings):
    """The production cache and sessions (``REDIS_URL`` set) with nothing listening at that Redis."""
    settings.CACHES = shared_caches(f"redis://127.0.0.1:{free_port()}/0")
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.PUBLIC_PAGE_CACHE_SECONDS = 600
    settings.SHARED_SITE_CACHE = True
    assert isinstance(caches["default"], ResilientRedisCache)


@pytest.mark.django_db
def test_the_journeys_pages_answer_200_with_redis_down(redis_down, client, home_page, staff_home, school, caplog):
    policy = make_policy(
        make_index(home_page),
        title="Social Media Policy",
        body=[section("1", "Posting for a school", ("1.1", "Ask the ICT Manager before opening an account."))],
    )
    staff = UserFactory(username="teacher", school=school, roles=[roles.STAFF])
    admin = UserFactory(username="ict", school=school, roles=[roles.STAFF, roles.ICT_MANAGERS])

    assert client.get("/").status_code == 200
    assert client.get(policy.url).status_code == 200
    assert client.get(reverse("login")).status_code == 200

    signed_in = client.post(reverse("login"), {"username": staff.username, "password": TEST_PASSWORD})
    assert signed_in.status_code == 302
    assert client.get(staff_home.url).status_code == 200, "the session was not kept in the database"
    client.post(reverse("logout"))
    assert client.get(staff_home.url).status_code == 302, "signing out did not end the session"

    client.force_login(admin)  # signs in and sets up the second factor through the real pages
    assert client.get(reverse("wagtailadmin_home")).status_code == 200

    logged = caplog.get_records("setup") + caplog.records
    assert any("Redis cache unreachable" in record.getMessage() for record in logged)


@pytest.fixture
def live_redis(redis_url):
    return ResilientRedisCache(redis_url, {"OPTIONS": {"RETRY_AFTER_SECONDS": 0}})


def test_what_could_not_be_written_during_an_outage_is_dropped_when_redis_is_back(live_redis, redis_url):
    live_redis.set("session", "signed in")
    live_redis.set("generation", "before")
    working = live_redis._cache._pool_options.copy()

    # Redis goes away: the sign-out and the new generation cannot be written.
    live_redis._cache._servers = [f"redis://127.0.0.1:{free_port()}/0"]
    live_redis._cache._pools = {}
    live_redis._cache._clients = {}
    live_redis.delete("session")
    live_redis.set("generation", "during")
    assert live_redis.get("generation") is None

    # Redis is back, with what it held before: the stale entries are not read back.
    live_redis._cache._servers = [redis_url]
    live_redis._cache._pools = {}
    live_redis._cache._clients = {}
    live_redis._cache._pool_options = working
    assert live_redis.get("session") is None
    assert live_redis.get("generation") is None
    live_redis.set("generation", "after")
    assert live_redis.get("generation") == "after"
