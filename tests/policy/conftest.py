"""Fixtures for policy tests: a public policy index, a staff-only one, policies in each."""

import datetime
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from home import roles
from tests.factories import staff_fixture

from .factories import make_index, make_policy, section


def seeds_dir() -> Path:
    """The seed policies folder: ``POLICY_SEEDS_DIR``, else ``../shared/seeds`` from the project root."""
    return Path(os.environ.get("POLICY_SEEDS_DIR") or Path(settings.BASE_DIR).parent / "shared" / "seeds")


@pytest.fixture
def policy_index(home_page):
    return make_index(home_page)


@pytest.fixture
def staff_policy_index(staff_home):
    return make_index(staff_home, title="Staff policies", slug="staff-policies")


@pytest.fixture
def public_policy(policy_index):
    return make_policy(
        policy_index,
        title="Social Media Policy",
        version="2.0",
        body=[section("1", "Posting for a school", ("1.1", "Ask the ICT Manager before opening an account."))],
    )


@pytest.fixture
def staff_only_policy(staff_policy_index):
    return make_policy(
        staff_policy_index,
        title="Confidential Account Handover Procedure",
        slug="handover",
        body=[section("1", "Passwords", ("1.1", "Handover passwords travel only in the zebracorn vault."))],
    )


policy_editor = staff_fixture("editor", "central_team", roles.POLICY_EDITORS)
other_headteacher = staff_fixture("head-hillcrest", "other_school", roles.HEADTEACHERS)
ceo = staff_fixture("ceo", "central_team", roles.HEADTEACHERS, roles.TRUST_ADMINISTRATORS)
school_editor = staff_fixture("editor-riverside", "school", roles.POLICY_EDITORS)
other_school_editor = staff_fixture("editor-hillcrest", "other_school", roles.POLICY_EDITORS)


@pytest.fixture
def governed_index(home_page):
    """A public policy index with the "Policy approval" workflow and the policy roles' page permissions."""
    from policy.demo_policies import grant_policy_permissions

    index = make_index(home_page)
    grant_policy_permissions(index)
    return index


@pytest.fixture
def riverside_policy(governed_index, school):
    """Riverside's own uniform policy, live, under the "Policy approval" workflow; due for review in ten days."""
    return make_policy(
        governed_index,
        title="Riverside Uniform Policy",
        slug="uniform",
        school=school,
        last_reviewed=datetime.date(2024, 12, 1),
        next_review_due=timezone.localdate() + datetime.timedelta(days=10),
        review_cycle_months=12,
    )
