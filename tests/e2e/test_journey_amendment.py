"""Issue 25 in a browser: an approved request is amended; both approvers see old → new; a new record is sealed."""

from django.urls import reverse

from forms_app.constants import RequestStatus
from forms_app.models import SealedRecord, SocialMediaSiteRequest
from forms_app.register.records import seal_record, verify_pdf
from tests.e2e.conftest import sign_in
from tests.e2e.journeys import press
from tests.forms_app.register.test_sealed_records import pdf_text, squeeze

NEW_PROMOTION = "Leaflets at the summer fair and the school newsletter."
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def status_in_my_requests(tab, reference: str) -> str:
    tab.goto("/staff/requests/")
    return tab.get_by_role("row").filter(has_text=reference).first.inner_text()


def review_and_approve(tab, site_request, *, old_promotion: str, document: str) -> None:
    """On the review page: the change list shows old → new before the answers; tick the statement and approve."""
    tab.goto(reverse(SocialMediaSiteRequest.snippet_viewset.get_url_name("review"), args=[site_request.pk]))
    changes = tab.get_by_role("region", name="What changed since the last approval")
    text = changes.inner_text()
    assert old_promotion in text and NEW_PROMOTION in text
    assert document in text
    assert "How will the account be promoted?" in text
    approve = tab.locator("#approve")
    approve.get_by_role("checkbox").check()
    with tab.expect_navigation():
        approve.get_by_role("button", name="Approve").click()


def test_an_amendment_goes_to_both_approvers_with_old_and_new_and_seals_a_new_record(new_page, sealed, tmp_path):
    site_request = sealed.request
    reference, old_promotion = site_request.reference, site_request.promotion
    school = site_request.school.slug
    leaflet = tmp_path / "summer-fair-leaflet.pdf"
    leaflet.write_bytes(PDF)

    author = new_page()
    sign_in(author, site_request.author.username)
    author.goto("/staff/requests/")
    author.get_by_role("link", name=f"Amend {reference}").click()
    press(author, f"Yes, amend request {reference}")
    assert "Amendment being written" in status_in_my_requests(author, reference)
    author.goto(f"/staff/requests/{site_request.public_id}/step/purpose/")
    author.get_by_label("How will the account be promoted?").fill(NEW_PROMOTION)
    press(author, "Continue")
    author.goto(f"/staff/requests/{site_request.public_id}/files/")
    author.get_by_label("Upload a file").set_input_files(str(leaflet))
    press(author, "Upload file")
    author.goto(f"/staff/requests/{site_request.public_id}/check/")
    author.get_by_role("checkbox", name="I have read the Social Media Policy").check()
    press(author, "Submit request")
    assert "Amendment awaiting ICT Manager" in status_in_my_requests(author, reference)

    ict = new_page()
    sign_in(ict, f"ict.{school}")
    ict.goto("/admin/")
    assert reference in ict.content()  # on the ICT Manager's dashboard again
    ict.goto(reverse("request_inbox:index"))
    assert "Amendment awaiting ICT Manager" in ict.get_by_role("row").filter(has_text=reference).first.inner_text()
    review_and_approve(ict, site_request, old_promotion=old_promotion, document=leaflet.name)
    assert "Amendment awaiting Headteacher" in status_in_my_requests(author, reference)

    head = new_page()
    sign_in(head, f"head.{school}")
    review_and_approve(head, site_request, old_promotion=old_promotion, document=leaflet.name)
    assert "Approved" in status_in_my_requests(author, reference)

    site_request.refresh_from_db()
    second = seal_record(site_request=site_request)
    assert second.approval_round == 2
    assert squeeze(NEW_PROMOTION) in pdf_text(second.pdf_bytes())
    assert squeeze(leaflet.name) in pdf_text(second.pdf_bytes())
    assert verify_pdf(sealed.pdf_bytes()).record == sealed
    assert SealedRecord.objects.filter(request=site_request).count() == 2


def test_an_amendment_is_abandoned_and_the_last_approved_record_stands_meanwhile(new_page, sealed):
    site_request = sealed.request
    reference, old_promotion = site_request.reference, site_request.promotion
    school = site_request.school.slug

    author = new_page()
    sign_in(author, site_request.author.username)
    author.goto("/staff/requests/")
    author.get_by_role("link", name=f"Amend {reference}").click()
    press(author, f"Yes, amend request {reference}")
    author.goto(f"/staff/requests/{site_request.public_id}/step/purpose/")
    author.get_by_label("How will the account be promoted?").fill(NEW_PROMOTION)
    press(author, "Continue")
    author.goto(f"/staff/requests/{site_request.public_id}/check/")
    author.get_by_role("checkbox", name="I have read the Social Media Policy").check()
    press(author, "Submit request")
    assert "Amendment awaiting ICT Manager" in status_in_my_requests(author, reference)

    # Meanwhile the approval record is the last approved one.
    author.get_by_role("link", name=f"Approval record for {reference}").click()
    record = author.get_by_role("main").inner_text()
    assert old_promotion in record and NEW_PROMOTION not in record
    assert "this is the record as last approved" in record

    author.goto("/staff/requests/")
    author.get_by_role("link", name=f"Abandon the amendment of {reference}").click()
    assert author.get_by_role("heading", level=1).inner_text() == f"Abandon the amendment of request {reference}?"
    press(author, f"Yes, abandon the amendment of {reference}")
    assert "the request is approved as it was last approved" in author.content()
    assert "Approved" in status_in_my_requests(author, reference)

    ict = new_page()
    sign_in(ict, f"ict.{school}")
    ict.goto(reverse(SocialMediaSiteRequest.snippet_viewset.get_url_name("review"), args=[site_request.pk]))
    assert "What changed since the last approval" not in ict.content()
    site_request.refresh_from_db()
    assert site_request.promotion == old_promotion and site_request.status == RequestStatus.APPROVED
