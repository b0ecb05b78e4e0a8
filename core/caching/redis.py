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

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient as DjangoRedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


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


class ResilientRedisCache(RedisCache):
    """``RedisCache`` that skips Redis while it cannot be reached, so no page fails because of it.

    Every cache in the project is a copy of what the database holds (sessions are written
    through to the database, ``cached_db``), so when Redis is down a read is a miss and a
    write is dropped: pages are built from the database, more slowly, and nothing answers
    500. Each operation that fails with a Redis error (refused, timed out, out of memory):

    - returns what a miss returns (``get``: the default, ``get_many``: ``{}``, ``has_key``,
      ``touch`` and ``delete``: False, ``incr``: ``ValueError`` as for a missing key). ``add``
      returns True: its callers (allauth's rate-limit lock) then go on without the cache
      instead of waiting for a lock nobody can take;
    - opens a breaker: for ``OPTIONS["RETRY_AFTER_SECONDS"]`` (default 5) this process does
      not try Redis at all, so a request pays the connection time-out at most once; the
      first failure and the recovery are logged as warnings, not every skipped operation;
    - remembers the keys it could not write or delete. When Redis answers again they are
      deleted first, so nothing written before the outage and changed during it is read
      back stale (a signed-out session, an old page generation). Past ``MAX_MISSED_KEYS``
      keys the whole cache database is cleared instead (sessions stay in the database).

    Use ``"BACKEND": "core.caching.redis.ResilientRedisCache"``; set short socket time-outs in
    ``OPTIONS`` (``socket_connect_timeout``, ``socket_timeout``) so a Redis that does not
    answer costs a second, not a minute.
    """

    MAX_MISSED_KEYS = 10_000

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS") or {})
        self.retry_after = float(options.pop("RETRY_AFTER_SECONDS", 5))
        super().__init__(server, {**params, "OPTIONS": options})
        self._down_until = 0.0
        self._was_down = False
        self._missed: set[str] = set()
        self._missed_overflow = False

    # The breaker -----------------------------------------------------------------------

    def _skipping(self) -> bool:
        return time.monotonic() < self._down_until

    def _failed(self, operation: str, exc: Exception, keys=()) -> None:
        self._remember(keys)
        if not self._was_down:
            logger.warning(
                "Redis cache unreachable (%s: %s); caches are skipped and pages built from the database.",
                operation,
                exc,
            )
        self._was_down = True
        self._down_until = time.monotonic() + self.retry_after

    def _remember(self, keys) -> None:
        if self._missed_overflow:
            return
        self._missed.update(keys)
        if len(self._missed) > self.MAX_MISSED_KEYS:
            self._missed.clear()
            self._missed_overflow = True

    def _recover(self) -> None:
        """After an outage, delete what could not be written or deleted during it, then log the recovery."""
        # The remembered keys are full keys already (prefix, version): straight to the client.
        if self._missed_overflow:
            self._cache.clear()
        elif self._missed:
            self._cache.delete_many(list(self._missed))
        self._missed.clear()
        self._missed_overflow = False
        self._was_down = False
        logger.warning("Redis cache reachable again; keys written during the outage were dropped.")

    def _call(self, operation: str, miss, keys, method, *args, **kwargs):
        """Run ``method`` unless the breaker is open; on a Redis error return ``miss`` (or raise it if an exception)."""
        write = operation in self._WRITES
        if self._skipping():
            if write:
                self._remember(keys)
            return self._miss(miss)
        try:
            if self._was_down:
                self._recover()
            return method(*args, **kwargs)
        except RedisError as exc:
            self._failed(operation, exc, keys if write else ())
            return self._miss(miss)

    _WRITES = frozenset({"set", "add", "set_many", "delete", "delete_many", "touch", "incr"})

    @staticmethod
    def _miss(miss):
        if isinstance(miss, BaseException):
            raise miss
        return miss

    # The cache API ---------------------------------------------------------------------

    def get(self, key, default=None, version=None):
        return self._call("get", default, (), super().get, key, default, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, (), super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, (), super().has_key, key, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        full = [self.make_and_validate_key(key, version=version)]
        return self._call("set", None, full, super().set, key, value, timeout, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        full = [self.make_and_validate_key(key, version=version)]
        return self._call("add", True, full, super().add, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        full = [self.make_and_validate_key(key, version=version)]
        return self._call("touch", False, full, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        full = [self.make_and_validate_key(key, version=version)]
        return self._call("delete", False, full, super().delete, key, version)

    def incr(self, key, delta=1, version=None):
        full = [self.make_and_validate_key(key, version=version)]
        missing = ValueError(f"Key '{key}' not found (the cache cannot be reached).")
        return self._call("incr", missing, full, super().incr, key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        full = [self.make_and_validate_key(key, version=version) for key in data]
        return self._call("set_many", list(data), full, super().set_many, data, timeout, version)

    def delete_many(self, keys, version=None):
        keys = list(keys)
        full = [self.make_and_validate_key(key, version=version) for key in keys]
        return self._call("delete_many", None, full, super().delete_many, keys, version)

    def clear(self):
        return self._call("clear", False, (), super().clear)
