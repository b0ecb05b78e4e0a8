"""Guidance past its review interval is flagged to Communications in the admin (frozen dates)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from policy.guidance.selectors import stale_guidance
from policy.models import ParentGuidancePage, add_months
from tests.dashboard import dashboard_as_shown

from .factories import make_guidance

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def at(year: int, month: int, day: int, hour: int = 9) -> datetime:
    return datetime(year, month, day, hour, tzinfo=LONDON)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 1, 15), 6, date(2026, 7, 15)),
        (date(2026, 8, 31), 6, date(2027, 2, 28)),
        (date(2027, 8, 31), 6, date(2028, 2, 29)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2026, 12, 1), 12, date(2027, 12, 1)),
    ],
)
def test_add_months_keeps_to_the_calendar(day, months, expected):
    assert add_months(day, months) == expected


def test_review_interval_defaults_to_six_months(guidance_index):
    page = make_guidance(guidance_index, last_checked=date(2026, 1, 15))
    assert page.review_interval_months == 6
    assert page.review_due == date(2026, 7, 15)


def test_guidance_becomes_stale_on_the_day_its_check_is_due(guidance_index):
    page = make_guidance(guidance_index, title="Age limits", last_checked=date(2026, 1, 15))
    make_guidance(guidance_index, title="Checked monthly", last_checked=date(2026, 6, 1), review_interval_months=1)

    with time_machine.travel(at(2026, 6, 30), tick=False):
        assert list(stale_guidance(today=timezone.localdate())) == []
        assert not page.is_stale()
    with time_machine.travel(at(2026, 7, 1), tick=False):
        assert [p.title for p in stale_guidance(today=timezone.localdate())] == ["Checked monthly"]
    with time_machine.travel(at(2026, 7, 15), tick=False):
        assert [p.title for p in stale_guidance(today=timezone.localdate())] == ["Checked monthly", "Age limits"]
        assert page.is_stale()


def test_just_after_midnight_in_london_counts_as_the_new_day(guidance_index):
    make_guidance(guidance_index, title="Age limits", last_checked=date(2026, 1, 15))
    # 00:30 on 15 July in London is still 14 July in UTC.
    with time_machine.travel(at(2026, 7, 15, hour=0).replace(minute=30), tick=False):
        assert [p.title for p in stale_guidance(today=timezone.localdate())] == ["Age limits"]


def test_checking_and_republishing_clears_the_flag(guidance_index):
    page = make_guidance(guidance_index, title="Age limits", last_checked=date(2026, 1, 15))
    with time_machine.travel(at(2026, 8, 1), tick=False):
        assert stale_guidance(today=timezone.localdate()).filter(pk=page.pk).exists()
        page.last_checked = timezone.localdate()
        page.save_revision().publish()
        assert not stale_guidance(today=timezone.localdate()).exists()
        assert ParentGuidancePage.objects.get(pk=page.pk).review_due == date(2027, 2, 1)


def test_drafts_are_not_flagged_until_published(guidance_index):
    make_guidance(guidance_index, title="Draft", last_checked=date(2025, 1, 1), live=False)
    assert not stale_guidance(today=date(2026, 7, 15)).exists()


def test_saving_only_the_checked_date_also_moves_the_due_date(guidance_index):
    page = make_guidance(guidance_index, last_checked=date(2026, 1, 15))
    page.last_checked = date(2026, 3, 1)
    page.save(update_fields=["last_checked"])
    assert ParentGuidancePage.objects.get(pk=page.pk).review_due == date(2026, 9, 1)


def test_dashboard_panel_flags_stale_guidance_to_comms(client, guidance_index, comms_user):
    make_guidance(guidance_index, title="Age limits", last_checked=date(2026, 1, 15))
    make_guidance(guidance_index, title="Be SMART online", last_checked=date(2026, 6, 1))
    client.force_login(comms_user)

    with time_machine.travel(at(2026, 7, 20), tick=False):
        html = dashboard_as_shown(client)

    assert "Parent guidance due for a check" in html
    assert "1 guidance page is due a check" in html
    assert ">Age limits</a>" in html
    assert "Be SMART online" not in html
    assert reverse("policy_stale_guidance") in html
    assert "Guidance due for a check" in html  # the report's entry in the Reports menu


def test_dashboard_panel_says_all_is_well_when_nothing_is_due(client, guidance_index, comms_user):
    make_guidance(guidance_index, title="Age limits", last_checked=date(2026, 1, 15))
    client.force_login(comms_user)
    with time_machine.travel(at(2026, 2, 1), tick=False):
        html = dashboard_as_shown(client)
    assert "All parent guidance has been checked on time." in html


def test_report_lists_stale_guidance_for_comms(client, guidance_index, comms_user):
    make_guidance(guidance_index, title="Age limits", last_checked=date(2026, 1, 15))
    make_guidance(guidance_index, title="Be SMART online", last_checked=date(2026, 6, 1))
    client.force_login(comms_user)

    with time_machine.travel(at(2026, 7, 20), tick=False):
        response = client.get(reverse("policy_stale_guidance"))
        csv = client.get(reverse("policy_stale_guidance") + "?export=csv")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Guidance due for a check" in html
    assert "Age limits" in html and "15 January 2026" in html and "15 July 2026" in html
    assert "Be SMART online" not in html
    exported = b"".join(csv.streaming_content).decode() if csv.streaming else csv.content.decode()
    assert "Age limits" in exported and "15 July 2026" in exported  # exports write UK dates


def test_people_who_cannot_edit_guidance_get_neither_panel_nor_report(client, guidance_index, policy_editor):
    make_guidance(guidance_index, title="Age limits", last_checked=date(2026, 1, 15))
    client.force_login(policy_editor)
    with time_machine.travel(at(2026, 7, 20), tick=False):
        dashboard = dashboard_as_shown(client)
        report = client.get(reverse("policy_stale_guidance"))
        body = client.get(reverse("dashboard_panel_body", args=["stale_guidance"]) + "?fragment")
    assert "Parent guidance due for a check" not in dashboard
    assert "Guidance due for a check" not in dashboard  # not in the Reports menu either
    assert report.status_code in (302, 403)
    assert body.status_code == 404, "the panel's body is not given to someone whose dashboard lacks it"


def test_the_panel_comes_after_the_dashboard_and_links_to_the_report_without_javascript(
    client, guidance_index, comms_user
):
    make_guidance(guidance_index, title="Age limits", last_checked=date(2026, 1, 15))
    client.force_login(comms_user)
    with time_machine.travel(at(2026, 7, 20), tick=False):
        html = client.get(reverse("wagtailadmin_home")).text
    assert "Parent guidance due for a check" in html, "the heading is there at once"
    assert "Age limits" not in html, "the list comes once the page has loaded"
    assert f'href="{reverse("policy_stale_guidance")}">See the guidance due for a check</a>' in html
