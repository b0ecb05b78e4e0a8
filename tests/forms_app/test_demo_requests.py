"""The demo trust has requests in each state, made through the real workflow."""

import pytest
from django.core.management import call_command

from forms_app.constants import RequestStatus
from forms_app.models import RegisterEntry, SocialMediaSiteRequest

pytestmark = pytest.mark.django_db


def test_demo_requests_cover_draft_pending_and_approved_and_are_loaded_once():
    call_command("load_demo_content")
    call_command("load_demo_content")

    statuses = sorted(SocialMediaSiteRequest.objects.values_list("status", flat=True))
    assert statuses == sorted([RequestStatus.DRAFT, RequestStatus.AWAITING_ICT, RequestStatus.APPROVED])
    approved = SocialMediaSiteRequest.objects.get(status=RequestStatus.APPROVED)
    assert RegisterEntry.objects.get().request == approved
    assert approved.decisions.count() == 2
