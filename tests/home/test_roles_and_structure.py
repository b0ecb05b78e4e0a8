"""Roles exist on every fresh database; approvers are resolved per school in one query."""

import pytest
from django.contrib.auth.models import Group
from django.db import IntegrityError

from home import roles
from home.selectors import final_approvers_for, ict_managers_for
from tests.factories import SchoolFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_migrations_create_every_role():
    assert set(Group.objects.values_list("name", flat=True)) >= set(roles.ALL_ROLES)


@pytest.mark.parametrize("role", roles.ADMIN_ROLES)
def test_admin_roles_can_open_the_wagtail_admin(role):
    user = UserFactory(roles=[role])
    assert user.has_perm("wagtailadmin.access_admin")


def test_plain_staff_cannot_open_the_wagtail_admin():
    assert not UserFactory(roles=[roles.STAFF]).has_perm("wagtailadmin.access_admin")


def test_approvers_are_those_of_the_requests_school(school, other_school, django_assert_num_queries):
    ours = UserFactory(school=school, roles=[roles.ICT_MANAGERS])
    UserFactory(school=other_school, roles=[roles.ICT_MANAGERS])
    UserFactory(school=school, roles=[roles.STAFF])
    UserFactory(school=school, roles=[roles.ICT_MANAGERS], is_active=False)
    head = UserFactory(school=school, roles=[roles.HEADTEACHERS])

    with django_assert_num_queries(1):
        assert list(ict_managers_for(school)) == [ours]
    with django_assert_num_queries(1):
        assert list(final_approvers_for(school)) == [head]


def test_the_central_teams_final_approver_is_the_ceo(central_team, school):
    ceo = UserFactory(school=central_team, roles=[roles.HEADTEACHERS], job_title="CEO")
    UserFactory(school=school, roles=[roles.HEADTEACHERS])
    assert list(final_approvers_for(central_team)) == [ceo]
    assert central_team.final_approver_title == "CEO"
    assert school.final_approver_title == "Headteacher"


def test_a_trust_has_only_one_central_team(central_team):
    with pytest.raises(IntegrityError):
        SchoolFactory(is_central_team=True)
