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
session cookie, signed in or not, or a message waiting in the messages cookie, is never
served from the cache (``may_use_cache``).

Keys are made of the request's address as it reached the server (scheme and the proxy's
scheme header, host, path and query string: ``address_key``) and the values of the request
headers the response varies on (``Vary``, whose names are kept beside it). What is kept is
the response as it leaves Django, ready to send: the status line, every header (the
security headers of the middleware around it included) and the body as bytes, with the
site's *generation* (``core.caching.generations``) current when it was rendered: a token
kept in the same cache and read in the same round trip as the page. Every change that can
alter a public page or its menu and footer (publish, unpublish, move, delete, a privacy
change, a site, school or trust settings change: ``core.caching.registry``) replaces the
generation once its transaction commits, which makes every stored page out of date at once
on every app server; each is rendered afresh on its next visit, and unused copies expire
with their time-out.

Hits are answered twice over: by the middleware, and before Django by
``core.http.page_cache_wsgi.PublicPageCacheApplication`` (the WSGI application of
``intranet.wsgi``), which reads the same keys and sends what is stored as it is.
"""

import hashlib
import logging

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
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
# Django's cookie message storage (the first choice of its default one): a message waiting
# there ("You have signed out") is shown by the next page rendered, never by a stored one.
MESSAGES_COOKIE = CookieStorage.cookie_name
# Where the WSGI application leaves what its read found, when it found no fresh copy, for
# the middleware to use instead of reading again: ``(address digest, generation)``.
ENVIRON_READ = "intranet.page_cache.read"


def mark_public_page(page, request: HttpRequest, serve_args, serve_kwargs) -> None:
    """Wagtail ``before_serve_page`` hook: note on ``request`` the page it serves, unless a preview.

    Whether the page may go in the page cache (no ``PageViewRestriction`` on it or an
    ancestor: staff-only, groups or password) is only asked when its response is about to be
    stored, so pages served from the cache, or to signed-in people, do not pay for the check.
    Returns None so that Wagtail goes on serving the page.
    """
    if settings.PUBLIC_PAGE_CACHE_SECONDS and not getattr(request, "is_preview", False):
        request.served_page = page


def may_use_cache(environ: dict) -> bool:
    """True when the request in ``environ`` (WSGI's, or ``request.META``) may be answered from the page cache.

    Only a ``GET`` or ``HEAD`` outside ``STATIC_URL`` (static files are WhiteNoise's), from a
    visitor whose ``Cookie`` header does not contain the session cookie's name (signed in,
    or a session of any kind: their page is their own) or the messages cookie's. The
    names are looked for in the raw header: a header that merely contains one is refused
    too, which errs on the side of rendering the page.
    """
    if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
        return False
    cookies = environ.get("HTTP_COOKIE", "")
    if cookies and (settings.SESSION_COOKIE_NAME in cookies or MESSAGES_COOKIE in cookies):
        return False
    return not environ.get("PATH_INFO", "").startswith(settings.STATIC_URL or "/static/")


def address_key(environ: dict) -> str:
    """Return a digest of the address of the request in ``environ``, as it reached the server.

    Made of the raw values Django builds the request's absolute URL from: the WSGI scheme
    and the proxy's scheme header (``SECURE_PROXY_SSL_HEADER``), the ``Host`` header (the
    server name and port without one; the forwarded host too with ``USE_X_FORWARDED_HOST``),
    the script name, path and query string. Two requests with the same digest reach the
    same page with the same absolute URL. Nothing is validated here: a page is only stored
    after Django has served it, so an address whose host is not allowed is never stored.
    """
    proxy = settings.SECURE_PROXY_SSL_HEADER
    host = environ.get("HTTP_HOST") or f"{environ.get('SERVER_NAME', '')}:{environ.get('SERVER_PORT', '')}"
    if settings.USE_X_FORWARDED_HOST:
        host = f"{environ.get('HTTP_X_FORWARDED_HOST', '')}\0{host}"
    address = "\0".join(
        (
            environ.get("wsgi.url_scheme", ""),
            environ.get(proxy[0], "") if proxy else "",
            host,
            environ.get("SCRIPT_NAME", ""),
            environ.get("PATH_INFO", ""),
            environ.get("QUERY_STRING", ""),
        )
    )
    return hashlib.md5(address.encode("utf-8", "surrogatepass"), usedforsecurity=False).hexdigest()


def vary_key(address: str) -> str:
    """Return the cache key under which the headers the responses of ``address`` vary on are kept."""
    return f"{KEY_PREFIX}:vary:{address}"


def page_key(address: str, vary: tuple[str, ...], environ: dict) -> str:
    """Return the key of the copy of ``address`` for the values of the ``vary`` headers in ``environ``."""
    values = hashlib.md5(usedforsecurity=False)
    for header in vary:
        values.update(f"{header}\0{environ.get(header, '')}\0".encode("utf-8", "surrogatepass"))
    return f"{KEY_PREFIX}:page:{address}:{values.hexdigest()}"


def fresh(found, generation: str) -> tuple[str, list[tuple[str, str]], bytes] | None:
    """Return ``(status line, headers, body)`` of a stored copy ``found`` made under ``generation``; else None.

    ``found`` is what ``stored`` returned, read back from the cache (or None); a copy of an
    older generation, or one kept in another shape by an earlier release, is no copy.
    """
    if type(found) is not tuple or len(found) != 4 or found[0] != generation or type(found[1]) is not str:
        return None
    return found[1], found[2], found[3]


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


def _vary_headers(response: HttpResponse) -> tuple[str, ...]:
    """Return the ``request.META`` names of the headers ``response`` varies on, sorted."""
    names = {header.strip().upper().replace("-", "_") for header in response.get("Vary", "").split(",")}
    return tuple(sorted(f"HTTP_{name}" for name in names if name))


def stored(generation: str, response: HttpResponse) -> tuple:
    """Return what is kept of ``response``, ready to send: ``(generation, status line, headers, body)``.

    The status line is WSGI's (``"200 OK"``), the headers a list of ``(name, value)``
    strings as Django hands them to the server, the body bytes.
    """
    status = f"{response.status_code} {response.reason_phrase}"
    return (generation, status, list(response.items()), response.content)


def _response(status: str, headers: list[tuple[str, str]], body: bytes) -> HttpResponse:
    """Rebuild an ``HttpResponse`` from what ``stored`` kept."""
    code, _, reason = status.partition(" ")
    response = HttpResponse(body, status=int(code), reason=reason)
    for name, value in headers:
        response.headers[name] = value
    return response


class PublicPageCacheMiddleware:
    """Serve anonymous visitors' public pages from the page cache, and store those not there yet.

    First after ``LivenessMiddleware``, before ``SecurityMiddleware``, WhiteNoise and
    everything else, so a cached page skips sessions, authentication and the page tree
    entirely, and what it stores already carries every header the other middleware added
    (Strict-Transport-Security, Content-Security-Policy, Permissions-Policy,
    X-Frame-Options): the WSGI application in front of Django can send it as it is.
    ``PUBLIC_PAGE_CACHE_SECONDS = 0`` switches it off. When the cache cannot be reached the
    page is served as if there were no cache, and the error is logged.

    A hit costs one cache round trip: the page and the site's generation are read together.
    The headers an address varies on (its key depends on their values) are learnt from the
    cache once per process and remembered; until then they are read in the same round trip,
    guessing the headers the last stored page varied on. A response served from the cache
    or just stored carries ``page_cache_address = (address digest, vary headers)``, from
    which the WSGI application learns which addresses it may answer itself.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        # Address digest -> the headers its responses vary on, learnt from the cache.
        self.vary: dict[str, tuple[str, ...]] = {}
        self.last_vary: tuple[str, ...] = ()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        seconds = settings.PUBLIC_PAGE_CACHE_SECONDS
        if not seconds or not may_use_cache(request.META):
            return self.get_response(request)
        cache = page_cache()
        try:
            address = address_key(request.META)
            handed = request.META.get(ENVIRON_READ)
            if handed is not None and handed[0] == address:
                # The WSGI application has just read this address and found no fresh copy.
                found, generation = None, handed[1]
            else:
                found, generation = self._lookup(cache, request.META, address)
        except Exception:
            logger.exception("The page cache could not be read; serving %s without it.", request.path)
            return self.get_response(request)
        copy = fresh(found, generation)
        if copy is not None:
            response = _response(*copy)
            response[STATUS_HEADER] = "hit"
            response.page_cache_address = (address, self.vary.get(address, ()))
            return response

        response = self.get_response(request)
        if _shareable(request, response):
            vary = _vary_headers(response)
            try:
                # Stored with the generation read before rendering: if the site changed while
                # this page was being rendered, the copy is already out of date, and unused.
                cache.set_many(
                    {vary_key(address): vary, page_key(address, vary, request.META): stored(generation, response)},
                    seconds,
                )
            except Exception:
                logger.exception("The page cache could not store %s.", request.path)
            else:
                self._learn(address, vary)
                response[STATUS_HEADER] = "miss"
                response.page_cache_address = (address, vary)
        return response

    def _lookup(self, cache, environ: dict, address: str) -> tuple[tuple | None, str]:
        """Return the stored copy of the page for ``environ`` (None if there is none) and the current generation."""
        vary, guess = self.vary.get(address), self.last_vary
        keys = [page_key(address, vary if vary is not None else guess, environ), SITE]
        if vary is None:
            keys.append(vary_key(address))
        found = cache.get_many(keys)
        generation = found.get(SITE) or current_generation()
        if vary is None and vary_key(address) in found:
            learnt = found[vary_key(address)]
            self._learn(address, learnt)
            if learnt != guess:  # the guess was wrong: a second round trip, once
                return cache.get(page_key(address, learnt, environ)), generation
        return found.get(keys[0]), generation

    def _learn(self, address: str, vary: tuple[str, ...]) -> None:
        if len(self.vary) >= MAX_LEARNT:
            self.vary.clear()
        self.vary[address] = vary
        self.last_vary = vary
