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

Keys are Django's own cache-middleware keys (``get_cache_key``/``learn_cache_key``: the
absolute URL, query string included, and the response's ``Vary`` headers), always made in
``settings.LANGUAGE_CODE`` (Wagtail activates the page's language while serving it, after
the key was looked up). Each page is stored with the site's *generation*
(``core.caching.generations``) current when it was rendered, a token kept in the same cache
and read in the same round trip as the page. Every change that can alter a public page or
its menu and footer (publish, unpublish, move, delete, a privacy change, a site, school or
trust settings change: ``core.caching.registry``) replaces the generation once its
transaction commits, which makes every stored page out of date at once on every app server;
each is rendered afresh on its next visit, and unused copies expire with their time-out.
"""

import logging

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import get_cache_key, learn_cache_key

from .generations import SITE, current_generation, page_cache

logger = logging.getLogger(__name__)

KEY_PREFIX = "public-pages"
# The response header that says whether the page came from the cache ("hit") or was just
# stored in it ("miss"); absent when the page cannot be cached.
STATUS_HEADER = "X-Page-Cache"
# Directives after which nobody else may be shown the response.
UNSHAREABLE = ("private", "no-store", "no-cache")


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
        and not page.get_view_restrictions().exists()
    )


class PublicPageCacheMiddleware:
    """Serve anonymous visitors' public pages from the page cache, and store those not there yet.

    Sits after ``SecurityMiddleware`` (and WhiteNoise) and before everything else, so a
    cached page skips sessions, authentication and the page tree entirely; what it stores
    already carries the headers the later middleware added (Content-Security-Policy,
    Permissions-Policy, X-Frame-Options). ``PUBLIC_PAGE_CACHE_SECONDS = 0`` switches it off.
    When the cache cannot be reached the page is served as if there were no cache, and the
    error is logged.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        seconds = settings.PUBLIC_PAGE_CACHE_SECONDS
        if not seconds or request.method not in ("GET", "HEAD") or settings.SESSION_COOKIE_NAME in request.COOKIES:
            return self.get_response(request)
        cache = page_cache()
        try:
            with translation.override(settings.LANGUAGE_CODE):
                key = get_cache_key(request, KEY_PREFIX, "GET", cache)
            found = cache.get_many([key, SITE]) if key else {}
            generation = found.get(SITE) or current_generation()
        except Exception:
            logger.exception("The page cache could not be read; serving %s without it.", request.path)
            return self.get_response(request)
        stored_generation, cached = found.get(key) or (None, None)
        if cached is not None and stored_generation == generation:
            cached[STATUS_HEADER] = "hit"
            return cached

        response = self.get_response(request)
        if _shareable(request, response):
            try:
                with translation.override(settings.LANGUAGE_CODE):
                    key = learn_cache_key(request, response, seconds, KEY_PREFIX, cache)
                # Stored with the generation read before rendering: if the site changed while
                # this page was being rendered, the copy is already out of date, and unused.
                cache.set(key, (generation, response), seconds)
            except Exception:
                logger.exception("The page cache could not store %s.", request.path)
            else:
                response[STATUS_HEADER] = "miss"
        return response
