"""The policy index keeps its A to Z and its pages in the shared cache, yet shows a change to the site at once."""

import pytest
from wagtail.models import PageViewRestriction

from .factories import make_policy

pytestmark = pytest.mark.django_db


def listed(client, index) -> str:
    return client.get(index.url).content.decode()


def test_a_policy_published_or_unpublished_after_a_visit_shows_at_once(
    client, policy_index, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = make_policy(policy_index, title="Anti-bullying Policy", slug="anti-bullying")
    assert "Anti-bullying Policy" in listed(client, policy_index)

    with django_capture_on_commit_callbacks(execute=True):
        make_policy(policy_index, title="Online Safety Policy", slug="online-safety")
    page = listed(client, policy_index)
    assert "Online Safety Policy" in page and '#letter-O">O</a>' in page

    with django_capture_on_commit_callbacks(execute=True):
        first.unpublish()
    assert "Anti-bullying Policy" not in listed(client, policy_index)


def test_the_public_and_signed_in_staff_each_get_their_own_list(
    client, policy_index, staff_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        make_policy(policy_index, title="Anti-bullying Policy", slug="anti-bullying")
        private = make_policy(policy_index, title="Staff Code of Conduct", slug="conduct")
        PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)

    public = listed(client, policy_index)
    assert "Anti-bullying Policy" in public and "Staff Code of Conduct" not in public
    client.force_login(staff_user)
    assert "Staff Code of Conduct" in listed(client, policy_index)
    client.logout()
    assert "Staff Code of Conduct" not in listed(client, policy_index)
