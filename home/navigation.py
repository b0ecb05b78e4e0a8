"""The site's main menu, cached per site and audience, and the signal receivers that clear it.

The menu is the same for every visitor of an audience: ``public`` (not signed in: public
pages only) or ``staff`` (signed in: every live page in menus). Each is kept in the default
cache (Redis in production, shared by every app server) under ``menu_cache_key``, and all of
them are deleted whenever a page is published, unpublished, moved or deleted, or a page's
privacy changes, so nobody sees a menu older than the last such change.
"""

from django.core.cache import cache
from wagtail.models import Site

PUBLIC, STAFF = "public", "staff"
# A change always clears the menu; the time-out only bounds how long an unused entry lingers.
MENU_CACHE_SECONDS = 60 * 60 * 24


def menu_cache_key(site_id: int, audience: str) -> str:
    """The cache key of one site's menu for ``audience`` (``PUBLIC`` or ``STAFF``)."""
    return f"navigation:main-menu:{site_id}:{audience}"


def menu_for(*, site: Site, request) -> dict:
    """Return ``{"root_url": str, "items": [{"title": str, "url": str}, ...]}`` for ``request``'s audience.

    The items are ``site``'s home page's live children marked "show in menus", in tree
    order; for anonymous visitors only the public ones (Wagtail page privacy). From the
    cache when present; otherwise two queries (the home page, its children), then cached.
    """
    audience = STAFF if request.user.is_authenticated else PUBLIC
    key = menu_cache_key(site.pk, audience)
    menu = cache.get(key)
    if menu is None:
        root = site.root_page
        items = root.get_children().live().in_menu()
        if audience == PUBLIC:
            items = items.public()
        menu = {
            "root_url": root.get_url(request=request),
            "items": [{"title": page.title, "url": page.get_url(request=request)} for page in items],
        }
        cache.set(key, menu, MENU_CACHE_SECONDS)
    return menu


def clear_menus(**kwargs) -> None:
    """Delete every site's cached menus. A signal receiver: takes and ignores the signal's arguments."""
    cache.delete_many(
        [
            menu_cache_key(site_id, audience)
            for site_id in Site.objects.values_list("pk", flat=True)
            for audience in (PUBLIC, STAFF)
        ]
    )


def connect() -> None:
    """Connect ``clear_menus`` to every change that can alter a menu (called from ``HomeConfig.ready``)."""
    from intranet.page_cache import connect_site_changes

    connect_site_changes(clear_menus, dispatch_uid="home.navigation")
