"""The site's main menu, kept in the shared cache per site and audience until the site changes.

The menu is the same for every visitor of an audience: ``public`` (not signed in: public
pages only) or ``staff`` (signed in: every live page in menus). Each is kept with
``core.caching.generations.cached_until_site_changes``, so the change that makes the site
stale (a page published, unpublished, moved or deleted, a privacy change: see
``core.caching.registry``) makes every menu out of date at once, on every app server.
"""

from wagtail.models import Site

from core.caching.generations import cached_until_site_changes

PUBLIC, STAFF = "public", "staff"


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

    def build() -> dict:
        root = site.root_page
        items = root.get_children().live().in_menu()
        if audience == PUBLIC:
            items = items.public()
        return {
            "root_url": root.get_url(request=request),
            "items": [{"title": page.title, "url": page.get_url(request=request)} for page in items],
        }

    return cached_until_site_changes(menu_cache_key(site.pk, audience), build)
