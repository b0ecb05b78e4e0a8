"""Issue 25: once submitted, a request cannot be edited by anyone, through any route; only the services change it.

Regression: a superuser opened an approved request in the admin (Edit), changed "How will the
account be promoted?" and chose "Submit to Social media site approval"; both approvers were
shown the old answer and the sealed record printed the new one.
"""

import pytest
from django.urls import NoReverseMatch, reverse
from wagtail.models import Revision

from forms_app.constants import RequestStatus
from forms_app.models import ApprovalDecision, RequestFrozenError, SocialMediaSiteRequest
from forms_app.request_form.steps import STEP_BY_SLUG, step_url
from forms_app.workflow.services import approve_task, submit_request
from tests.forms_app.factories import approved_request, complete_request

pytestmark = pytest.mark.django_db

NEW_PROMOTION = "Posters on every lamp post in town."
WHY = "cannot be edited in the admin"


def url(name, *args):
    return reverse(SocialMediaSiteRequest.snippet_viewset.get_url_name(name), args=args)


@pytest.fixture(params=["submitted", "pending", "approved"])
def frozen(request, author, ict_manager, headteacher):
    """A request awaiting the ICT Manager, awaiting the Headteacher, or approved."""
    site_request = submit_request(site_request=complete_request(author=author, declaration=True), user=author)
    if request.param in ("pending", "approved"):
        approve_task(site_request=site_request, user=ict_manager, attested=True)
    if request.param == "approved":
        approve_task(site_request=site_request, user=headteacher, attested=True)
    site_request.refresh_from_db()
    return site_request


@pytest.fixture(params=["author", "ict_manager", "headteacher", "superuser"])
def person(request):
    return request.getfixturevalue(request.param)


def snapshot(site_request):
    """What must not move: the answers, status, declaration, decisions and revisions."""
    site_request = SocialMediaSiteRequest.objects.get(pk=site_request.pk)
    return {
        "promotion": site_request.promotion,
        "status": site_request.status,
        "declaration": site_request.declaration,
        "decisions": ApprovalDecision.objects.filter(request=site_request).count(),
        "revisions": Revision.objects.for_instance(site_request).count(),
        "workflow": getattr(site_request.current_workflow_state, "pk", None),
    }


def edit_post(site_request, **extra):
    """Wagtail's edit form as a superuser would send it, with the answer changed and extra fields."""
    return {
        "school": site_request.school_id,
        "author": site_request.author_id,
        "promotion": NEW_PROMOTION,
        "status": RequestStatus.APPROVED,
        "declaration": "",
        **extra,
    }


@pytest.mark.parametrize(
    "extra",
    [
        {"action-submit": "Submit to Social media site approval"},
        {"action-publish": "Publish"},
        {},
        {"action-restart-workflow": "1"},
        {"action-cancel-workflow": "1"},
    ],
    ids=["submit-to-workflow", "publish", "save-draft", "restart", "cancel"],
)
def test_the_snippet_edit_view_changes_nothing_and_says_why(client, frozen, person, extra):
    before = snapshot(frozen)
    client.force_login(person)

    response = client.post(url("edit", frozen.pk), edit_post(frozen, **extra), follow=True)

    assert snapshot(frozen) == before
    if person.username != "author":  # the author (staff) has no admin at all
        assert response.status_code == 200
        assert WHY in response.text
        assert frozen.reference in response.text


def test_reverting_to_an_earlier_revision_changes_nothing(client, frozen, superuser):
    revision = Revision.objects.for_instance(frozen).first()
    before = snapshot(frozen)
    client.force_login(superuser)

    response = client.post(url("revisions_revert", frozen.pk, revision.pk), edit_post(frozen), follow=True)

    assert snapshot(frozen) == before
    assert WHY in response.text


def test_the_edit_view_shows_the_request_read_only_with_its_timeline(client, frozen, superuser):
    client.force_login(superuser)

    response = client.get(url("edit", frozen.pk))

    assert response.status_code == 200
    assert frozen.promotion in response.text
    assert 'id="history-heading"' in response.text
    assert 'name="promotion"' not in response.text
    assert 'name="status"' not in response.text


def test_unpublishing_and_adding_are_refused_with_the_reason(client, frozen, superuser):
    before = snapshot(frozen)
    count = SocialMediaSiteRequest.objects.count()
    client.force_login(superuser)

    unpublish = client.post(url("unpublish", frozen.pk), follow=True)
    add = client.post(url("add"), edit_post(frozen), follow=True)

    assert snapshot(frozen) == before
    assert SocialMediaSiteRequest.objects.count() == count
    assert WHY in unpublish.text
    assert "written by members of staff in the staff area" in add.text


def test_there_is_no_copy_and_no_bulk_action_that_writes_a_request(client, frozen, superuser):
    client.force_login(superuser)
    with pytest.raises(NoReverseMatch):
        url("copy", frozen.pk)
    for action in ("publish", "unpublish", "edit"):
        bulk = reverse("wagtail_bulk_action", args=("forms_app", "socialmediasiterequest", action))
        assert client.post(f"{bulk}?id={frozen.pk}").status_code == 404
    before = snapshot(frozen)
    bulk_delete = reverse("wagtail_bulk_action", args=("forms_app", "socialmediasiterequest", "delete"))
    client.post(f"{bulk_delete}?id={frozen.pk}")
    if before["decisions"]:
        assert snapshot(frozen) == before


def test_there_is_no_api_to_write_a_request(client, frozen, superuser):
    client.force_login(superuser)
    for address in (f"/api/v2/snippets/{frozen.pk}/", f"/api/requests/{frozen.pk}/", "/admin/api/main/pages/"):
        before = snapshot(frozen)
        response = client.post(address, {"promotion": NEW_PROMOTION, "status": RequestStatus.DRAFT})
        assert response.status_code in (403, 404, 405)
        assert snapshot(frozen) == before


def test_the_authors_form_steps_refuse_a_direct_post_with_extra_fields(client, frozen, author):
    before = snapshot(frozen)
    client.force_login(author)

    response = client.post(
        step_url(frozen, STEP_BY_SLUG["purpose"]),
        {"promotion": NEW_PROMOTION, "status": RequestStatus.DRAFT, "declaration": "", "action": "continue"},
        follow=True,
    )

    assert snapshot(frozen) == before
    assert "can no longer be changed" in response.text


def test_saving_changed_answers_is_refused_whatever_calls_save(frozen):
    frozen.promotion = NEW_PROMOTION
    with pytest.raises(RequestFrozenError, match="cannot be changed"):
        frozen.save()
    frozen.refresh_from_db()
    frozen.declaration = False
    with pytest.raises(RequestFrozenError):
        frozen.save(update_fields=["declaration"])
    frozen.refresh_from_db()
    assert frozen.promotion != NEW_PROMOTION
    assert frozen.declaration is True


def test_a_draft_and_a_request_sent_back_for_changes_can_still_be_changed(author, ict_manager):
    draft = complete_request(author=author, declaration=True)
    draft.promotion = NEW_PROMOTION
    draft.save()
    submitted = submit_request(site_request=draft, user=author)
    from forms_app.workflow.services import request_changes

    sent_back = request_changes(site_request=submitted, user=ict_manager, reason="Say where the posters go.")
    sent_back.promotion = "Newsletter only."
    sent_back.save()
    sent_back.refresh_from_db()
    assert sent_back.promotion == "Newsletter only."


def test_the_approved_record_keeps_the_approved_answers(ict_manager, headteacher, author):
    site_request = approved_request(author=author, ict_manager=ict_manager, headteacher=headteacher)
    approved = site_request.promotion
    site_request.promotion = NEW_PROMOTION
    with pytest.raises(RequestFrozenError):
        site_request.save()
    assert SocialMediaSiteRequest.objects.get(pk=site_request.pk).promotion == approved
