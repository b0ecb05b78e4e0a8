"""Fixtures for the approval workflow: a school's approvers, an author and a submitted request."""

import pytest

from forms_app.workflow.services import submit_request
from home import roles
from tests.factories import UserFactory, staff_fixture
from tests.forms_app.factories import complete_request


@pytest.fixture
def author(school):
    return UserFactory(username="author", first_name="Alex", last_name="Author", school=school)


@pytest.fixture
def trust_admin(central_team):
    """Sam Green, a Trust administrator in the central team (who may cover an approver where the trust allows)."""
    return UserFactory(
        username="sam", first_name="Sam", last_name="Green", school=central_team, roles=[roles.TRUST_ADMINISTRATORS]
    )


second_ict_manager = staff_fixture("ict2", "school", roles.ICT_MANAGERS)
other_ict_manager = staff_fixture("ict-other", "other_school", roles.ICT_MANAGERS)
other_headteacher = staff_fixture("head-other", "other_school", roles.HEADTEACHERS)
# One person holding both approval roles at the school.
ict_and_head = staff_fixture("both", "school", roles.ICT_MANAGERS, roles.HEADTEACHERS)


@pytest.fixture
def superuser(school):
    return UserFactory(username="admin", school=school, is_superuser=True, is_staff=True, roles=[])


@pytest.fixture
def draft(author):
    return complete_request(author=author, declaration=True)


@pytest.fixture
def submitted(draft, author, django_capture_on_commit_callbacks):
    """A request submitted by its author, awaiting the ICT Manager (emails already sent)."""
    with django_capture_on_commit_callbacks(execute=True):
        return submit_request(site_request=draft, user=author)
