"""Generation tokens: one cache write makes everything stored under a generation out of date.

A generation is a random token kept in the page cache (``settings.PUBLIC_PAGE_CACHE``: the
shared Redis cache in production, so every app server sees one token). What is cached is
stored beside the token current when it was computed, and used only while that token lasts;
``new_generation`` replaces the token, which makes all of it out of date at once, on every
app server, in one write however much was stored. Two generations are declared here:

- ``SITE``: the public site (pages, menus, the Wagtail ``Site`` of a host name, the trust
  settings, the admin sidebar's explorer);
- ``ACCESS``: who may see what in the admin (the admin sidebar, the dashboard's request panel).

An app may declare its own under its own key (any string): the request app's ``REVIEWS``
(``forms_app.workflow.panels``) ends the approvers' cached dashboard panels; the policy
app's ``SEARCH_INDEX`` (``policy.search``) ends cached searches when the index is updated.

Nothing here decides *when* a generation is replaced: that is ``core.caching.registry``'s
job, the one place where changes are declared to make a generation stale.
"""

import logging
import secrets

from django.conf import settings
from django.core.cache import caches

logger = logging.getLogger(__name__)

# The cache keys of the two shared generations' tokens.
SITE = "public-pages:generation"
ACCESS = "admin-sidebar:access-generation"
# How long an unused ``cached_until_site_changes`` value lingers; a change ends it sooner.
SITE_CACHE_SECONDS = 60 * 60 * 24


def page_cache():
    """Return the Django cache that holds public pages (alias ``settings.PUBLIC_PAGE_CACHE``)."""
    return caches[settings.PUBLIC_PAGE_CACHE]


def current_generation(key: str = SITE) -> str:
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


def new_generation(key: str = SITE) -> None:
    """Replace the generation token under ``key``: one cache write, however much was stored under the old one."""
    page_cache().set(key, secrets.token_hex(8), timeout=None)


def cached_until_site_changes(key: str, compute, *, timeout: int = SITE_CACHE_SECONDS, also: tuple[str, ...] = ()):
    """Return the value kept in the page cache under ``key``, or ``compute()``'s, kept until the site changes.

    For what every request needs and only a change to the site can alter (the Wagtail
    ``Site`` a host name resolves to, the trust settings): the value is stored with the
    current generation and used while that generation lasts, so the change that replaces
    the ``SITE`` generation (``core.caching.registry``) makes it out of date on every app server at
    once. ``also`` names further generations (``ACCESS``, or an app's own) whose change
    ends the value too: their tokens are read in the same round trip. One cache round
    trip when present. ``compute`` takes no arguments; its value (None included) must
    pickle; an unused one is dropped after ``timeout`` seconds. When
    ``settings.SHARED_SITE_CACHE`` is false (a per-process cache, which a change in one
    process could not clear in the others) or the cache cannot be reached, returns
    ``compute()`` without the cache.
    """
    if not settings.SHARED_SITE_CACHE:
        return compute()
    cache = page_cache()
    generations = (SITE, *also)
    try:
        found = cache.get_many([key, *generations])
        tokens = tuple(found.get(generation) or current_generation(generation) for generation in generations)
    except Exception:
        logger.exception("The page cache could not be read; %s is read from the database.", key)
        return compute()
    stored = found.get(key)
    if stored is not None and stored[0] == tokens:
        return stored[1]
    value = compute()
    try:
        # Stored with the generations read before computing: a change made meanwhile has
        # already replaced one of them, so this value is never used after that change.
        cache.set(key, (tokens, value), timeout)
    except Exception:
        logger.exception("The page cache could not store %s.", key)
    return value
