"""The register entry is created automatically, once, at final approval."""

import pytest
from django.db import transaction

from forms_app.constants import RequestStatus, SiteRole
from forms_app.models import RegisterEntry, RegisterStatus, SchoolLogEntry, SocialMediaSiteRequest
from forms_app.register.services import create_register_entry, transfer_site_role
from forms_app.signals import request_approved
from forms_app.workflow.services import approve_task
from tests.forms_app.factories import submitted_request

pytestmark = pytest.mark.django_db


def test_final_approval_creates_an_entry_with_the_request_details(entry, approved_request, headteacher, site_staff):
    assert entry.request == approved_request
    assert entry.status == RegisterStatus.AWAITING_CREATION
    assert entry.school == approved_request.school
    assert entry.platform_label == "X (Twitter)"
    assert entry.account_name == "Riverside PE"
    assert (entry.go_live_date, entry.closure_date) == (approved_request.go_live_date, approved_request.closure_date)
    assert entry.approved_by == headteacher
    admins = [p.user for p in entry.people.filter(role=SiteRole.ADMINISTRATOR)]
    mods = [p.user for p in entry.people.filter(role=SiteRole.MODERATOR)]
    assert admins == site_staff["admins"]
    assert mods == site_staff["mods"]
    assert SchoolLogEntry.objects.filter(action="forms_app.register.create", object_id=str(entry.pk)).count() == 1


def test_a_second_approval_signal_does_not_create_a_second_entry(entry, approved_request, headteacher):
    request_approved.send(sender=SocialMediaSiteRequest, instance=approved_request, user=headteacher)
    again = create_register_entry(site_request=approved_request, approved_by=headteacher)

    assert again.pk == entry.pk
    assert RegisterEntry.objects.filter(request=approved_request).count() == 1
    assert entry.people.count() == 4


def test_entry_is_created_in_the_approval_transaction(staff_user, site_staff, ict_manager, headteacher):
    """If the final approval is rolled back, no register entry is left behind."""
    site_request = submitted_request(
        author=staff_user, administrators=site_staff["admins"], moderators=site_staff["mods"]
    )
    approve_task(site_request=site_request, user=ict_manager, attested=True)

    with pytest.raises(RuntimeError), transaction.atomic():
        approve_task(site_request=site_request, user=headteacher, attested=True)
        assert RegisterEntry.objects.filter(request=site_request).exists()
        raise RuntimeError("approval failed")

    assert not RegisterEntry.objects.filter(request=site_request).exists()
    site_request.refresh_from_db()
    assert site_request.status == RequestStatus.AWAITING_HEAD


def test_a_transfer_does_not_rewrite_the_approved_request(entry, approved_request, site_staff, ict_manager):
    person = entry.people.get(user=site_staff["admins"][0])

    transfer_site_role(entry=entry, user=ict_manager, person=person, replacement=site_staff["spare"])

    named_on_request = {p.user for p in approved_request.site_people.all()}
    assert site_staff["admins"][0] in named_on_request
    assert site_staff["spare"] not in named_on_request
    assert entry.people.filter(user=site_staff["spare"], role=SiteRole.ADMINISTRATOR).exists()
