"""Fixtures for parent guidance: the section, a Communications member and a policy editor."""

import pytest

from home import roles
from policy.guidance.demo import grant_communications_permissions
from policy.models import ParentGuidanceIndexPage
from tests.factories import UserFactory


@pytest.fixture
def guidance_index(home_page) -> ParentGuidanceIndexPage:
    """The public guidance section under the home page, with Communications' page permissions."""
    index = ParentGuidanceIndexPage(title="Parent e-safety guidance", slug="parent-guidance", show_in_menus=True)
    home_page.add_child(instance=index)
    grant_communications_permissions(section=index)
    return index


@pytest.fixture
def comms_user(central_team):
    return UserFactory(username="comms", school=central_team, roles=[roles.STAFF, roles.COMMUNICATIONS])


@pytest.fixture
def policy_editor(central_team):
    return UserFactory(username="policy-editor", school=central_team, roles=[roles.STAFF, roles.POLICY_EDITORS])
