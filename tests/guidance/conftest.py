"""Fixtures for parent guidance: the section, a Communications member and a policy editor."""

import pytest

from home import roles
from policy.guidance.demo import grant_communications_permissions
from policy.models import ParentGuidanceIndexPage
from tests.factories import staff_fixture


@pytest.fixture
def guidance_index(home_page) -> ParentGuidanceIndexPage:
    """The public guidance section under the home page, with Communications' page permissions."""
    index = ParentGuidanceIndexPage(title="Parent e-safety guidance", slug="parent-guidance", show_in_menus=True)
    home_page.add_child(instance=index)
    grant_communications_permissions(section=index)
    return index


comms_user = staff_fixture("comms", "central_team", roles.COMMUNICATIONS)
policy_editor = staff_fixture("policy-editor", "central_team", roles.POLICY_EDITORS)
