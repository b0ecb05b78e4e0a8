"""The demo's approved request goes through the real submission step, so its sealed record names its policy."""

import pytest
from django.core.management import call_command

from forms_app.constants import RequestStatus
from forms_app.models import SocialMediaSiteRequest
from forms_app.register.records import seal_record

from .test_sealed_records import pdf_text, squeeze

pytestmark = pytest.mark.django_db


def test_the_demo_approved_requests_sealed_pdf_names_its_policy(signing):
    # Regression: the demo skipped the submission step, so its PDF said "Social Media Policy … Not recorded".
    call_command("load_demo_content")
    approved = SocialMediaSiteRequest.objects.get(status=RequestStatus.APPROVED)

    assert approved.declaration is True
    assert approved.policy_page is not None

    text = pdf_text(seal_record(site_request=approved).pdf_bytes())
    assert squeeze(approved.policy_page.title) in text
    assert "Notrecorded" not in text
