"""The policy index page: the A to Z of policies, filtered by school and category, a page at a time.

Separate from the policy page (``policies.py``) because listing, filtering and paginating
many policies is a concern of its own; the index reads policies, the policy never reads the index.
"""

import hashlib
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db import models
from django.db.models.functions import Substr, Upper
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from core.caching.generations import cached_until_site_changes
from home.models import School

from .policies import PolicyCategory, PolicyPage

__all__ = ["PolicyIndexPage", "TRUST_WIDE"]

# The value of the index page's school filter that means "policies for the whole trust".
TRUST_WIDE = "trust"

# Policies listed on one page of a policy index. A trust holds about a thousand policies;
# listing them all on one page cost more than a second a request, mostly in loading bodies.
POLICIES_PER_PAGE = 50


def pagination_links(current: int, last: int, *, around: int = 1) -> list[int | None]:
    """Return the page numbers to link to, GOV.UK style: first, last, and ``around`` either side of ``current``.

    ``None`` stands for a gap ("⋯"). Pages are numbered from 1; ``current`` is within 1..``last``.
    For example ``pagination_links(7, 20)`` is ``[1, None, 6, 7, 8, None, 20]``.
    """
    shown = sorted({1, last, *range(max(1, current - around), min(last, current + around) + 1)})
    links: list[int | None] = []
    for number in shown:
        if links and number - links[-1] > 1:
            links.append(None)
        links.append(number)
    return links


class PolicyIndexPage(Page):
    """A list of policies, A to Z, that readers can filter by school and by category.

    Put one on the home page for public policies and one in the staff area for
    staff-only policies: the staff area's sign-in requirement then covers them all.
    """

    intro = RichTextField(
        features=["bold", "italic", "link"],
        blank=True,
        help_text=_("A sentence or two shown above the list, such as who the policies apply to."),
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["home.HomePage", "home.StaffHomePage"]
    subpage_types = ["policy.PolicyPage"]

    class Meta:
        verbose_name = _("policy index page")

    def visible_policies(self, request) -> models.QuerySet["PolicyPage"]:
        """Return the live policies below this page that ``request.user`` may read, A to Z.

        Anonymous visitors get public pages only (Wagtail page privacy). Filters come from
        the query string: ``school`` (a school's slug, or ``trust`` for trust-wide
        policies) and ``category`` (a ``PolicyCategory`` value); unknown values are ignored.
        Each policy carries ``initial``, its title's first character in upper case, and the
        list is ordered by it, then by title. The body (the whole policy, often hundreds of
        kilobytes of JSON) is not loaded: the list never shows it.
        """
        policies = (
            PolicyPage.objects.child_of(self)
            .live()
            .select_related("school")
            .defer("body")
            .annotate(initial=Upper(Substr("title", 1, 1)))
            .order_by("initial", "title")
        )
        if not request.user.is_authenticated:
            policies = policies.public()
        school = request.GET.get("school", "")
        if school == TRUST_WIDE:
            policies = policies.filter(school__isnull=True)
        elif school:
            policies = policies.filter(school__slug=school)
        category = request.GET.get("category", "")
        if category in PolicyCategory.values:
            policies = policies.filter(category=category)
        return policies

    def _listing_key(self, request, filters: dict[str, str], school_slugs: set[str]) -> str | None:
        """The cache key of this index's listing for ``request``'s audience and ``filters``, or None not to cache.

        ``filters`` are the query string's ``school`` and ``category``; a value that names no
        school or category (which lists nothing, or everything) is not cached, so that made-up
        query strings cannot fill the cache.
        """
        school, category = filters.get("school", ""), filters.get("category", "")
        if (school and school != TRUST_WIDE and school not in school_slugs) or (
            category and category not in PolicyCategory.values
        ):
            return None
        audience = "signed-in" if request.user.is_authenticated else "public"
        digest = hashlib.sha256(urlencode(sorted(filters.items())).encode()).hexdigest()[:16]
        return f"policy-index:{self.pk}:{audience}:{digest}"

    def get_context(self, request, *args, **kwargs):
        """Add one page of policies and the A to Z, filters and pagination around it.

        ``policies_by_letter`` is [(letter, [policy, ...]), ...] for the policies on this page
        (``POLICIES_PER_PAGE``, page number from ``?page=``; out of range gives the last page).
        ``letters`` is [(letter, url)] for every letter with a policy under the filters, each
        linking to the page and heading where that letter starts; titles not starting with a
        letter are under "#". ``pages`` is [(number or None for a gap, url)]. A fixed number
        of queries however many policies there are: the letter counts (which give the total),
        the page's ids, then those policies. The counts, the ids of each page and the schools
        of the filter are kept in the shared cache until the site changes (any page
        published, unpublished, moved or deleted, a privacy setting, a school:
        ``core.caching.registry``), per index page, audience (public or signed-in) and filters.
        """
        context = super().get_context(request, *args, **kwargs)
        policies = self.visible_policies(request)
        filters = {key: request.GET[key] for key in ("school", "category") if request.GET.get(key)}

        def page_url(number: int) -> str:
            query = {**filters, **({"page": number} if number > 1 else {})}
            return "?" + urlencode(query) if query else request.path

        schools = cached_until_site_changes(
            "policy-index:schools", lambda: list(School.objects.values("slug", "name", "is_central_team"))
        )
        key = self._listing_key(request, filters, {school["slug"] for school in schools})

        def kept(suffix: str, compute):
            return compute() if key is None else cached_until_site_changes(f"{key}:{suffix}", compute)

        counts = kept(
            "letters",
            lambda: list(policies.order_by().values_list("initial").annotate(n=models.Count("pk")).order_by("initial")),
        )
        letters: list[tuple[str, str]] = []
        seen_before = 0
        for initial, count in counts:
            letter = initial if initial and initial.isalpha() else "#"
            if letter not in {shown for shown, _url in letters}:
                letters.append((letter, f"{page_url(seen_before // POLICIES_PER_PAGE + 1)}#letter-{letter}"))
            seen_before += count

        paginator = Paginator(policies, POLICIES_PER_PAGE)
        paginator.count = seen_before  # already counted above: saves a query
        current = paginator.get_page(request.GET.get("page"))
        # Sorting every visible policy to keep fifty was most of this page's database time
        # at ten times a trust's size (9,000 policies): the page's ids are sorted once and
        # kept until the site changes, and only those fifty are read whole.
        first = (current.number - 1) * POLICIES_PER_PAGE
        ids = kept(
            f"page:{current.number}",
            lambda: list(policies.values_list("pk", flat=True)[first : first + POLICIES_PER_PAGE]),
        )
        current.object_list = policies.filter(pk__in=ids)
        by_letter: dict[str, list[PolicyPage]] = {}
        for policy in current.object_list:
            letter = policy.initial if policy.initial and policy.initial.isalpha() else "#"
            by_letter.setdefault(letter, []).append(policy)
        context.update(
            policies_by_letter=list(by_letter.items()),
            letters=letters,
            policies_page=current,
            pages=[
                (number, page_url(number) if number else "")
                for number in pagination_links(current.number, paginator.num_pages)
            ],
            previous_url=page_url(current.number - 1) if current.has_previous() else "",
            next_url=page_url(current.number + 1) if current.has_next() else "",
            schools=[school for school in schools if not school["is_central_team"]],
            categories=PolicyCategory.choices,
            selected_school=request.GET.get("school", ""),
            selected_category=request.GET.get("category", ""),
            trust_wide=TRUST_WIDE,
        )
        return context
