"""The public page cache on a real Redis: one round trip for a hit, and every app server sees a publish at once."""

import pytest
import redis
from django.test import Client

from tests.core.test_page_cache import cached

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared_redis(settings, redis_url):
    """The page cache in the Redis at ``redis_url``, as production shares it between app servers."""
    settings.CACHES = {
        "default": {
            "BACKEND": "core.caching.redis.ResilientRedisCache",
            "LOCATION": redis_url,
            "KEY_FUNCTION": "core.caching.keys.make_key",
        }
    }
    return redis_url


@pytest.fixture
def redis_commands(monkeypatch):
    """Every command the cache sends to Redis from now on, as a list of command names."""
    sent = []
    execute = redis.Redis.execute_command

    def counting(self, *args, **options):
        sent.append(args[0])
        return execute(self, *args, **options)

    monkeypatch.setattr(redis.Redis, "execute_command", counting)
    return sent


def test_a_cached_page_costs_one_redis_round_trip(shared_redis, client, policy, redis_commands):
    first = cached(client, policy.url)
    redis_commands.clear()

    response = client.get(policy.url)

    assert response.headers["X-Page-Cache"] == "hit"
    assert response.content == first.content
    assert response.headers["Content-Type"] == first.headers["Content-Type"]
    assert response.headers["Content-Security-Policy"] == first.headers["Content-Security-Policy"]
    assert redis_commands == ["MGET"]


def test_a_new_app_server_costs_one_round_trip_after_its_first_hit(shared_redis, client, policy, redis_commands):
    cached(client, policy.url)
    other_server = Client()
    assert other_server.get(policy.url).headers["X-Page-Cache"] == "hit"
    redis_commands.clear()

    assert other_server.get(policy.url).headers["X-Page-Cache"] == "hit"
    assert redis_commands == ["MGET"]


def test_a_publish_reaches_every_app_server_at_once(shared_redis, client, policy, committed):
    servers = [client, Client()]
    for server in servers:
        assert server.get(policy.url).headers["X-Page-Cache"] in ("hit", "miss")
        assert server.get(policy.url).headers["X-Page-Cache"] == "hit"

    policy.title = "Social Media and Online Safety Policy"
    with committed():
        policy.save_revision().publish()

    for server in servers:
        assert "Social Media and Online Safety Policy" in server.get(policy.url).content.decode()


def test_a_signed_in_visitor_is_never_served_the_cached_copy(shared_redis, client, policy, staff_user):
    cached(client, policy.url)
    client.force_login(staff_user)

    response = client.get(policy.url)
    assert "X-Page-Cache" not in response.headers
    assert f"Signed in as {staff_user.display_name()}" in response.content.decode()


def test_a_staff_only_page_is_never_stored(shared_redis, client, staff_home, staff_user):
    client.force_login(staff_user)
    assert client.get(staff_home.url).status_code == 200
    client.logout()

    for _ in range(2):
        response = client.get(staff_home.url)
        assert response.status_code == 302
        assert "X-Page-Cache" not in response.headers
