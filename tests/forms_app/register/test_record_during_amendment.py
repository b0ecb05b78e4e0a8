"""Issue 25: while an amendment is written or awaits approval, the last approved record stays readable and checkable."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from forms_app.constants import RequestStatus
from forms_app.request_form.services import save_draft
from forms_app.workflow.services import approve_task, start_amendment
from tests.factories import UserFactory

from .test_amendment import NEW_PROMOTION, amend

pytestmark = pytest.mark.django_db

NOTICE = "this is the record as last approved"


def record_page(client, user, site_request):
    client.force_login(user)
    return client.get(reverse("approval_record", args=[site_request.public_id]))


def test_while_an_amendment_awaits_approval_the_last_approved_record_is_shown_and_downloads(
    client, sealed, approved_request, staff_user, ict_manager, headteacher, site_staff
):
    old_promotion = approved_request.promotion
    amend(client, approved_request, staff_user)
    assert approved_request.status == RequestStatus.AMEND_ICT

    for user in (staff_user, ict_manager, headteacher, site_staff["mods"][0]):
        page = record_page(client, user, approved_request)
        assert page.status_code == 200, user
        assert old_promotion in page.text and NEW_PROMOTION not in page.text
        assert "summer-fair-leaflet.pdf" not in page.text  # the amendment's new document is not on the record
        assert "Amendment awaiting ICT Manager" in page.text and NOTICE in page.text
        download = client.get(reverse("latest_sealed_record", args=[approved_request.public_id]))
        assert download.status_code == 200
        assert b"".join(download.streaming_content) == sealed.pdf_bytes()
        round_one = client.get(reverse("sealed_record_download", args=[approved_request.public_id, 1]))
        assert round_one.status_code == 200

    outsider = UserFactory(username="outsider", school=approved_request.school)
    assert record_page(client, outsider, approved_request).status_code == 404


def test_after_the_ict_manager_approves_the_amendment_the_record_still_shows_the_last_approved_round(
    client, sealed, approved_request, staff_user, ict_manager, headteacher
):
    old_promotion = approved_request.promotion
    amend(client, approved_request, staff_user)
    approve_task(site_request=approved_request, user=ict_manager, attested=True)
    approved_request.refresh_from_db()
    assert approved_request.status == RequestStatus.AMEND_HEAD

    page = record_page(client, headteacher, approved_request)
    assert page.status_code == 200
    assert old_promotion in page.text and NEW_PROMOTION not in page.text
    # The digest printed is the one both approvals of that round were of.
    first_round = approved_request.decisions.order_by("pk").first()
    assert first_round.answers_digest in page.text


def test_while_an_amendment_is_written_the_record_page_and_the_check_page_still_work(
    client, sealed, approved_request, staff_user, headteacher
):
    start_amendment(site_request=approved_request, user=staff_user)
    approved_request.refresh_from_db()
    approved_request.promotion = NEW_PROMOTION
    save_draft(site_request=approved_request, people=None)

    page = record_page(client, staff_user, approved_request)
    assert page.status_code == 200
    assert NEW_PROMOTION not in page.text and "Amendment being written" in page.text

    client.force_login(headteacher)
    response = client.post(
        reverse("verify_record"),
        {"file": SimpleUploadedFile("record.pdf", sealed.pdf_bytes(), "application/pdf")},
    )
    assert "This is an approval record issued by this intranet, and it has not been altered." in response.text
    assert approved_request.reference in response.text
