"""Every export writes dates and times as people in the UK read them: "5 December 2026 18:11", Europe/London.

Previously the acknowledgement CSV wrote ``2026-12-05 18:11:05.673654+00:00`` (UTC, with
microseconds) and the evidence pack ``2026-12-05 18:11``.
"""

import csv
import datetime
import io

import pytest
import time_machine
from django.urls import reverse

from core.files.spreadsheets import uk_local
from policy.acknowledgements import acknowledge_policy
from tests.factories import UserFactory
from tests.policy.factories import make_index, make_policy

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
# 18:11 in December is GMT; 10:30 UTC in July is 11:30 BST.
WINTER = datetime.datetime(2026, 12, 5, 18, 11, 5, 673654, tzinfo=UTC)
SUMMER = datetime.datetime(2026, 7, 1, 10, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (WINTER, "5 December 2026 18:11"),
        (SUMMER, "1 July 2026 11:30"),
        (datetime.date(2026, 12, 5), "5 December 2026"),
        (datetime.datetime(2026, 12, 5, 9, 5), "5 December 2026 09:05"),
        ("text", "text"),
        (None, None),
    ],
)
def test_uk_local_writes_dates_in_london_time_without_seconds(value, expected):
    assert uk_local(value) == expected


def test_acknowledgement_csv_writes_uk_local_times(client, home_page, school):
    policy = make_policy(
        make_index(home_page),
        title="Social Media Policy",
        slug="social-media",
        version="1.0",
        requires_acknowledgement=True,
    )
    reader = UserFactory(username="reader", school=school)
    with time_machine.travel(SUMMER, tick=False):
        acknowledge_policy(user=reader, policy=policy)
    head = UserFactory(username="head", school=school, roles=["Headteachers"])
    client.force_login(head)
    response = client.get(reverse("policy_acknowledgements"), {"policy": policy.pk, "export": "csv"})
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    acknowledged = {row["Name"]: row["Acknowledged at"] for row in rows}
    assert acknowledged[reader.display_name()] == "1 July 2026 11:30"


def test_site_history_csv_writes_uk_local_times(client, home_page):
    from wagtail.log_actions import log

    with time_machine.travel(WINTER, tick=False):
        log(instance=home_page, action="wagtail.edit")
    admin = UserFactory(username="site-admin", is_superuser=True, is_staff=True, roles=[])
    client.force_login(admin)
    response = client.get("/admin/reports/site-history/", {"export": "csv"})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "5 December 2026 18:11" in body
    assert "+00:00" not in body
