"""Routing a URL to its page below the home page in two queries, whatever its depth.

Wagtail routes a URL one level at a time: each level's page is found by its slug (a
query) and then loaded as its specific page (another), so that its own ``route()`` can
take the rest of the path. A policy two levels below the home page cost four queries
before it was served, and loading it whole decoded its long body, which its template
takes from the fragment cache anyway.

``route_below`` finds every page on the path in one query and loads only the last one as
its specific page. It gives the same answer as Wagtail's routing, and hands over to it
whenever a page on the way has routing of its own (a ``route()`` other than Wagtail's).
"""

from django.http import Http404
from wagtail.models import Page
from wagtail.url_routing import RouteResult


def routes_by_default(page: Page) -> bool:
    """True when ``page``'s specific type keeps Wagtail's own ``route()`` (found from its content type, no query)."""
    model = page.specific_class
    return model is not None and model.route is Page.route


def pages_on_path(root: Page, path_components: list[str]) -> list[Page] | None:
    """Return the pages (base ``Page`` objects) that ``path_components`` name below ``root``, top first.

    One query: the pages below ``root`` at the depths of the path whose slugs are on it,
    then each level's page is the one under the previous level's with that level's slug
    (sibling slugs are unique). Returns None when a level has no page.
    """
    depths = range(root.depth + 1, root.depth + 1 + len(path_components))
    candidates = Page.objects.filter(
        path__startswith=root.path, depth__in=depths, slug__in=set(path_components)
    ).order_by("depth")
    by_level = {(page.depth, page.slug, page.path[: -Page.steplen]): page for page in candidates}
    pages, parent = [], root
    for slug in path_components:
        page = by_level.get((parent.depth + 1, slug, parent.path))
        if page is None:
            return None
        pages.append(page)
        parent = page
    return pages


def route_below(root: Page, request, path_components: list[str]) -> RouteResult:
    """Return Wagtail's ``RouteResult`` for the page ``path_components`` name below ``root`` (a specific page).

    Two queries: the pages on the path (``pages_on_path``), then the last one as its
    specific page. A page type whose ``defer_streamfields_when_served`` is true (a policy,
    whose body is rendered inside a fragment cache) is loaded without its StreamFields,
    which are read only if used. As in Wagtail, the page must be live (the pages above it
    need not be), and each page's parent is kept on it, so ``get_parent()`` makes no query.
    When no page is at the path, or one on the way routes on its own, Wagtail's routing
    from ``root`` gives the answer. Raises ``Http404`` for a page that is not live.
    """
    pages = pages_on_path(root, path_components)
    if pages is None or not all(routes_by_default(page) for page in pages):
        return Page.route(root, request, path_components)
    target = pages[-1]
    if not target.live:
        raise Http404
    model = target.specific_class
    specific = model.objects.filter(pk=target.pk)
    if getattr(model, "defer_streamfields_when_served", False):
        specific = specific.defer_streamfields()
    page = specific.get()
    parent = root
    for above in pages[:-1]:
        above._cached_parent_obj = parent
        parent = above
    page._cached_parent_obj = parent
    return RouteResult(page)
