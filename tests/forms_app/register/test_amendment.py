"""Issue 25: a change after approval is an amendment, a new round from the ICT Manager, shown as old → new."""

import re

import pytest
from django.urls import reverse

from forms_app.constants import RequestStatus
from forms_app.models import RegisterEntry, SealedRecord, SocialMediaSiteRequest
from forms_app.register.records import seal_record, verify_pdf
from forms_app.request_form.services import save_draft
from forms_app.workflow.services import RequestActionError, start_amendment, withdraw_request
from tests.forms_app.factories import approval_form, upload_pdf

from .test_sealed_records import pdf_text, squeeze

pytestmark = pytest.mark.django_db

NEW_PROMOTION = "Leaflets at the summer fair and the school newsletter."
AMENDED = "Amendment awaiting ICT Manager"


def review_url(site_request):
    return reverse(SocialMediaSiteRequest.snippet_viewset.get_url_name("review"), args=[site_request.pk])


def approve_on_review_page(client, site_request):
    html = client.get(review_url(site_request)).text
    digest = re.search(r'name="digest" value="([0-9a-f]{64})"', html).group(1)
    site_request.refresh_from_db()
    response = client.post(review_url(site_request), approval_form(site_request, digest=digest))
    assert response.status_code == 302, response.text
    return html


def amend(client, site_request, author):
    """The author amends: confirms, changes one answer, adds a document and submits from "Check your answers"."""
    client.force_login(author)
    client.post(reverse("forms_app:amend", args=[site_request.public_id]))
    site_request.refresh_from_db()
    assert site_request.status == RequestStatus.AMENDING
    old_promotion = site_request.promotion
    site_request.promotion = NEW_PROMOTION
    # The platform's minimum age is checked again at submission (this fixture's pupils are 9 to 11).
    site_request.audience_age_from, site_request.audience_age_to = 13, 16
    save_draft(site_request=site_request, people=None)
    upload_pdf(site_request, author=author, name="summer-fair-leaflet.pdf")
    response = client.post(reverse("forms_app:check", args=[site_request.public_id]), {"declaration": "on"})
    assert response.status_code == 302, response.text
    site_request.refresh_from_db()
    return old_promotion


def test_an_amendment_walks_ict_then_head_with_the_change_list_and_gives_a_new_record(
    client, sealed, approved_request, staff_user, ict_manager, headteacher
):
    entry = RegisterEntry.objects.get(request=approved_request)
    old_promotion = amend(client, approved_request, staff_user)

    assert approved_request.status == RequestStatus.AMEND_ICT
    assert AMENDED in client.get(reverse("forms_app:my_requests")).text
    assert RegisterEntry.objects.filter(pk=entry.pk).exists()  # still in the register meanwhile

    for approver, status_after in ((ict_manager, RequestStatus.AMEND_HEAD), (headteacher, RequestStatus.APPROVED)):
        client.force_login(approver)
        if approver == ict_manager:
            assert approved_request.reference in client.get("/admin/").text  # on the ICT Manager's dashboard
            register = client.get(reverse("forms_app_registerentry_modeladmin_index")).text
            assert entry.account_name in register and f"({AMENDED})" in register
            inbox = client.get(reverse("request_inbox:index")).text
            assert approved_request.reference in inbox and AMENDED in inbox
        html = approve_on_review_page(client, approved_request)
        changes = html[html.index("What changed since the last approval") : html.index('id="section-1"')]
        assert old_promotion in changes and NEW_PROMOTION in changes
        assert "summer-fair-leaflet.pdf" in changes
        assert "Proposed site or account name" not in changes  # unchanged answers are not listed
        approved_request.refresh_from_db()
        assert approved_request.status == status_after

    second = seal_record(site_request=approved_request)
    assert second.approval_round == 2
    assert squeeze(NEW_PROMOTION) in pdf_text(second.pdf_bytes())
    assert squeeze(NEW_PROMOTION) not in pdf_text(sealed.pdf_bytes())
    assert verify_pdf(sealed.pdf_bytes()).record == sealed
    assert verify_pdf(second.pdf_bytes()).record == second
    assert list(SealedRecord.objects.filter(request=approved_request)) == [sealed, second]


def test_only_the_author_amends_an_approved_request_and_an_amendment_is_not_withdrawn(
    approved_request, staff_user, ict_manager
):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        start_amendment(site_request=approved_request, user=ict_manager)
    start_amendment(site_request=approved_request, user=staff_user)
    with pytest.raises(RequestActionError):
        start_amendment(site_request=approved_request, user=staff_user)
    with pytest.raises(RequestActionError):
        withdraw_request(site_request=approved_request, user=staff_user)
    approved_request.refresh_from_db()
    assert approved_request.status == RequestStatus.AMENDING
