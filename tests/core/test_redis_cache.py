"""The project's Redis cache backend behaves as Django's, sharing one client per connection pool."""

import pytest
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache

from core.caching.redis import RedisCache


@pytest.fixture
def redis_cache(redis_url):
    return RedisCache(redis_url, {"KEY_PREFIX": "redis-cache-test"})


def test_it_stores_reads_counts_and_deletes_as_djangos_backend_does(redis_cache, redis_url):
    django_cache = DjangoRedisCache(redis_url, {"KEY_PREFIX": "redis-cache-test"})
    redis_cache.set("policy", {"title": "Social Media Policy"}, 60)
    assert django_cache.get("policy") == {"title": "Social Media Policy"}
    assert redis_cache.add("policy", "other", 60) is False
    redis_cache.set("count", 1)
    assert redis_cache.incr("count") == 2
    assert redis_cache.get_many(["policy", "count", "missing"]) == {
        "policy": {"title": "Social Media Policy"},
        "count": 2,
    }
    redis_cache.delete("policy")
    assert django_cache.get("policy") is None


def test_one_client_serves_every_call(redis_cache):
    redis_cache.get("warm")
    assert redis_cache._cache.get_client("a") is redis_cache._cache.get_client("b", write=True)
