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
the key was looked up). Each page is stored with the *generation* current when it was
rendered, a token kept in the same cache and read in the same round trip as the page.
``clear_public_pages`` replaces the generation, which makes every stored page out of date
at once on every app server; each is rendered afresh on its next visit, and unused copies
expire with their time-out. It runs on every change that can alter a public page or its
menu and footer: publish, unpublish, move, delete, a privacy change, a site, school or
trust settings change.
"""

import logging
import secrets

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import get_cache_key, learn_cache_key

logger = logging.getLogger(__name__)

KEY_PREFIX = "public-pages"
GENERATION_KEY = "public-pages:generation"
# The response header that says whether the page came from the cache ("hit") or was just
# stored in it ("miss"); absent when the page cannot be cached.
STATUS_HEADER = "X-Page-Cache"
# Directives after which nobody else may be shown the response.
UNSHAREABLE = ("private", "no-store", "no-cache")
# How long an unused ``cached_until_site_changes`` value lingers; a change ends it sooner.
SITE_CACHE_SECONDS = 60 * 60 * 24


def page_cache():
    """Return the Django cache that holds public pages (alias ``settings.PUBLIC_PAGE_CACHE``)."""
    return caches[settings.PUBLIC_PAGE_CACHE]


def current_generation(key: str = GENERATION_KEY) -> str:
    """Return the token kept in the page cache under ``key`` (default: the public pages'), starting one if none.

    A generation token stamps what was stored while it lasted; ``new_generation`` replaces
    it, which makes all of that out of date at once, on every app server sharing the cache.
    """
    cache = page_cache()
    generation = cache.get(key)
    if generation is None:
        cache.add(key, secrets.token_hex(8), timeout=None)
        generation = cache.get(key)
    return generation


def new_generation(key: str = GENERATION_KEY) -> None:
    """Replace the generation token under ``key``: one cache write, however much was stored under the old one."""
    page_cache().set(key, secrets.token_hex(8), timeout=None)


def clear_public_pages(**kwargs) -> None:
    """Stop serving every cached public page, on every app server sharing the page cache.

    A signal receiver: takes and ignores the signal's arguments. Replaces the generation
    rather than deleting keys, so it is one cache write however many pages are stored.
    """
    new_generation()


def cached_until_site_changes(key: str, compute, *, timeout: int = SITE_CACHE_SECONDS):
    """Return the value kept in the page cache under ``key``, or ``compute()``'s, kept until the site changes.

    For what every request needs and only a change to the site can alter (the Wagtail
    ``Site`` a host name resolves to, the trust settings): the value is stored with the
    current generation and used while that generation lasts, so the change that clears
    the public pages (``connect_site_changes``) makes it out of date on every app server at
    once. One cache round trip when present. ``compute`` takes no arguments; its value
    (None included) must pickle; an unused one is dropped after ``timeout`` seconds.
    When ``settings.SHARED_SITE_CACHE`` is false (a per-process cache, which a change in
    one process could not clear in the others) or the cache cannot be reached, returns
    ``compute()`` without the cache.
    """
    if not settings.SHARED_SITE_CACHE:
        return compute()
    cache = page_cache()
    try:
        found = cache.get_many([key, GENERATION_KEY])
        generation = found.get(GENERATION_KEY) or current_generation()
    except Exception:
        logger.exception("The page cache could not be read; %s is read from the database.", key)
        return compute()
    stored = found.get(key)
    if stored is not None and stored[0] == generation:
        return stored[1]
    value = compute()
    try:
        # Stored with the generation read before computing: a change made meanwhile has
        # already replaced it, so this value is never used after that change.
        cache.set(key, (generation, value), timeout)
    except Exception:
        logger.exception("The page cache could not store %s.", key)
    return value


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
            found = cache.get_many([key, GENERATION_KEY]) if key else {}
            generation = found.get(GENERATION_KEY) or current_generation()
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


def connect_site_changes(receiver, dispatch_uid: str) -> None:
    """Connect ``receiver`` to every change that can alter a public page, its menu or its footer.

    Wagtail's ``page_published``, ``page_unpublished`` and ``post_page_move`` signals; the
    deletion of a page; the saving or deletion of a privacy restriction
    (``PageViewRestriction``) or a Wagtail ``Site``; a change to a school (its name shows on
    its policies) or to the trust settings (the footer). A school or the trust settings being
    *created* changes no page already shown (the settings row is created, with the defaults
    already shown, by the first page that reads it), so that is not a change.
    ``dispatch_uid`` prefixes each connection's id, so connecting twice is harmless.
    """
    from django.db.models.signals import post_delete, post_save
    from wagtail.models import Page, PageViewRestriction, Site
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from home.models import School, TrustSettings

    def changed_not_created(sender, created=False, **kwargs):
        if not created:
            receiver(sender=sender, created=created, **kwargs)

    page_published.connect(receiver, dispatch_uid=f"{dispatch_uid}.published")
    page_unpublished.connect(receiver, dispatch_uid=f"{dispatch_uid}.unpublished")
    post_page_move.connect(receiver, dispatch_uid=f"{dispatch_uid}.moved")
    post_delete.connect(receiver, sender=Page, dispatch_uid=f"{dispatch_uid}.deleted")
    for model in (PageViewRestriction, Site, School, TrustSettings):
        on_save = changed_not_created if model in (School, TrustSettings) else receiver
        post_save.connect(on_save, sender=model, weak=False, dispatch_uid=f"{dispatch_uid}.{model.__name__}.saved")
        post_delete.connect(receiver, sender=model, dispatch_uid=f"{dispatch_uid}.{model.__name__}.deleted")
