"""Site search over every page the reader may see (policies, parent guidance, general pages).

Uses Wagtail search (the database backend: FTS5 on SQLite, full text on PostgreSQL). Each
result names the section that matched, so a reader searching "moderators" lands on
"A.5 Contributors and moderation of content" rather than the top of a long policy.

On PostgreSQL the matches are counted and ranked by ``ranked_matches``, which builds
Wagtail's own query but ranks a bounded number of candidates, so that a word found in
every one of a trust's thousand long policies costs a few milliseconds, not a hundred.
A search's count and its pages of results are then kept in the shared cache until the
site or the search index changes (``matching``).
"""

import hashlib
import html
import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.cache import cache
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Cast
from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from wagtail.models import Page
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

from core.caching import registry
from core.caching.generations import cached_until_site_changes
from home.models import School

from .models import SEARCH_INDEX_MAX_CHARACTERS
from .selectors import pages_visible_to, paths_hidden_from

logger = logging.getLogger(__name__)

RESULTS_PER_PAGE = 10
# How long a page's sections stay in the cache unused (see ``sections_of``).
SECTIONS_CACHE_SECONDS = 60 * 60 * 24
EXCERPT_WORDS = 30
MAX_QUERY_LENGTH = 200
# How many of a search's matches PostgreSQL ranks (see ``ranked_matches``). A trust's
# searchable pages (about 1,200) are all ranked, in Wagtail's order; the bound stops a
# larger site from ranking everything. Ranking reads each candidate's whole body vector
# from the index: for 100 candidates instead of 1,000 a page of results costs about 4 ms
# less at trust scale, but a common phrase ("social media") then listed the newest
# matching guidance pages ahead of the policies that rank above them.
RANKED_MATCHES = 1000
# The generation of the search index (see ``matching``), and how long an unused search is kept.
SEARCH_INDEX = "site-search:index-generation"
SEARCH_CACHE_SECONDS = 60 * 60


@dataclass
class SearchResult:
    """One result: the specific ``page``, its ``url`` (with ``#anchor`` of the matching section when known),
    the matching ``section`` label ("" when none) and an ``excerpt`` with the query terms in ``<mark>``."""

    page: Page
    url: str
    section: str
    excerpt: SafeString


def query_terms(query: str) -> list[str]:
    """Return the words of ``query`` worth highlighting (lower case, two letters or more)."""
    return [word for word in re.findall(r"\w+", query.lower()) if len(word) > 1]


def term_pattern(terms: list[str]) -> re.Pattern | None:
    """Return a pattern matching the terms as word starts, allowing endings ("moderator" finds "moderators")."""
    if not terms:
        return None
    stems = sorted({term[: max(4, len(term) - 2)] for term in terms}, key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(re.escape(stem) for stem in stems) + r")\w*", re.IGNORECASE)


def excerpt(text: str, pattern: re.Pattern) -> SafeString:
    """Return about 30 words of ``text`` around the first match of ``pattern``, matches marked, HTML-escaped."""
    words = text.split()
    position = next((index for index, word in enumerate(words) if pattern.search(word)), 0)
    start = max(0, position - EXCERPT_WORDS // 3)
    chunk = " ".join(words[start : start + EXCERPT_WORDS])
    marked = pattern.sub(lambda match: f"\0{match.group(0)}\1", chunk)
    escaped = html.escape(marked).replace("\0", "<mark>").replace("\1", "</mark>")
    prefix = "… " if start else ""
    suffix = " …" if start + EXCERPT_WORDS < len(words) else ""
    return mark_safe(prefix + escaped + suffix)  # noqa: S308 - escaped above; only <mark> added


def page_sections(page: Page) -> Iterator[tuple[str, str, str]]:
    """Yield ``(label, anchor, text)`` for each section of ``page``, in order, as it is reached.

    Pages that know their sections (``search_sections()``, as PolicyPage has) say so;
    otherwise a ``body`` StreamField is split at its heading blocks (anchors as the
    heading block template makes them); otherwise the whole page is one unnamed section.
    """
    if hasattr(page, "search_sections"):
        yield from page.search_sections()
        return
    body = getattr(page, "body", None)
    if body is None or not hasattr(body, "raw_data"):
        yield "", "", getattr(page, "search_description", "") or ""
        return
    label, anchor, parts = "", "", []
    for child in body:
        if child.block_type == "heading" and hasattr(child.value, "get") and child.value.get("text"):
            yield label, anchor, " ".join(parts)
            label, anchor, parts = child.value["text"], slugify(child.value["text"]), []
            continue
        parts.extend(str(part) for part in child.block.get_searchable_content(child.value))
    yield label, anchor, " ".join(parts)


def indexed_sections(page: Page) -> list[tuple[str, str, str]]:
    """Return ``page``'s ``(label, anchor, text)`` sections in order, as far as the search index reads them.

    The sections of ``page_sections``, up to and including the one that takes the text
    past ``SEARCH_INDEX_MAX_CHARACTERS``: the search index holds no more of a page, so a
    word found beyond that was not what matched.
    """
    sections, read = [], 0
    for label, anchor, text in page_sections(page):
        sections.append((label, anchor, text))
        read += len(text)
        if read > SEARCH_INDEX_MAX_CHARACTERS:
            break
    return sections


def sections_of(pages: list[Page]) -> dict[int, list[tuple[str, str, str]]]:
    """Return ``{page id: indexed_sections(page)}`` for the specific ``pages``, from the cache when there.

    ``pages`` may have their StreamFields deferred: only those not in the cache are loaded
    whole (one query, and one per page type among them), and their sections kept in the
    default cache for a day under their Wagtail ``cache_key``, which changes when a page
    is published or moved: a result never shows an older version's text, and a page
    searched again, for any words, is not read and converted again. Reading a long
    policy's body and turning its sections into text is most of what a page of results
    costs otherwise. When the cache cannot be reached, every page is read.
    """
    keys = {page.pk: f"search-sections:{page.cache_key}" for page in pages}
    try:
        found = cache.get_many(list(keys.values())) if keys else {}
    except Exception:
        logger.exception("The cache could not be read; search results' sections are read from their pages.")
        found = {}
    sections = {page_id: found[key] for page_id, key in keys.items() if key in found}
    missing = [page_id for page_id in keys if page_id not in sections]
    if missing:
        for page in Page.objects.filter(pk__in=missing).specific():
            sections[page.pk] = indexed_sections(page)
        try:
            cache.set_many({keys[page_id]: sections[page_id] for page_id in missing}, SECTIONS_CACHE_SECONDS)
        except Exception:
            logger.exception("The cache could not store search results' sections.")
    return sections


def describe_match(
    page: Page, query: str, *, sections: Iterable[tuple[str, str, str]] = ()
) -> tuple[str, str, SafeString]:
    """Return ``(section label, anchor, excerpt)`` for the first of ``sections`` that mentions the query.

    ``sections`` are ``page``'s ``(label, anchor, text)`` in reading order (see
    ``sections_of``); none are given for a page the search index found by its title alone,
    so that a long policy's sections are not read for nothing. Without a matching
    section, the excerpt is taken from the page's summary or introduction, else its title.
    """
    pattern = term_pattern(query_terms(query))
    intro = " ".join(filter(None, [getattr(page, "summary", ""), getattr(page, "intro", "") or ""]))
    if pattern is None:
        return "", "", mark_safe("")  # noqa: S308 - empty string
    for label, anchor, text in sections:
        if text and pattern.search(text):
            return label, anchor, excerpt(text, pattern)
    fallback = re.sub(r"<[^>]+>", " ", str(intro)) or page.title
    return "", "", excerpt(fallback, pattern)


def attach_schools(pages) -> None:
    """Load the school of every page in ``pages`` that has one (policies, guidance) in one query, not one each."""
    wanted = {page.school_id for page in pages if getattr(page, "school_id", None)}
    schools = School.objects.in_bulk(wanted) if wanted else {}
    for page in pages:
        if getattr(page, "school_id", None) in schools:
            page.school = schools[page.school_id]


def ranked_matches(pages: QuerySet[Page], terms: str) -> QuerySet[Page] | None:
    """Return the ``pages`` that match ``terms``, best first, as a queryset; None unless on PostgreSQL search.

    Matching is exactly Wagtail's PostgreSQL backend's (its own query compiler builds the
    ``tsquery``, and a page matches when its index entry's title and body vectors, joined,
    match it; migration ``policy.0008`` indexes that expression), and so is the rank (the
    backend's ``ts_rank`` of the title, times the entry's title weighting, plus that of the
    body; newest page first among equals). What differs is how much is ranked:

    - Only ``RANKED_MATCHES`` matches are ranked: those whose titles match first (a title
      match outweighs anything in a body), then the newest pages. Ranking reads each
      page's whole body vector from the index, the slow part of a search; telling whether
      a title matches reads only the small title vector. When no more pages than that
      match, all are ranked, in the order Wagtail's ``search()`` gives.
    - The matches beyond those follow, title matches first, then newest first.

    The queryset is counted and sliced as usual (``Paginator`` does both): the count is
    one index scan, and a page of results is one query that ranks only the candidates.
    Returns None when the search backend is not PostgreSQL's (SQLite's FTS5 ranks in its
    own index), for the caller to use Wagtail's ``search()``.
    """
    ranking = _ranking(pages, terms)
    if ranking is None or ranking[0] is None:
        return None if ranking is None else pages.none()
    matches, candidates, rank, _title_matches = ranking
    return matches.alias(
        rank=Case(When(pk__in=candidates, then=rank), default=Value(-1.0), output_field=FloatField())
    ).order_by(F("rank").desc(), F("title_matches").desc(), "-pk")


def ranked_candidates(pages: QuerySet[Page], terms: str) -> QuerySet[Page] | None:
    """Return the first ``RANKED_MATCHES`` of ``ranked_matches(pages, terms)``, in its order, as a queryset.

    ``ranked_matches`` lists the ranked candidates first (a rank is never below 0, the
    others' is -1): a page of results that lies within them is this queryset's slice.
    Cheaper to slice: the database ranks the candidates it has picked, without matching
    every match against them again (at ten times a trust's size, 9,000 pages mention
    "moderators"). None, like ``ranked_matches``, unless on PostgreSQL search.
    """
    ranking = _ranking(pages, terms)
    if ranking is None or ranking[0] is None:
        return None if ranking is None else pages.none()
    _matches, candidates, rank, title_matches = ranking
    # Every candidate is a match: not matched again, which read each one's body vector twice.
    return (
        pages.filter(pk__in=candidates)
        .alias(title_matches=title_matches, rank=ExpressionWrapper(rank, output_field=FloatField()))
        .order_by(F("rank").desc(), F("title_matches").desc(), "-pk")
    )


def _ranking(pages: QuerySet[Page], terms: str):
    """Return ``(matches, candidates, rank, title matches)`` of ``ranked_matches``: querysets and expressions.

    ``(None, None, None, None)`` when ``terms`` has no words; None when not on PostgreSQL search.
    """
    built = postgres_tsquery(pages, terms)
    if built is None:
        return None
    tsquery, weights = built
    if tsquery is None:
        return None, None, None, None
    title = SearchRank(F("index_entries__title"), tsquery, weights=weights)
    body = SearchRank(F("index_entries__body"), tsquery, weights=weights)
    title_matches = ExpressionWrapper(Q(index_entries__title=tsquery), output_field=BooleanField())
    matches = pages.alias(
        search_vector=F("index_entries__title")._combine(F("index_entries__body"), "||", False),
        title_matches=title_matches,
    ).filter(search_vector=tsquery)
    candidates = matches.order_by(F("title_matches").desc(), "-pk").values("pk")[:RANKED_MATCHES]
    return matches, candidates, title * F("index_entries__title_norm") + body, title_matches


def postgres_tsquery(pages: QuerySet[Page], terms: str, *, operator: str | None = None):
    """Return ``(tsquery, rank weights)`` for ``terms`` as Wagtail's PostgreSQL search builds them, or None.

    None when the search backend is not PostgreSQL's. The tsquery (None when ``terms``
    has no words) is Wagtail's own, from the backend's query compiler (``operator``:
    "and", its default, or "or"), written to be computed once (see ``computed_once``);
    the weights are the backend's ``ts_rank`` weights for its fields' boosts.
    """
    from wagtail.search.backends.database.postgres.postgres import PostgresSearchBackend

    backend = get_search_backend()
    if not isinstance(backend, PostgresSearchBackend):
        return None
    compiler = backend.query_compiler_class(pages, terms, operator=operator)
    tsquery = compiler.build_tsquery(compiler.query, config=compiler.get_config(backend))
    return (computed_once(tsquery) if tsquery is not None else None), compiler.sql_weights


def pages_whose_text_mentions(ids: list[int], terms: str) -> set[int] | None:
    """Return which of the pages ``ids`` have a word of ``terms`` in their indexed text (not the title).

    One query on the search index's body vectors; None (not known) unless on PostgreSQL.
    A page found only by its title is then given its excerpt without reading its sections.
    Each page's own index entry (Wagtail indexes a page under its specific type) is looked
    up by its key and its body matched: joined to the index instead, PostgreSQL read every
    entry that mentions the words (at ten times a trust's size, 10,000 for "moderators":
    14 ms, against 0.2).
    """
    built = postgres_tsquery(Page.objects.all(), terms, operator="or") if ids else None
    if built is None or built[0] is None:
        return None
    entries = IndexEntry.objects.filter(
        content_type_id=OuterRef("content_type_id"), object_id=Cast(OuterRef("pk"), CharField()), body=built[0]
    )
    return set(Page.objects.filter(pk__in=ids).filter(Exists(entries)).values_list("pk", flat=True))


def computed_once(query: SearchQuery) -> SearchQuery:
    """Return a copy of the ``tsquery`` expression ``query`` that PostgreSQL computes once per statement.

    Wagtail names no text search configuration (the database's default applies), so
    ``to_tsquery(...)`` depends on a setting and PostgreSQL may not compute it in advance:
    it parses and stems the words again for every row the query is used on, twice a row
    when ranking title and body. Written as a scalar subquery, ``(SELECT to_tsquery(...))``,
    it is computed once (an "InitPlan") and still used by the search index.
    """
    once = query.copy()
    once.template = "(SELECT %(function)s(%(expressions)s))"
    return once


def search_pages(
    *, query: str, user, page_number: int | str = 1, request: HttpRequest | None = None
) -> tuple[PaginatorPage, list[SearchResult]]:
    """Search the live pages ``user`` may see for ``query``; return the paginator page and its results.

    Anonymous users search public pages only; signed-in staff also search staff-only
    pages (see ``pages_visible_to``). ``query`` is trimmed to 200 characters; an empty
    query gives no results. Ten results a page, best match first; an out-of-range
    ``page_number`` gives the last page. Queries: the count of matches and the page of
    them (see ``ranked_matches``), both kept in the shared cache (``matching``), then one
    per page type among the ten results (their StreamFields left unread), one for the
    results' schools and, on PostgreSQL, one for which of them mention the query in their
    text (``pages_whose_text_mentions``); the sections of those come from the cache, else
    from their bodies (``sections_of``). A signed-in reader's restricted sections cost
    three more (``paths_hidden_from``). With the ``request`` being answered, the results'
    URLs are made with its site (as ``{% pageurl %}`` does) and the sites' root paths are
    read once, not once a result. Double quotes are searched as spaces: the SQLite
    backend wraps each word in double quotes for FTS5 without escaping them, so one typed
    inside a word ended the string and the search failed.
    """
    query = query.strip()[:MAX_QUERY_LENGTH]
    terms = query.replace('"', " ").strip()
    if terms:
        results_page, ids = matching(terms, user=user, page_number=page_number)
    else:
        results_page, ids = Paginator(Page.objects.none(), RESULTS_PER_PAGE).get_page(page_number), []
    specific = {page.pk: page for page in Page.objects.filter(pk__in=ids).specific().defer_streamfields()}
    attach_schools(specific.values())
    mentioned = pages_whose_text_mentions(ids, terms)
    sections = sections_of([page for page in specific.values() if mentioned is None or page.pk in mentioned])
    results = []
    for page_id in ids:
        page = specific.get(page_id)
        if page is None:
            continue
        label, anchor, text = describe_match(page, query, sections=sections.get(page_id, ()))
        url = page.get_url(request=request)
        results.append(SearchResult(page=page, url=f"{url}#{anchor}" if anchor else url, section=label, excerpt=text))
    # The page's own list is the matches' slice, which nothing should query again.
    results_page.object_list = [result.page for result in results]
    return results_page, results


def matching(terms: str, *, user, page_number: int | str = 1) -> tuple[PaginatorPage, list[int]]:
    """Return the paginator page of the pages ``user`` may see that match ``terms``, and its page ids in order.

    ``terms``: the words searched, not empty. The number of matches and each page's ids
    are kept in the shared cache (``cached_until_site_changes``) per audience (anonymous
    readers, or signed-in readers kept out of the same restricted sections), terms and
    page number, until the site changes (a page published, unpublished, moved or deleted,
    a privacy setting changed) or the search index is updated (``SEARCH_INDEX``): the
    index is written by a background task after a publish commits, so a search between
    the two would otherwise keep the page's old words. Unused entries go after an hour,
    which also bounds what a rebuild of the index by hand (``manage.py update_index``)
    leaves unseen. Counting and ranking are the slow part of a search at ten times a
    trust's size (``ranked_matches``).
    """
    hidden = paths_hidden_from(user) if user.is_authenticated else None
    visible = pages_visible_to(user=user, hidden=hidden)
    audience = "public" if hidden is None else "signed-in:" + "|".join(hidden)
    key = "site-search:" + hashlib.sha256(f"{audience}\n{terms}".encode()).hexdigest()
    matches = ranked_matches(visible, terms)
    if matches is None:
        matches = visible.search(terms)
    count = cached_until_site_changes(f"{key}:count", matches.count, timeout=SEARCH_CACHE_SECONDS, also=(SEARCH_INDEX,))
    results_page = Paginator(CountedMatches(matches, count), RESULTS_PER_PAGE).get_page(page_number)
    if not count:
        return results_page, []

    def page_ids() -> list[int]:
        first = (results_page.number - 1) * RESULTS_PER_PAGE
        if first + RESULTS_PER_PAGE <= RANKED_MATCHES:
            ranked = ranked_candidates(visible, terms)
            if ranked is not None:
                return list(ranked[first : first + RESULTS_PER_PAGE].values_list("pk", flat=True))
        return [page.pk for page in results_page.object_list]

    ids = cached_until_site_changes(
        f"{key}:page:{results_page.number}", page_ids, timeout=SEARCH_CACHE_SECONDS, also=(SEARCH_INDEX,)
    )
    return results_page, ids


class CountedMatches:
    """A search's matches whose number is already known: ``Paginator`` counts them without asking the database.

    Takes the matches (a queryset or Wagtail search results, sliced lazily) and their
    ``count`` (an int).
    """

    def __init__(self, matches, count: int):
        self.matches = matches
        self.known_count = count

    def count(self) -> int:
        """Return the number of matches given, without a query."""
        return self.known_count

    def __getitem__(self, index):
        return self.matches[index]


def install() -> None:
    """Declare what makes cached searches stale: the search index's update (``SEARCH_INDEX``).

    Called once from ``PolicyConfig.ready``. The site's own changes replace ``SITE``
    (``core.caching.registry``), which ends cached searches too.
    """
    from modelsearch.tasks import insert_or_update_object_task

    registry.stale_on_task(insert_or_update_object_task, generation=SEARCH_INDEX)
