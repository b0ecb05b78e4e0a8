"""A page of results within the ranked matches is read from them alone, in the same order as from every match."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from policy.search import ranked_matches, search_pages
from policy.selectors import pages_visible_to

from .factories import make_policy
from .test_search import clause_saying

pytestmark = [
    pytest.mark.postgres(reason="PostgreSQL search only (SQLite's FTS5 ranks in its own index)"),
    pytest.mark.django_db,
]


@pytest.fixture
def policies(policy_index, monkeypatch):
    """25 policies that mention moderators (3 in their titles), 20 of them ranked."""
    monkeypatch.setattr("policy.search.RANKED_MATCHES", 20)
    for n in range(25):
        title = f"Moderators {n}" if n % 9 == 0 else f"Policy {n}"
        make_policy(policy_index, title=title, slug=f"p-{n}", body=clause_saying("Moderators check.", 1 + n % 4))


def listed(page_number: int) -> list[int]:
    _page, results = search_pages(query="moderators", user=AnonymousUser(), page_number=page_number)
    return [result.page.pk for result in results]


def test_every_page_lists_what_ranking_every_match_lists(policies):
    everything = [page.pk for page in ranked_matches(pages_visible_to(user=AnonymousUser()), "moderators")]

    assert len(everything) == 25
    # Pages 1 and 2 lie within the 20 ranked matches; page 3 goes past them.
    assert [listed(1), listed(2), listed(3)] == [everything[:10], everything[10:20], everything[20:]]


def test_a_page_within_the_ranked_matches_does_not_match_them_again(policies):
    listed(1)
    # Page 1's ids are now kept in the cache: page 2, also within the ranked matches, is ranked.
    with CaptureQueriesContext(connection) as captured:
        listed(2)

    page = next(q["sql"] for q in captured if "ts_rank" in q["sql"])
    # The candidates are picked from the matches once; the page ranks them without matching again.
    assert page.count('"title" || ') == 1 and "CASE WHEN" not in page, page


def test_which_results_mention_the_words_is_asked_of_their_own_index_entries(policies):
    from policy.search import pages_whose_text_mentions

    everything = [page.pk for page in ranked_matches(pages_visible_to(user=AnonymousUser()), "moderators")]
    with CaptureQueriesContext(connection) as captured:
        mentioned = pages_whose_text_mentions(everything[:10], "moderators")

    assert mentioned == set(everything[:10])
    # Each result's entry is found by its key, not among every entry that mentions the words.
    assert "EXISTS" in captured[0]["sql"] and '"object_id" = ' in captured[0]["sql"], captured[0]["sql"]
