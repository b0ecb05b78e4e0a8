"""Fixtures of the register tests: a school's staff, an approved request and its entry."""

import datetime

import pytest
from django.contrib.auth.models import Group

from forms_app.models import RegisterEntry, SocialMediaSiteRequest
from forms_app.signals import request_approved
from home import roles
from tests.factories import UserFactory

from .factories import ApprovedRequestFactory, add_approvals, add_people

ICT_APPROVED_AT = datetime.datetime(2026, 11, 2, 9, 15, tzinfo=datetime.UTC)
HEAD_APPROVED_AT = datetime.datetime(2026, 11, 3, 16, 40, tzinfo=datetime.UTC)


@pytest.fixture
def site_staff(school):
    """Two administrators and two moderators of the school, plus a spare member of staff."""
    return {
        "admins": [
            UserFactory(username="admin1", first_name="Asha", last_name="Patel", school=school),
            UserFactory(username="admin2", first_name="Ben", last_name="Okafor", school=school),
        ],
        "mods": [
            UserFactory(username="mod1", first_name="Cara", last_name="Lewis", school=school),
            UserFactory(username="mod2", first_name="Dan", last_name="Hughes", school=school),
        ],
        "spare": UserFactory(username="spare", first_name="Erin", last_name="Walsh", school=school),
    }


def approve(request: SocialMediaSiteRequest, *, ict_manager, headteacher) -> RegisterEntry:
    """Record both approvals and send ``request_approved`` as the final approval does."""
    add_approvals(
        request, ict_manager=ict_manager, headteacher=headteacher, ict_at=ICT_APPROVED_AT, head_at=HEAD_APPROVED_AT
    )
    request_approved.send(sender=SocialMediaSiteRequest, instance=request, user=headteacher)
    return RegisterEntry.objects.get(request=request)


@pytest.fixture
def approved_request(school, staff_user, site_staff, ict_manager, headteacher):
    request = ApprovedRequestFactory(school=school, author=staff_user, account_name="Riverside PE")
    add_people(request, administrators=site_staff["admins"], moderators=site_staff["mods"])
    return request


@pytest.fixture
def entry(approved_request, ict_manager, headteacher) -> RegisterEntry:
    return approve(approved_request, ict_manager=ict_manager, headteacher=headteacher)


@pytest.fixture
def other_entry(other_school):
    """An entry of another school, with its own approvers and staff."""
    ict = UserFactory(username="other-ict", school=other_school, roles=[roles.STAFF, roles.ICT_MANAGERS])
    head = UserFactory(username="other-head", school=other_school, roles=[roles.STAFF, roles.HEADTEACHERS])
    staff = [UserFactory(username=f"other{i}", school=other_school) for i in range(4)]
    request = ApprovedRequestFactory(school=other_school, author=staff[0], account_name="Hillcrest Drama")
    add_people(request, administrators=staff[:2], moderators=staff[2:])
    return approve(request, ict_manager=ict, headteacher=head)


@pytest.fixture
def trust_admin(central_team):
    user = UserFactory(username="trust-admin", school=central_team, roles=[roles.STAFF])
    user.groups.add(Group.objects.get(name=roles.TRUST_ADMINISTRATORS))
    return user
