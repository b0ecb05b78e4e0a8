"""Django's Redis cache, keeping one Redis client per connection pool instead of one per call.

Django's ``RedisCacheClient.get_client`` builds a new ``redis.Redis`` object for every cache
operation. redis-py fills each new client's table of response callbacks (about 170
entries), which costs more than the round trip to Redis on loopback: for a public page
served from the page cache (three cache reads) it was most of the time spent in Python.
A ``redis.Redis`` object is safe to share between threads (each command borrows a
connection from the pool), so one per pool is kept and reused.

Use ``"BACKEND": "core.caching.redis.RedisCache"`` with the same ``LOCATION`` and ``OPTIONS``
as Django's backend.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient as DjangoRedisCacheClient


class RedisCacheClient(DjangoRedisCacheClient):
    """Django's client, handing out one ``redis.Redis`` per connection pool (see the module docstring)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        """Return the shared ``redis.Redis`` client of the pool Django's client would use for ``key``."""
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    """Django's ``RedisCache`` with ``RedisCacheClient`` above: same settings, same behaviour, fewer objects."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
