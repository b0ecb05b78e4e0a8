"""No policy waits for nobody; approving completes the review; a Headteacher goes through approval too."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from wagtail.models import WorkflowState

from home import roles
from policy.models import PolicyPage
from tests.factories import UserFactory, change_trust_settings

from .factories import policy_edit_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def chair_of_governors(central_team):
    # An account with an admin role: approving happens in the Wagtail admin.
    return UserFactory(
        username="chair",
        first_name="Pat",
        last_name="Governor",
        school=central_team,
        roles=[roles.STAFF, roles.POLICY_EDITORS],
    )


def submit_in_admin(client, user, policy, *, follow=True, **changes):
    client.force_login(user)
    url = reverse("wagtailadmin_pages:edit", args=[policy.pk])
    return client.post(url, policy_edit_form(policy, **changes) | {"action-submit": "1"}, follow=follow)


def approve_in_admin(client, approver, policy, state) -> PolicyPage:
    """``approver`` approves the task of ``state`` on ``policy`` in the admin; returns the policy as saved."""
    client.force_login(approver)
    url = reverse("wagtailadmin_pages:workflow_action", args=[policy.pk, "approve", state.current_task_state.pk])
    assert client.post(url, {"comment": ""}).status_code == 302
    return PolicyPage.objects.get(pk=policy.pk)


def test_a_one_head_schools_policy_reaches_the_second_approver_and_is_approved(
    riverside_policy, headteacher, chair_of_governors, client, django_capture_on_commit_callbacks
):
    change_trust_settings(policy_second_approver=chair_of_governors)

    # A first request runs the cache staleness the settings change queued (tests/conftest.py), so
    # the capture below sees only what the submission queues.
    client.force_login(headteacher)
    client.get(reverse("wagtailadmin_home"))
    with django_capture_on_commit_callbacks(execute=True):
        response = submit_in_admin(client, headteacher, riverside_policy, follow=False, title="Uniform Policy 2027")
    assert response.status_code == 302
    state = WorkflowState.objects.get(object_id=str(riverside_policy.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert [message.to for message in mail.outbox] == [[chair_of_governors.email]]

    task = state.current_task_state.task.specific
    page = PolicyPage.objects.get(pk=riverside_policy.pk)
    assert task.get_actions(page, headteacher) == []
    assert "approve" in [name for name, *_ in task.get_actions(page, chair_of_governors)]
    assert task.get_task_states_user_can_moderate(chair_of_governors).filter(pk=state.current_task_state.pk).exists()

    page = approve_in_admin(client, chair_of_governors, page, state)
    assert page.live and page.title == "Uniform Policy 2027"


def test_the_second_approver_cannot_approve_a_policy_the_head_can(
    riverside_policy, school_editor, headteacher, chair_of_governors
):
    change_trust_settings(policy_second_approver=chair_of_governors)
    policy = PolicyPage.objects.get(pk=riverside_policy.pk)
    policy.save_revision(user=school_editor)
    state = policy.get_workflow().start(policy, school_editor)
    task = state.current_task_state.task.specific
    assert task.get_actions(policy, chair_of_governors) == []
    assert "approve" in [name for name, *_ in task.get_actions(policy, headteacher)]


def test_submission_with_no_eligible_approver_is_refused_with_who_to_ask(riverside_policy, headteacher, client):
    response = submit_in_admin(client, headteacher, riverside_policy, title="Uniform Policy 2027")
    text = response.content.decode()
    assert "Nobody can approve this policy" in text
    assert "an active Headteacher of Riverside Primary School other than you" in text
    assert "Second approver of a Headteacher&#x27;s own policies" in text
    assert not WorkflowState.objects.filter(object_id=str(riverside_policy.pk)).exists()


def test_an_inactive_second_approver_does_not_count(riverside_policy, headteacher, chair_of_governors, client):
    chair_of_governors.is_active = False
    chair_of_governors.save()
    change_trust_settings(policy_second_approver=chair_of_governors)
    response = submit_in_admin(client, headteacher, riverside_policy)
    assert "Nobody can approve this policy" in response.content.decode()
    assert not WorkflowState.objects.filter(object_id=str(riverside_policy.pk)).exists()


def test_approval_sets_last_reviewed_approved_by_and_next_review(riverside_policy, school_editor, headteacher, client):
    today = timezone.localdate()
    response = submit_in_admin(client, school_editor, riverside_policy)
    assert response.status_code == 200
    state = WorkflowState.objects.get(object_id=str(riverside_policy.pk))
    client.force_login(headteacher)
    url = reverse(
        "wagtailadmin_pages:workflow_action", args=[riverside_policy.pk, "approve", state.current_task_state.pk]
    )
    client.post(url, {"comment": ""})
    page = PolicyPage.objects.get(pk=riverside_policy.pk)
    assert page.last_reviewed == today and page.date_approved == today
    assert page.approved_by == headteacher.display_name()
    assert page.next_review_due.year == today.year + 1 and page.next_review_due.month == today.month
    assert not page.is_overdue() and page.next_review_due > today + datetime.timedelta(days=300)
    # The next edit starts from the published revision, so it keeps the approval.
    latest = page.get_latest_revision_as_object()
    assert latest.last_reviewed == today and latest.approved_by == headteacher.display_name()
    # The report of policies due for review no longer lists it as "Due soon".
    report = client.get(reverse("policy_reviews")).content.decode()
    assert "Riverside Uniform Policy" not in report


def test_a_head_cannot_publish_their_own_schools_policy_directly(riverside_policy, headteacher, client):
    client.force_login(headteacher)
    url = reverse("wagtailadmin_pages:edit", args=[riverside_policy.pk])
    assert 'name="action-publish"' not in client.get(url).content.decode()
    response = client.post(
        url, policy_edit_form(riverside_policy, title="Uniform Policy 2027") | {"action-publish": "1"}
    )
    assert response.status_code == 302
    page = PolicyPage.objects.get(pk=riverside_policy.pk)
    assert page.title == "Riverside Uniform Policy"


def test_a_heads_publication_is_the_approval_when_the_trust_says_so(riverside_policy, headteacher, client):
    change_trust_settings(head_publication_is_approval=True)
    client.force_login(headteacher)
    url = reverse("wagtailadmin_pages:edit", args=[riverside_policy.pk])
    response = client.post(
        url, policy_edit_form(riverside_policy, title="Uniform Policy 2027") | {"action-publish": "1"}
    )
    assert response.status_code == 302
    page = PolicyPage.objects.get(pk=riverside_policy.pk)
    assert page.title == "Uniform Policy 2027"
    assert page.approved_by == headteacher.display_name() and page.date_approved == timezone.localdate()


def test_the_role_holders_are_the_only_approvers_without_a_second_approver(school, headteacher):
    from policy.approvers import eligible_approvers

    deputy = UserFactory(username="deputy", school=school, roles=[roles.STAFF, roles.HEADTEACHERS])
    assert [person.pk for person in eligible_approvers(school_id=school.pk, author_ids={headteacher.pk})] == [deputy.pk]
    deputy.is_active = False
    deputy.save()
    assert eligible_approvers(school_id=school.pk, author_ids={headteacher.pk}) == []


def test_a_second_approver_without_an_admin_role_does_not_count(riverside_policy, headteacher, central_team, client):
    change_trust_settings(policy_second_approver=UserFactory(username="governor", school=central_team))
    response = submit_in_admin(client, headteacher, riverside_policy)
    assert "Nobody can approve this policy" in response.content.decode()
