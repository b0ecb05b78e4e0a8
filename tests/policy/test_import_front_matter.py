"""Front matter at the top of an imported policy fills the page's fields and leaves the body."""

import datetime

import pytest
from django.core.management import call_command

from home.models import School
from policy.models import PolicyPage

pytestmark = pytest.mark.django_db

FRONT_MATTER = """Hillcrest Academy

Acceptable Use Policy

Approved by: Local Governing Body
Date approved: 14/07/2025
Version: 3.2
Lead member of staff: Network Manager
Reviewed July 2025

1.0 PURPOSE
1.1 Pupils use school devices for learning.
1.2 This policy was approved by the governors and is reviewed every two years.
"""


@pytest.fixture
def imported(tmp_path, policy_index):
    def run(text: str, name: str = "aup.txt", *args) -> PolicyPage:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        call_command("import_policy", str(path), "--parent", str(policy_index.pk), *args, stdout=None)
        return PolicyPage.objects.get(import_source=name).get_latest_revision_as_object()

    return run


def test_front_matter_fills_fields_and_leaves_the_body(imported, other_school):
    page = imported(FRONT_MATTER)
    assert page.title == "Acceptable Use Policy"
    assert page.approved_by == "Local Governing Body"
    assert page.date_approved == datetime.date(2025, 7, 14)
    assert page.version == "3.2"
    assert page.lead_member_of_staff == "Network Manager"
    assert page.last_reviewed == datetime.date(2025, 7, 1)
    assert page.school == other_school, "the school named at the top is the trust's Hillcrest Academy"
    body = str(page.body.render_as_block())
    for line in ("Hillcrest Academy", "Local Governing Body", "14/07/2025", "3.2", "Network Manager", "July 2025"):
        assert line not in body, line
    assert "approved by the governors" in body, "the same words inside a section stay"


def test_a_clashing_title_gets_the_school(imported, school):
    first = imported(FRONT_MATTER.replace("Hillcrest Academy", "Riverside Primary School"), "riverside.txt")
    School.objects.create(name="Oakfield Academy", slug="oakfield")
    second = imported(FRONT_MATTER.replace("Hillcrest Academy", "Oakfield Academy"), "oakfield.txt")
    third = imported(FRONT_MATTER.replace("Hillcrest Academy\n", ""), "trust.txt")
    assert first.title == "Acceptable Use Policy" and first.school == school
    assert second.title == "Acceptable Use Policy — Oakfield Academy"
    assert third.title == "Acceptable Use Policy — trust"  # nothing names a school: the file name tells them apart
    again = imported(FRONT_MATTER.replace("Hillcrest Academy", "Oakfield Academy"), "oakfield.txt")
    assert again.title == second.title, "importing again keeps its distinct title"
