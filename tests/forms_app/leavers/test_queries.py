"""What a leaver holds is read in the same number of queries however many requests wait on them.

A Trust Data Protection Officer may have thousands of requests waiting at their step: the
Leaver page must not read each one's step, earlier approvers and other possible deciders
one by one.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from forms_app.leavers.selectors import leaver_holdings
from forms_app.workflow.services import approve_task, submit_request
from home import roles
from tests.factories import UserFactory
from tests.forms_app.built_forms.factories import (
    DPO_GROUP,
    DPO_THEN_HEAD,
    approver_group,
    built_request,
    complete_blocked_content_answers,
    make_approval_form,
)
from tests.forms_app.factories import submitted_request

pytestmark = pytest.mark.django_db


def queries(read) -> int:
    with CaptureQueriesContext(connection) as captured:
        read()
    return len(captured)


@pytest.fixture
def dpo(other_school):
    """The Trust's Data Protection Officer, at another school than most requests'."""
    approver_group(DPO_GROUP)
    return UserFactory(username="dpo", school=other_school, roles=[roles.STAFF, DPO_GROUP])


@pytest.fixture
def waiting_requests(request, staff_home, school, other_school, staff_user, ict_manager, headteacher):
    """``(leaver, add)``: ``add(count)`` makes the ``count``th request waiting on the leaver the test names.

    At the Headteacher step, a request whose first step ``both`` approved waits on the leaver
    alone (one person never gives both approvals), the others on ``both`` too: both of the
    page's lists fill. The DPO's come from two schools (a trust-wide step).
    """
    who = request.param
    if who == "ict_manager":
        return ict_manager, lambda count: submitted_request(author=staff_user)
    if who == "headteacher":
        both = UserFactory(username="both", school=school, roles=[roles.STAFF, roles.ICT_MANAGERS, roles.HEADTEACHERS])

        def at_final_step(count: int):
            site_request = submitted_request(author=staff_user)
            approve_task(site_request=site_request, user=ict_manager if count % 2 else both, attested=True)
            return site_request

        return headteacher, at_final_step
    form = make_approval_form(
        staff_home, title="Start a new parents' app", slug="parents-app", chain=DPO_THEN_HEAD, prefix="PA"
    )
    elsewhere = UserFactory(username="teacher2", school=other_school, roles=[roles.STAFF])
    leaver = request.getfixturevalue("dpo")

    def at_dpo_step(count: int):
        author = elsewhere if count % 2 else staff_user
        draft = built_request(
            author=author, form=form, answers=complete_blocked_content_answers(form.current_version())
        )
        return submit_request(site_request=draft, user=author)

    return leaver, at_dpo_step


def fresh(user):
    return type(user).objects.select_related("school").get(pk=user.pk)


@pytest.mark.parametrize("waiting_requests", ["ict_manager", "headteacher", "dpo"], indirect=True)
def test_a_leavers_holdings_cost_the_same_queries_for_one_or_five_waiting_requests(waiting_requests):
    leaver, add = waiting_requests
    add(0)
    leaver_holdings(fresh(leaver))  # the content types and the like, read once per process
    with_one = queries(lambda: leaver_holdings(fresh(leaver)))
    for count in range(1, 5):
        add(count)
    holdings = leaver_holdings(fresh(leaver))
    assert len(holdings.impact.waiting_only_on_them) + len(holdings.impact.waiting_on_others_too) == 5
    if leaver.username == "head":
        assert holdings.impact.waiting_only_on_them and holdings.impact.waiting_on_others_too

    assert queries(lambda: leaver_holdings(fresh(leaver))) == with_one


@pytest.mark.parametrize("waiting_requests", ["ict_manager", "headteacher"], indirect=True)
def test_the_leaver_page_costs_the_same_queries_for_one_or_five_waiting_requests(client, school, waiting_requests):
    leaver, add = waiting_requests
    client.force_login(UserFactory(username="root", school=school, is_superuser=True, is_staff=True, roles=[]))
    url = reverse("forms_app_leaver", args=[leaver.pk])
    first = add(0)
    client.get(url)
    with_one = queries(lambda: client.get(url))
    added = [add(count) for count in range(1, 5)]
    page = client.get(url).text
    assert all(site_request.reference in page for site_request in [first, *added])

    assert queries(lambda: client.get(url)) == with_one
