"""The dashboard's site summary ("123 Pages", "40 Images", "12 Documents"), kept per person until a count changes.

Wagtail's summary asks, on every visit of the dashboard, which of its items the person
may see (their collection permissions), finds the part of the page tree they may explore
and its site, and counts the pages, images and documents there: four or five queries,
about a fifth of a Headteacher's dashboard, to show three numbers that change when
somebody adds or removes a page, an image or a document.

``CachedSiteSummary`` stands in for all the items: it keeps their HTML in the shared
cache, per person and language, and hands it back until one of these changes:

- the site (the ``SITE`` generation: a page published, moved or deleted, a site renamed);
- anybody's access (``ACCESS``: page and collection permissions, groups, roles);
- what the summary counts (``COUNTS``, declared stale in ``install``): a page created,
  moved or deleted (saving a draft of an existing page counts for nothing), an image or a
  document saved or deleted (a new one, or one moved to another collection).

Entries also expire after ``SUMMARY_SECONDS``, which bounds how long rows written without
Django's signals (a bulk import) take to show. Without a shared cache
(``settings.SHARED_SITE_CACHE`` false) Wagtail's items are left as they are.
"""

from django.conf import settings
from django.forms import Media
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from wagtail.admin.site_summary import SummaryItem

from . import registry
from .generations import ACCESS, cached_until_site_changes

# The generation a change to what the summary counts replaces (see ``install``).
COUNTS = "site-summary:counts-generation"
SUMMARY_SECONDS = 10 * 60


class CachedSiteSummary(SummaryItem):
    """One summary item that shows the HTML of Wagtail's items (those the person may see), kept in the cache.

    Takes the request and the items the ``construct_homepage_summary_items`` hooks made.
    ``is_shown`` reads (or, on a miss, renders) the items' HTML, and is true when at least
    one item is shown, so Wagtail leaves out the summary of someone who may see none, as it
    would; ``render_html`` returns that HTML. The items' own templates take only their own
    context, so their HTML depends on nothing but the person, their language and the counts.
    """

    order = 0

    def __init__(self, request, items: list[SummaryItem]):
        super().__init__(request)
        self.items = items
        self._html: str | None = None

    def is_shown(self) -> bool:
        return bool(self.html())

    def html(self) -> str:
        """Return the shown items' HTML, in their order, from the cache or rendered now."""
        if self._html is None:
            key = f"site-summary:{self.request.user.pk}:{get_language()}"
            self._html = cached_until_site_changes(key, self._render, timeout=SUMMARY_SECONDS, also=(ACCESS, COUNTS))
        return self._html

    def _render(self) -> str:
        shown = sorted((item for item in self.items if item.is_shown()), key=lambda item: item.order)
        return "".join(str(item.render_html({"request": self.request})) for item in shown)

    def render_html(self, parent_context=None) -> SafeString:
        return mark_safe(self.html())  # noqa: S308 - the HTML of Wagtail's own items, rendered by their templates

    @property
    def media(self) -> Media:
        media = Media()
        for item in self.items:
            media += item.media
        return media


def keep_site_summary(request, items: list) -> None:
    """``construct_homepage_summary_items`` hook, registered last: put ``CachedSiteSummary`` in place of the items.

    Takes the dashboard's request and the items the other hooks made; changes the list in
    place. Leaves it alone without a shared cache, or when no item was made.
    """
    if settings.SHARED_SITE_CACHE and items:
        items[:] = [CachedSiteSummary(request, list(items))]


def install() -> None:
    """Declare what changes the summary's counts (``COUNTS``); called once from ``CoreConfig.ready``."""
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Page, get_page_models
    from wagtail.signals import post_page_move

    for page_model in get_page_models():
        registry.stale_on_create(page_model, generation=COUNTS)
    registry.stale_on_delete(Page, generation=COUNTS)
    registry.stale_on_signal(post_page_move, generation=COUNTS)
    for model in (get_image_model(), get_document_model()):
        registry.stale_on_change(model, generation=COUNTS)
