"""Cover at the policy approval step: the cover of an absent Headteacher decides that school's policies.

The same cover record as for site requests (Admin → Social media → Approver cover); the
cover never decides a policy the absent Head or they themself wrote or submitted.
"""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from wagtail.models import WorkflowState

from forms_app.constants import ApprovalStep
from forms_app.models import ApproverCover
from forms_app.workflow.cover import set_cover
from home import roles
from policy.approvers import eligible_approvers
from policy.models import PolicyPage
from tests.factories import UserFactory

from .test_no_dead_ends import approve_in_admin, submit_in_admin

pytestmark = pytest.mark.django_db


@pytest.fixture
def trust_admin(central_team):
    return UserFactory(
        username="sam", first_name="Sam", last_name="Green", school=central_team, roles=[roles.TRUST_ADMINISTRATORS]
    )


def cover_the_head(headteacher, cover, *, starts=0, ends=3):
    today = timezone.localdate()
    return set_cover(
        cover_period=ApproverCover(
            approver=headteacher,
            step=ApprovalStep.HEADTEACHER,
            cover=cover,
            starts_on=today + datetime.timedelta(days=starts),
            ends_on=today + datetime.timedelta(days=ends),
        ),
        user=headteacher,
    )


def submitted(client, policy, editor, django_capture_on_commit_callbacks):
    # A first request signs in (second factor included) outside the capture, so that it sees
    # only what the submission queues.
    client.force_login(editor)
    client.get(reverse("wagtailadmin_home"))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        submit_in_admin(client, editor, policy, follow=False)
    return WorkflowState.objects.get(object_id=str(policy.pk))


def test_the_cover_of_an_absent_head_approves_the_schools_policy_on_their_behalf(
    riverside_policy, school_editor, headteacher, trust_admin, client, django_capture_on_commit_callbacks
):
    cover_the_head(headteacher, trust_admin)
    state = submitted(client, riverside_policy, school_editor, django_capture_on_commit_callbacks)
    # The cover is emailed with the Head: either may decide while the cover lasts.
    assert sorted(mail.outbox[-1].to) == sorted([headteacher.email, trust_admin.email])

    task = state.current_task_state.task.specific
    page = PolicyPage.objects.get(pk=riverside_policy.pk)
    assert "approve" in [name for name, *_ in task.get_actions(page, trust_admin)]
    assert task.get_task_states_user_can_moderate(trust_admin).filter(pk=state.current_task_state.pk).exists()

    page = approve_in_admin(client, trust_admin, page, state)
    assert page.live
    assert page.approved_by == f"Sam Green on behalf of {headteacher.display_name()} (cover)"


def test_a_cover_that_has_not_started_lets_nobody_in(
    riverside_policy, school_editor, headteacher, trust_admin, client, django_capture_on_commit_callbacks
):
    cover_the_head(headteacher, trust_admin, starts=2, ends=4)
    state = submitted(client, riverside_policy, school_editor, django_capture_on_commit_callbacks)
    task = state.current_task_state.task.specific
    page = PolicyPage.objects.get(pk=riverside_policy.pk)
    assert task.get_actions(page, trust_admin) == []
    assert not task.get_task_states_user_can_moderate(trust_admin).exists()
    client.force_login(trust_admin)
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", state.current_task_state.pk])
    client.post(url, {"comment": ""})
    assert not PolicyPage.objects.get(pk=riverside_policy.pk).approved_by


def test_the_cover_never_decides_a_policy_they_submitted(riverside_policy, headteacher, trust_admin):
    cover_the_head(headteacher, trust_admin)
    page = PolicyPage.objects.get(pk=riverside_policy.pk)
    page.save_revision(user=trust_admin)
    state = page.get_workflow().start(page, trust_admin)
    task = state.current_task_state.task.specific
    assert task.get_actions(page, trust_admin) == []
    assert [person.pk for person in eligible_approvers(school_id=page.school_id, author_ids={trust_admin.pk})] == [
        headteacher.pk
    ]


def test_the_cover_never_approves_the_absent_heads_own_policy(riverside_policy, headteacher, trust_admin, client):
    """Approving on behalf of the person who wrote it would be their own approval by proxy."""
    cover_the_head(headteacher, trust_admin)
    assert eligible_approvers(school_id=riverside_policy.school_id, author_ids={headteacher.pk}) == []
    response = submit_in_admin(client, headteacher, riverside_policy)
    assert "Nobody can approve this policy" in response.content.decode()
    assert not WorkflowState.objects.filter(object_id=str(riverside_policy.pk)).exists()


def test_the_ceos_cover_decides_trust_wide_policies(ceo, policy_editor, trust_admin):
    assert trust_admin.pk not in {person.pk for person in eligible_approvers(school_id=None, author_ids=set())}
    cover_the_head(ceo, trust_admin)
    people = {person.pk for person in eligible_approvers(school_id=None, author_ids={policy_editor.pk})}
    assert people == {ceo.pk, trust_admin.pk}
