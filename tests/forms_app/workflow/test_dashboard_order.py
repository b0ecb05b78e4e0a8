""" "Awaiting your review" is the first dashboard panel for anyone with something waiting.

Issue "No dead ends": the CEO's "Awaiting your review" was the fourth panel, below the fold.
"""

import re

import pytest
from django.urls import reverse

from tests.forms_app.factories import submitted_request
from tests.policy.factories import make_index, make_policy

pytestmark = pytest.mark.django_db

PANEL_ID = "social-media-awaiting-review-section"


def panel_ids(html: str) -> list[str]:
    """The dashboard panels' ids, in the order they appear."""
    return re.findall(r'<section class="[^"]*w-panel[^"]*" id="([^"]+)"', html)


@pytest.fixture
def other_panels(home_page, school):
    """A policy overdue for review: the review-due panel shows for the school's Headteacher and ICT Manager."""
    import datetime

    make_policy(make_index(home_page), title="Old policy", school=school, next_review_due=datetime.date(2020, 1, 1))


def test_the_panel_comes_first_when_something_waits(client, author, ict_manager, other_panels):
    submitted_request(author=author)
    client.force_login(ict_manager)
    ids = panel_ids(client.get(reverse("wagtailadmin_home")).text)
    assert len(ids) > 1, ids
    assert ids[0] == PANEL_ID, ids


def test_with_nothing_waiting_the_panel_does_not_push_others_down(client, ict_manager, other_panels):
    client.force_login(ict_manager)
    ids = panel_ids(client.get(reverse("wagtailadmin_home")).text)
    assert PANEL_ID in ids and len(ids) > 1, ids
    assert ids[0] != PANEL_ID, ids
