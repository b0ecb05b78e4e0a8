"""Issue 25: changing who runs a registered site never rewrites its sealed answers; an amendment carries the change."""

import pytest
from django.urls import reverse

from forms_app.answers import answer_changes, answers_digest
from forms_app.constants import RequestStatus, SiteRole
from forms_app.models import SealedRecord
from forms_app.register.records import seal_record, verify_pdf
from forms_app.workflow.services import approve_task, start_amendment, submit_request

pytestmark = pytest.mark.django_db


def seats(people):
    return sorted((p.role, p.user_id) for p in people)


def test_a_register_transfer_leaves_the_sealed_answers_and_the_next_amendment_carries_it(
    client, sealed, entry, approved_request, staff_user, site_staff, ict_manager, headteacher
):
    digest = answers_digest(approved_request)
    leaving, joining = site_staff["mods"][1], site_staff["spare"]
    seat = entry.people.get(user=leaving)

    client.force_login(ict_manager)
    response = client.post(
        reverse("forms_app_registerentry_modeladmin_transfer", args=[entry.pk]),
        {"person": seat.pk, "replacement": joining.pk},
        follow=True,
    )
    assert "next amendment starts with this change" in response.text
    edit = client.post(
        reverse("forms_app_registerentry_modeladmin_edit", args=[entry.pk]),
        {"handle": "@riversidepe", "credentials_location": "Head's office safe", "notes": "Fixtures only"},
    )
    assert edit.status_code == 302

    # The register changed; the sealed answers did not, so the record of this approval still stands.
    assert (SiteRole.MODERATOR, joining.pk) in seats(entry.people.all())
    approved_request.refresh_from_db()
    assert answers_digest(approved_request) == digest
    assert (SiteRole.MODERATOR, leaving.pk) in seats(approved_request.site_people.all())
    assert seal_record(site_request=approved_request) == sealed

    # The next amendment starts with the register's people, shown to the approvers as a change.
    start_amendment(site_request=approved_request, user=staff_user)
    approved_request.refresh_from_db()
    assert seats(approved_request.site_people.all()) == seats(entry.people.all())
    (change,) = answer_changes(approved_request)
    assert change.name == "moderators" and leaving.display_name() in change.old and joining.display_name() in change.new

    submit_request(site_request=approved_request, user=staff_user)
    approve_task(site_request=approved_request, user=ict_manager, attested=True)
    approve_task(site_request=approved_request, user=headteacher, attested=True)
    approved_request.refresh_from_db()
    assert approved_request.status == RequestStatus.APPROVED

    # Its approval keeps the transfer in the register, and the new record seals the people approved.
    assert (SiteRole.MODERATOR, joining.pk) in seats(entry.people.all())
    assert (SiteRole.MODERATOR, leaving.pk) not in seats(entry.people.all())
    second = seal_record(site_request=approved_request)
    assert second.approval_round == 2 and verify_pdf(second.pdf_bytes()).record == second
    assert SealedRecord.objects.filter(request=approved_request).count() == 2
