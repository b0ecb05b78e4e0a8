"""Every decision on a policy ends on a message naming what happens next, from the dashboard or the editor.

Issue "No dead ends": "after Approve the dashboard reloads with no message".
"""

import pytest
from django.urls import reverse
from django.utils.formats import date_format
from wagtail.models import WorkflowState

from policy.models import PolicyPage

from .factories import policy_edit_form
from .test_no_dead_ends import submit_in_admin

pytestmark = pytest.mark.django_db


def messages_after(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


@pytest.fixture
def waiting(riverside_policy, school_editor, headteacher, client):
    submit_in_admin(client, school_editor, riverside_policy)
    return WorkflowState.objects.get(object_id=str(riverside_policy.pk)).current_task_state


def dashboard_decision(client, user, task_state, action, data=None):
    client.force_login(user)
    url = reverse(
        "wagtailadmin_pages:workflow_action", args=[task_state.workflow_state.object_id, action, task_state.pk]
    )
    return client.post(url, data or {}, follow=True)


def test_approving_from_the_dashboard_says_the_policy_is_published_and_when_it_is_next_due(
    client, waiting, headteacher, school_editor
):
    response = dashboard_decision(client, headteacher, waiting, "approve", {"comment": ""})
    assert response.redirect_chain[-1][0] == reverse("wagtailadmin_home")
    policy = PolicyPage.objects.get(pk=waiting.workflow_state.object_id)
    due = date_format(policy.next_review_due, "j F Y")
    assert messages_after(response) == [
        f"Final approval given: “Riverside Uniform Policy” is published, reviewed today and next due for review on "
        f"{due}; {school_editor.display_name()} has been emailed."
    ]


def test_requesting_changes_from_the_dashboard_says_the_policy_is_back_with_its_author(
    client, waiting, headteacher, school_editor
):
    response = dashboard_decision(client, headteacher, waiting, "reject", {"comment": "Add the PE kit."})
    assert messages_after(response) == [
        f"Changes requested: {school_editor.display_name()} has been emailed and “Riverside Uniform Policy” is back "
        "with them to change and submit again."
    ]


def test_approving_in_the_editor_says_what_happens_next(client, waiting, headteacher, riverside_policy):
    client.force_login(headteacher)
    url = reverse("wagtailadmin_pages:edit", args=[riverside_policy.pk])
    data = policy_edit_form(riverside_policy) | {"action-workflow-action": "1", "workflow-action-name": "approve"}
    response = client.post(url, data, follow=True)
    assert "Riverside Uniform Policy” is published" in " ".join(messages_after(response))


def test_nobody_else_sees_the_message(client, waiting, headteacher, school_editor):
    dashboard_decision(client, headteacher, waiting, "approve", {"comment": ""})
    client.force_login(school_editor)
    response = client.get(reverse("policy_decision_done", args=[waiting.pk]), follow=True)
    assert messages_after(response) == []
