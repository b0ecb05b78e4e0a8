"""Issue 25: an amendment can be abandoned by its author or the school's ICT Manager; the last approval stands."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from wagtail.models import WorkflowState

from core.mail.models import OutgoingEmail
from forms_app.answers import answer_changes, answers_digest
from forms_app.constants import ApprovalStep, DecisionOutcome, RequestStatus, SiteRole
from forms_app.models import RequestAttachment, SchoolLogEntry, SitePerson, SocialMediaSiteRequest
from forms_app.request_form.services import save_draft
from forms_app.workflow.amendments import abandon_amendment
from forms_app.workflow.services import RequestActionError, approve_task, start_amendment, submit_request
from tests.factories import UserFactory
from tests.forms_app.factories import approved_request, upload_pdf

pytestmark = pytest.mark.django_db

NEW_PROMOTION = "Posters in the village hall."
CONFIRM = "Yes, abandon the amendment of"


@pytest.fixture
def approved(author, ict_manager, headteacher):
    return approved_request(author=author, ict_manager=ict_manager, headteacher=headteacher)


def abandoned_emails():
    return OutgoingEmail.objects.filter(template__endswith="amendment_abandoned")


def last_approved_digest(site_request):
    return (
        site_request.decisions.filter(step=ApprovalStep.HEADTEACHER, outcome=DecisionOutcome.APPROVED)
        .latest("decided_at")
        .answers_digest
    )


def write_amendment(site_request, author, *, submit=True):
    """Start an amendment that changes an answer, a moderator and adds a document; submit it unless told not to."""
    start_amendment(site_request=site_request, user=author)
    site_request.refresh_from_db()
    site_request.promotion = NEW_PROMOTION
    moderator = UserFactory(username="new-moderator", school=site_request.school)
    people = [SitePerson(role=p.role, user_id=p.user_id, name=p.name) for p in site_request.site_people.order_by("pk")][
        :-1
    ] + [SitePerson(role=SiteRole.MODERATOR, user=moderator)]
    save_draft(site_request=site_request, people=people)
    upload_pdf(site_request, author=author, name="poster.pdf")
    if submit:
        submit_request(site_request=site_request, user=author)
    site_request.refresh_from_db()
    return site_request


def abandon_url(site_request):
    return reverse("forms_app:abandon_amendment", args=[site_request.public_id])


def test_the_author_abandons_an_amendment_awaiting_the_ict_manager(client, approved, author, ict_manager):
    digest = answers_digest(approved)
    old_promotion = approved.promotion
    old_people = sorted(approved.site_people.values_list("role", "user_id"))
    write_amendment(approved, author)
    assert approved.status == RequestStatus.AMEND_ICT

    client.force_login(author)
    my_requests = client.get(reverse("forms_app:my_requests")).text
    assert f'Abandon the amendment of <span class="text-nowrap">{approved.reference}' in my_requests
    assert f'Approval record for <span class="text-nowrap">{approved.reference}' in my_requests
    detail = client.get(reverse("forms_app:detail", args=[approved.public_id])).text
    assert abandon_url(approved) in detail and reverse("approval_record", args=[approved.public_id]) in detail
    confirm = client.get(abandon_url(approved))
    assert confirm.status_code == 200
    assert f"Abandon the amendment of request {approved.reference}?" in confirm.text
    assert CONFIRM in confirm.text
    response = client.post(abandon_url(approved), follow=True)
    assert response.redirect_chain[-1][0] == reverse("forms_app:detail", args=[approved.public_id])
    assert "is abandoned: the request is approved as it was last approved" in response.text

    approved.refresh_from_db()
    assert approved.status == RequestStatus.APPROVED
    assert approved.promotion == old_promotion
    assert sorted(approved.site_people.values_list("role", "user_id")) == old_people
    assert not RequestAttachment.objects.filter(request=approved, original_name="poster.pdf").exists()
    # Exactly what both approvers of the last round signed, so its record still matches.
    assert answers_digest(approved) == digest == last_approved_digest(approved)
    # Wagtail's workflow was cancelled through its API, not rebuilt.
    states = WorkflowState.objects.for_instance(approved)
    assert not states.active().exists()
    assert states.filter(status=WorkflowState.STATUS_CANCELLED).count() == 1
    assert SchoolLogEntry.objects.for_instance(approved).filter(action="wagtail.workflow.cancel").exists()
    entry = SchoolLogEntry.objects.for_instance(approved).get(action="forms_app.request.abandon_amendment")
    assert entry.user_id == author.pk and entry.data["documents_removed"] == ["poster.pdf"]
    assert "Amendment abandoned" in client.get(reverse("forms_app:detail", args=[approved.public_id])).text
    # The ICT Manager, whose step was waiting, is told (through the outbox).
    (email,) = abandoned_emails()
    assert email.to == [ict_manager.email]
    assert approved.reference in email.subject
    client.force_login(ict_manager)
    assert approved.reference not in client.get(reverse("request_inbox:index") + "?show=awaiting_me").text


def test_the_ict_manager_abandons_an_amendment_awaiting_the_headteacher(
    client, approved, author, ict_manager, second_ict_manager, headteacher
):
    digest = answers_digest(approved)
    write_amendment(approved, author)
    approve_task(site_request=approved, user=second_ict_manager, attested=True)
    approved.refresh_from_db()
    assert approved.status == RequestStatus.AMEND_HEAD

    client.force_login(ict_manager)
    review = client.get(reverse(SocialMediaSiteRequest.snippet_viewset.get_url_name("review"), args=[approved.pk]))
    assert abandon_url(approved) in review.text
    response = client.post(abandon_url(approved))
    assert response["Location"] == reverse(
        SocialMediaSiteRequest.snippet_viewset.get_url_name("review"), args=[approved.pk]
    )
    approved.refresh_from_db()
    assert approved.status == RequestStatus.APPROVED
    assert answers_digest(approved) == digest
    (email,) = abandoned_emails()
    assert email.to == [headteacher.email]


def test_an_amendment_being_written_is_abandoned_without_emails_and_can_be_started_again(approved, author):
    write_amendment(approved, author, submit=False)
    assert approved.status == RequestStatus.AMENDING

    abandon_amendment(site_request=approved, user=author)

    approved.refresh_from_db()
    assert approved.status == RequestStatus.APPROVED
    assert not abandoned_emails().exists()
    # A later amendment starts from the approved answers: only its own change is listed.
    start_amendment(site_request=approved, user=author)
    approved.refresh_from_db()
    approved.aims = "Share class news and match results with families."
    save_draft(site_request=approved, people=None)
    assert [change.name for change in answer_changes(approved)] == ["aims"]


def test_only_the_author_and_the_schools_ict_manager_may_abandon(
    client, approved, author, headteacher, other_ict_manager
):
    write_amendment(approved, author)
    colleague = UserFactory(username="colleague", school=approved.school)
    for user in (colleague, headteacher, other_ict_manager):
        with pytest.raises(PermissionDenied):
            abandon_amendment(site_request=approved, user=user)
        client.force_login(user)
        assert client.get(abandon_url(approved)).status_code == 404
        assert client.post(abandon_url(approved)).status_code == 404
    approved.refresh_from_db()
    assert approved.status == RequestStatus.AMEND_ICT


def test_there_is_nothing_to_abandon_on_an_approved_request(client, approved, author):
    with pytest.raises(RequestActionError, match="no amendment"):
        abandon_amendment(site_request=approved, user=author)
    client.force_login(author)
    response = client.get(abandon_url(approved), follow=True)
    assert "There is no amendment of this request to abandon." in response.text
    assert CONFIRM not in response.text


def test_an_amendment_sent_back_for_changes_can_be_abandoned(approved, author, ict_manager):
    from forms_app.workflow.services import request_changes

    digest = answers_digest(approved)
    write_amendment(approved, author)
    request_changes(site_request=approved, user=ict_manager, reason="Keep the old moderator.")
    approved.refresh_from_db()
    assert approved.status == RequestStatus.CHANGES_REQUESTED

    abandon_amendment(site_request=approved, user=author)

    approved.refresh_from_db()
    assert approved.status == RequestStatus.APPROVED and answers_digest(approved) == digest
    assert not WorkflowState.objects.for_instance(approved).active().exists()
    assert not abandoned_emails().exists()  # nobody was waiting to decide
