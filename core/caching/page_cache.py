"""A shared cache of public Wagtail pages for anonymous visitors, emptied whenever the site changes.

Most visitors of a school's public pages (parents reading e-safety guidance, anyone reading
a published policy) are not signed in, and every one of them is shown the same HTML. This
module keeps that HTML in the page cache (``settings.PUBLIC_PAGE_CACHE``: the shared Redis
cache in production, so every app server sees one copy; Django's local memory cache in
development) for at most ``settings.PUBLIC_PAGE_CACHE_SECONDS``.

What is cached (``PublicPageCacheMiddleware``): the ``200`` response to a ``GET`` or
``HEAD`` of a Wagtail page that has no privacy restriction on it or an ancestor, asked by a
visitor with no session cookie, when the response sets no cookie, is not marked
``private``/``no-store``/``no-cache`` and its Content-Security-Policy carries no nonce. A
staff-only page, a preview, a page with the "Read and acknowledge" form (its CSRF token
sets a cookie), a message after sign-out (it clears a cookie) and everything outside the
page tree (search, the request form, the admin) are never stored. A visitor who has a
session cookie, signed in or not, is never served from the cache.

Keys are made of the absolute URL, query string included, and the values of the request
headers the response varies on (``Vary``, whose names are kept beside it). What is kept is
the status, the headers and the body as bytes, not a pickled response, with the site's
*generation* (``core.caching.generations``) current when it was rendered: a token kept in
the same cache and read in the same round trip as the page. Every change that can alter a public page or
its menu and footer (publish, unpublish, move, delete, a privacy change, a site, school or
trust settings change: ``core.caching.registry``) replaces the generation once its
transaction commits, which makes every stored page out of date at once on every app server;
each is rendered afresh on its next visit, and unused copies expire with their time-out.
"""

import hashlib
import logging

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from .generations import SITE, current_generation, page_cache

logger = logging.getLogger(__name__)

KEY_PREFIX = "public-pages"
# The response header that says whether the page came from the cache ("hit") or was just
# stored in it ("miss"); absent when the page cannot be cached.
STATUS_HEADER = "X-Page-Cache"
# Directives after which nobody else may be shown the response.
UNSHAREABLE = ("private", "no-store", "no-cache")
# How many addresses' Vary headers one process remembers before it starts again.
MAX_LEARNT = 20_000


def mark_public_page(page, request: HttpRequest, serve_args, serve_kwargs) -> None:
    """Wagtail ``before_serve_page`` hook: note on ``request`` the page it serves, unless a preview.

    Whether the page may go in the page cache (no ``PageViewRestriction`` on it or an
    ancestor: staff-only, groups or password) is only asked when its response is about to be
    stored, so pages served from the cache, or to signed-in people, do not pay for the check.
    Returns None so that Wagtail goes on serving the page.
    """
    if settings.PUBLIC_PAGE_CACHE_SECONDS and not getattr(request, "is_preview", False):
        request.served_page = page


def _shareable(request: HttpRequest, response: HttpResponse) -> bool:
    """True when ``response`` may be shown to every anonymous visitor of the same URL."""
    cache_control = response.get("Cache-Control", "")
    page = getattr(request, "served_page", None)
    return (
        page is not None
        and request.user.is_anonymous
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not any(directive in cache_control for directive in UNSHAREABLE)
        and "'nonce-" not in response.get("Content-Security-Policy", "")
        # "Vary: *": no two requests may share it.
        and "*" not in response.get("Vary", "")
        and not page.get_view_restrictions().exists()
    )


def _address_key(request: HttpRequest) -> str:
    """Return a digest of the absolute URL, query string included (``DisallowedHost`` for a host not allowed)."""
    return hashlib.md5(request.build_absolute_uri().encode(), usedforsecurity=False).hexdigest()


def _vary_key(address: str) -> str:
    return f"{KEY_PREFIX}:vary:{address}"


def _page_key(address: str, vary: tuple[str, ...], request: HttpRequest) -> str:
    """Return the key of the copy of ``address`` for this request's values of the ``vary`` headers."""
    values = hashlib.md5(usedforsecurity=False)
    for header in vary:
        values.update(f"{header}\0{request.META.get(header, '')}\0".encode())
    return f"{KEY_PREFIX}:page:{address}:{values.hexdigest()}"


def _vary_headers(response: HttpResponse) -> tuple[str, ...]:
    """Return the ``request.META`` names of the headers ``response`` varies on, sorted."""
    names = {header.strip().upper().replace("-", "_") for header in response.get("Vary", "").split(",")}
    return tuple(sorted(f"HTTP_{name}" for name in names if name))


def _stored(generation: str, response: HttpResponse) -> tuple:
    """Return what is kept of ``response``: ``(generation, status, headers as bytes, body as bytes)``."""
    headers = "\n".join(f"{name}: {value}" for name, value in response.items())
    return (generation, response.status_code, headers.encode(), response.content)


def _response(stored: tuple) -> HttpResponse:
    """Rebuild the response kept by ``_stored``."""
    _, status, headers, body = stored
    response = HttpResponse(body, status=status)
    for line in headers.decode().split("\n"):
        name, _, value = line.partition(": ")
        response.headers[name] = value
    return response


class PublicPageCacheMiddleware:
    """Serve anonymous visitors' public pages from the page cache, and store those not there yet.

    Sits after ``SecurityMiddleware`` (and WhiteNoise) and before everything else, so a
    cached page skips sessions, authentication and the page tree entirely; what it stores
    already carries the headers the later middleware added (Content-Security-Policy,
    Permissions-Policy, X-Frame-Options). ``PUBLIC_PAGE_CACHE_SECONDS = 0`` switches it off.
    When the cache cannot be reached the page is served as if there were no cache, and the
    error is logged.

    A hit costs one cache round trip: the page and the site's generation are read together.
    The headers an address varies on (its key depends on their values) are learnt from the
    cache once per process and remembered; until then they are read in the same round trip,
    guessing the headers the last stored page varied on.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        # Address digest -> the headers its responses vary on, learnt from the cache.
        self.vary: dict[str, tuple[str, ...]] = {}
        self.last_vary: tuple[str, ...] = ()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        seconds = settings.PUBLIC_PAGE_CACHE_SECONDS
        if not seconds or request.method not in ("GET", "HEAD") or settings.SESSION_COOKIE_NAME in request.COOKIES:
            return self.get_response(request)
        cache = page_cache()
        try:
            address = _address_key(request)
            found, generation = self._lookup(cache, request, address)
        except Exception:
            logger.exception("The page cache could not be read; serving %s without it.", request.path)
            return self.get_response(request)
        if found is not None and found[0] == generation:
            response = _response(found)
            response[STATUS_HEADER] = "hit"
            return response

        response = self.get_response(request)
        if _shareable(request, response):
            vary = _vary_headers(response)
            try:
                # Stored with the generation read before rendering: if the site changed while
                # this page was being rendered, the copy is already out of date, and unused.
                cache.set_many(
                    {_vary_key(address): vary, _page_key(address, vary, request): _stored(generation, response)},
                    seconds,
                )
            except Exception:
                logger.exception("The page cache could not store %s.", request.path)
            else:
                self._learn(address, vary)
                response[STATUS_HEADER] = "miss"
        return response

    def _lookup(self, cache, request: HttpRequest, address: str) -> tuple[tuple | None, str]:
        """Return the stored copy of the page for ``request`` (None if there is none) and the current generation."""
        vary, guess = self.vary.get(address), self.last_vary
        keys = [_page_key(address, vary if vary is not None else guess, request), SITE]
        if vary is None:
            keys.append(_vary_key(address))
        found = cache.get_many(keys)
        generation = found.get(SITE) or current_generation()
        if vary is None and _vary_key(address) in found:
            learnt = found[_vary_key(address)]
            self._learn(address, learnt)
            if learnt != guess:  # the guess was wrong: a second round trip, once
                return cache.get(_page_key(address, learnt, request)), generation
        return found.get(keys[0]), generation

    def _learn(self, address: str, vary: tuple[str, ...]) -> None:
        if len(self.vary) >= MAX_LEARNT:
            self.vary.clear()
        self.vary[address] = vary
        self.last_vary = vary
