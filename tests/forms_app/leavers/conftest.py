"""People the leaver tests share: the trust's CEO and a Trust administrator, and a superuser."""

import pytest
from django.contrib.auth.models import Group

from home import roles
from tests.factories import UserFactory


@pytest.fixture
def trust_people(central_team):
    """Return ``(ceo, trust_admin)`` of the central team."""
    ceo = UserFactory(username="ceo", school=central_team, roles=[roles.STAFF, roles.HEADTEACHERS])
    trust_admin = UserFactory(username="trust-admin", school=central_team, roles=[roles.STAFF])
    trust_admin.groups.add(Group.objects.get(name=roles.TRUST_ADMINISTRATORS))
    return ceo, trust_admin


@pytest.fixture
def superuser(school):
    return UserFactory(username="root", school=school, is_superuser=True, is_staff=True, roles=[])
