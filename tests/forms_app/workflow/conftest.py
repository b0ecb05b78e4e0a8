"""Fixtures for the approval workflow: a school's approvers, an author and a submitted request."""

import pytest

from forms_app.workflow.services import submit_request
from home import roles
from tests.factories import UserFactory
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


@pytest.fixture
def second_ict_manager(school):
    return UserFactory(username="ict2", school=school, roles=[roles.STAFF, roles.ICT_MANAGERS])


@pytest.fixture
def other_ict_manager(other_school):
    return UserFactory(username="ict-other", school=other_school, roles=[roles.STAFF, roles.ICT_MANAGERS])


@pytest.fixture
def other_headteacher(other_school):
    return UserFactory(username="head-other", school=other_school, roles=[roles.STAFF, roles.HEADTEACHERS])


@pytest.fixture
def ict_and_head(school):
    """One person holding both approval roles at the school."""
    return UserFactory(username="both", school=school, roles=[roles.STAFF, roles.ICT_MANAGERS, roles.HEADTEACHERS])


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
