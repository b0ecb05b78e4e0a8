"""The WSGI application in front of Django: anonymous visitors' cached public pages, sent before Django runs.

``PublicPageCacheMiddleware`` (``core.caching.page_cache``) stores public pages with every
header the site adds, ready to send. A hit answered by the middleware still costs Django's
request handling: the request object, the request signals, the middleware before it and
rebuilding a response. ``PublicPageCacheApplication`` wraps Django's WSGI application
(``intranet.wsgi``) and answers a hit before any of that, with the same rules and the same
keys: one Redis round trip reads the page and the site's generation together, and the
stored status line, headers and body are handed to the server as they are. It cut a hit's
time in the app server to about a fifth (``scripts/bench_pages.py --cached-only``). A page
read so is then held in the process for a few seconds (``HOLD_SECONDS``), during which a hit
reads only the generation: the round trip stays, the page's bytes do not travel again.

It only answers addresses it has learnt are stored: those the middleware served from the
cache or stored, in this process (it says so on the response, ``page_cache_address``).
Every other request (the first visit of an address, static files, the admin, any visitor
with a session or messages cookie, a ``POST``) goes to Django untouched, without a round
trip to Redis. A copy that is missing or of an older generation goes to Django too, with
the generation it read (``ENVIRON_READ``), so the middleware renders and stores the page
without reading again. A publish reaches this application at once, as it reaches the
middleware: the generation is read from Redis on every request.

Only a Redis page cache (Django's ``RedisCache`` or a subclass, as in production) is read
here, through a connection of its own to the cache's read server, opened once per thread:
redis-py's client costs about four times the round trip itself in pool and bookkeeping
work. When Redis cannot be read, requests go to Django (where the resilient cache decides
what to do) for the cache's ``retry_after`` seconds (5 without one); while the resilient
cache has not yet recovered from an outage (it deletes what it could not write during it
first), nothing is answered here either.
"""

import logging
import os
import pickle
import threading
import time

from django.conf import settings
from django.core.cache.backends.redis import RedisCache

from core.caching.generations import SITE, page_cache
from core.caching.page_cache import (
    ENVIRON_READ,
    MAX_LEARNT,
    STATUS_HEADER,
    address_key,
    fresh,
    may_use_cache,
    page_key,
)

logger = logging.getLogger(__name__)

# Seconds without reading Redis here after a failure, unless the cache says otherwise.
RETRY_AFTER_SECONDS = 5.0
# A page read from Redis is held in this process for a few seconds and sent again while the
# site's generation is unchanged: a hit then reads the generation alone (a few bytes), not a
# page of tens of kilobytes. At most this many pages are held at once.
HOLD_SECONDS = 5.0
MAX_HELD = 64


def mget(keys: tuple[bytes, ...]) -> bytes:
    """Return the Redis protocol's ``MGET`` of ``keys``, ready to send (redis-py's packing is generic, and slower)."""
    parts = [b"*%d\r\n$4\r\nMGET\r\n" % (len(keys) + 1)]
    parts.extend(b"$%d\r\n%s\r\n" % (len(key), key) for key in keys)
    return b"".join(parts)


class PublicPageCacheApplication:
    """Wrap the WSGI application ``application``: answer page-cache hits, hand everything else to it.

    Called as a WSGI application, ``(environ, start_response)``; returns the stored body
    (nothing for ``HEAD``) with the stored status and headers and ``X-Page-Cache: hit``, or
    what ``application`` returns. Never raises for the cache: a failure to read it is
    logged and the request goes to ``application``.
    """

    def __init__(self, application):
        self.application = application
        # Address digest -> the headers its responses vary on, learnt from the middleware.
        self.vary: dict[str, tuple[str, ...]] = {}
        self.local = threading.local()
        self.skip_until = 0.0
        # Cache key -> (held until, monotonic seconds; the generation it was read under; the copy).
        self.held: dict[bytes, tuple[float, str, tuple]] = {}

    def __call__(self, environ: dict, start_response):
        address = None
        if settings.PUBLIC_PAGE_CACHE_SECONDS and may_use_cache(environ):
            address = address_key(environ)
            vary = self.vary.get(address)
            if vary is not None:
                copy = self.read(environ, address, vary)
                if copy is not None:
                    status, headers, body = copy
                    start_response(status, [*headers, (STATUS_HEADER, "hit")])
                    return [b"" if environ["REQUEST_METHOD"] == "HEAD" else body]
        result = self.application(environ, start_response)
        if address is not None:
            self.note(address, getattr(result, "page_cache_address", None))
        return result

    def note(self, address: str, served: tuple[str, tuple[str, ...]] | None) -> None:
        """Remember ``address`` when Django served it from the cache or stored it (``served``); forget it otherwise.

        ``served`` is the response's ``page_cache_address``: ``(address digest, vary
        headers)``, or None when the page was rendered and not stored (it became private,
        say), after which this address goes to Django without a read.
        """
        if served is not None and served[0] == address:
            if address not in self.vary and len(self.vary) >= MAX_LEARNT:
                self.vary.clear()
            self.vary[address] = served[1]
        else:
            self.vary.pop(address, None)

    def read(self, environ: dict, address: str, vary: tuple[str, ...]) -> tuple | None:
        """Return ``(status line, headers, body)`` of the fresh stored copy for ``environ``, or None.

        One ``MGET`` of the page and the site's generation. A copy read so is held in this
        process for ``HOLD_SECONDS``; while it is, the request reads the generation alone and
        is sent the held copy if the generation is the one it was read under (otherwise the
        page is read as before). A page can therefore be sent up to ``HOLD_SECONDS`` after its
        stored copy expired, never after a change to the site. When the copy is missing or out
        of date the generation read is left in ``environ[ENVIRON_READ]`` for the middleware.
        """
        cache = page_cache()
        if not isinstance(cache, RedisCache) or time.monotonic() < self.skip_until:
            return None
        if getattr(cache, "_was_down", False):  # ResilientRedisCache: recovering from an outage
            return None
        try:
            connection = self.connection(cache)
            key = cache.make_key(page_key(address, vary, environ)).encode()
            now = time.monotonic()
            held = self.held.get(key)
            if held is not None and held[0] > now:
                connection.send_packed_command([mget((self.local.generation_key,))], check_health=False)
                (generation,) = connection.read_response()
                if generation is not None and pickle.loads(generation) == held[1]:  # noqa: S301
                    return held[2]
            connection.send_packed_command([mget((key, self.local.generation_key))], check_health=False)
            page, generation = connection.read_response()
            if generation is None:
                return None  # the middleware starts one
            # Django's Redis serializer pickles every value but integers, which these never are.
            generation = pickle.loads(generation)  # noqa: S301 - the project's own cache
            copy = None if page is None else fresh(pickle.loads(page), generation)  # noqa: S301
        except Exception as exc:
            self.failed(cache, exc)
            return None
        if copy is None:
            self.held.pop(key, None)
            environ[ENVIRON_READ] = (address, generation)
        else:
            if key not in self.held and len(self.held) >= MAX_HELD:
                self.held.clear()
            self.held[key] = (now + HOLD_SECONDS, generation, copy)
        return copy

    def connection(self, cache: RedisCache):
        """Return this thread's connection to ``cache``'s read server, opened with the cache's own settings."""
        local = self.local
        if getattr(local, "cache", None) is not cache or local.pid != os.getpid():
            if getattr(local, "connection", None) is not None and local.pid == os.getpid():
                local.connection.disconnect()
            # The pool Django's client reads through: same server, database, password, time-outs.
            pool = cache._cache._get_connection_pool(write=False)
            local.connection = pool.connection_class(**pool.connection_kwargs)
            local.cache, local.pid = cache, os.getpid()
            local.generation_key = cache.make_key(SITE).encode()
        return local.connection

    def failed(self, cache: RedisCache, exc: Exception) -> None:
        """After a failed read: drop the connection and the held pages; leave Redis to Django for a while, log once."""
        self.held.clear()
        connection = getattr(self.local, "connection", None)
        if connection is not None:
            connection.disconnect()
        if time.monotonic() >= self.skip_until:
            logger.warning("The page cache could not be read before Django (%s); Django serves pages for now.", exc)
        self.skip_until = time.monotonic() + float(getattr(cache, "retry_after", RETRY_AFTER_SECONDS))
