"""Comment and reason lengths are bounded; after a decision the approver is told who decides next."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from forms_app.answers import answers_digest
from forms_app.constants import RequestStatus
from forms_app.models import ApprovalDecision, SocialMediaSiteRequest
from forms_app.workflow.forms import MAX_COMMENT_LENGTH
from forms_app.workflow.services import RequestActionError, approve_task, request_changes
from tests.forms_app.factories import approval_form

pytestmark = pytest.mark.django_db

TOO_LONG = "x" * (MAX_COMMENT_LENGTH + 1)


def url(name, *args):
    return reverse(SocialMediaSiteRequest.snippet_viewset.get_url_name(name), args=args)


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_a_comment_over_the_limit_is_refused_by_the_service(submitted, ict_manager):
    with pytest.raises(RequestActionError, match=f"{MAX_COMMENT_LENGTH} characters or fewer"):
        approve_task(site_request=submitted, user=ict_manager, attested=True, comment=TOO_LONG)
    with pytest.raises(RequestActionError, match=f"{MAX_COMMENT_LENGTH} characters or fewer"):
        request_changes(site_request=submitted, user=ict_manager, reason=TOO_LONG)
    submitted.refresh_from_db()
    assert submitted.status == RequestStatus.AWAITING_ICT
    assert not ApprovalDecision.objects.exists()


def test_a_comment_over_the_limit_shows_an_error_next_to_the_field_and_keeps_the_text(client, submitted, ict_manager):
    client.force_login(ict_manager)
    shown = submitted.current_workflow_task_state.pk
    response = client.post(
        url("review", submitted.pk),
        {"action": "request_changes", "changes-reason": TOO_LONG, "task_state": shown},
    )
    assert response.status_code == 200
    assert f"Keep it to {MAX_COMMENT_LENGTH} characters or fewer (it has {MAX_COMMENT_LENGTH + 1})." in response.text
    assert 'href="#id_changes-reason"' in response.text
    assert TOO_LONG in response.text
    assert not ApprovalDecision.objects.exists()


def test_a_comment_at_the_limit_is_accepted(submitted, ict_manager):
    approve_task(site_request=submitted, user=ict_manager, attested=True, comment="y" * MAX_COMMENT_LENGTH)
    assert ApprovalDecision.objects.get().comment == "y" * MAX_COMMENT_LENGTH


def test_after_the_first_approval_the_approver_is_told_who_decides_next(client, submitted, ict_manager, headteacher):
    headteacher.first_name, headteacher.last_name = "Sam", "Green"
    headteacher.save()
    client.force_login(ict_manager)
    response = client.post(url("review", submitted.pk), approval_form(submitted))
    assert messages_of(response) == [
        f"Approved. {submitted.reference} now goes to Sam Green (Headteacher) for final sign-off; you will be "
        "emailed when it is decided."
    ]


def test_after_the_final_approval_the_approver_is_told_the_site_is_in_the_register(
    client, submitted, ict_manager, headteacher
):
    approve_task(site_request=submitted, user=ict_manager, attested=True)
    client.force_login(headteacher)
    response = client.post(url("review", submitted.pk), approval_form(submitted))
    assert messages_of(response) == [
        f"Final approval given to {submitted.reference}: the site can go live; "
        f"{submitted.author.display_name()} has been emailed the signed record."
    ]


def test_wagtails_action_url_decides_nothing_and_sends_the_approver_to_the_review_page(client, submitted, ict_manager):
    # Issue 25: Wagtail's modal shows no answers and posts no digest, so no decision is taken there.
    client.force_login(ict_manager)
    task_state = submitted.current_workflow_task_state
    for method in (client.get, client.post):
        response = method(url("workflow_action", submitted.pk, "approve", task_state.pk), {"attested": "on"})
        assert response.status_code == 302
        assert response["Location"] == url("review", submitted.pk)
        assert set(messages_of(response)) == {
            "Approve or request changes on the request's review page, which shows its answers: a decision must be "
            "of the answers you were shown."
        }
    followed = client.get(response["Location"])
    assert followed.status_code == 200
    assert "Sorry, you do not have permission" not in followed.text
    assert 'name="digest"' in followed.text  # where the decision is taken, with the digest of what is shown
    submitted.refresh_from_db()
    assert submitted.status == RequestStatus.AWAITING_ICT
    assert not ApprovalDecision.objects.filter(request=submitted).exists()


def test_a_second_post_to_a_decided_step_says_someone_already_acted(client, submitted, ict_manager, second_ict_manager):
    task_state = submitted.current_workflow_task_state
    approve_task(task_state=task_state, user=second_ict_manager, attested=True)
    client.force_login(ict_manager)
    response = client.post(url("workflow_action", submitted.pk, "approve", task_state.pk), {"attested": "on"})
    assert response.status_code == 302
    assert messages_of(response) == [
        "This request is no longer awaiting this decision: someone has already acted on it."
    ]
    followed = client.get(response["Location"])
    assert followed.status_code == 200
    assert "Sorry, you do not have permission" not in followed.text
    assert ApprovalDecision.objects.filter(request=submitted).count() == 1


def test_after_requesting_changes_on_the_review_page_the_approver_is_told_it_is_back_with_the_author(
    client, submitted, ict_manager
):
    client.force_login(ict_manager)
    response = client.post(
        url("review", submitted.pk),
        {
            "action": "request_changes",
            "changes-reason": "Name a second moderator.",
            "task_state": submitted.current_workflow_task_state.pk,
            "digest": answers_digest(submitted),
        },
        follow=True,
    )
    assert messages_of(response) == [
        f"Changes requested: {submitted.author.display_name()} has been emailed and {submitted.reference} is back "
        "with them."
    ]
