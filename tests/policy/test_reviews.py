"""Review management: what is due, the dashboard panel and report, and the reminder emails."""

import datetime
import io

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from home import roles
from policy.models import PolicyReviewReminder
from policy.selectors import policies_due_for_review
from tests.dashboard import dashboard_as_shown
from tests.factories import TEST_PASSWORD, UserFactory

from .factories import make_policy

TODAY = datetime.date(2026, 11, 21)


def policy_due(index, subject: str, *, in_days: int, **fields):
    """A live "<subject> Policy" below ``index`` whose review is due ``in_days`` after ``TODAY`` (negative: overdue)."""
    return make_policy(
        index,
        title=f"{subject} Policy",
        slug=subject.lower(),
        next_review_due=TODAY + datetime.timedelta(in_days),
        **fields,
    )


@pytest.fixture
def review_policies(policy_index, school, other_school, policy_editor):
    """Overdue (trust-wide), due in 30 days (Riverside), due in 90 days (Hillcrest), and an overdue draft."""
    return {
        "overdue": policy_due(policy_index, "Attendance", in_days=-1, owner=policy_editor),
        "soon": policy_due(policy_index, "Behaviour", in_days=30, school=school),
        "later": policy_due(policy_index, "Charging", in_days=90, school=other_school),
        "draft": make_policy(
            policy_index, title="Draft Policy", slug="draft", publish=False, next_review_due=datetime.date(2020, 1, 1)
        ),
    }


@pytest.mark.django_db
def test_policies_due_within_60_days_or_overdue_are_selected_by_school(review_policies, school):
    due = list(policies_due_for_review(today=TODAY))
    assert [policy.title for policy in due] == ["Attendance Policy", "Behaviour Policy"]
    assert [p.title for p in policies_due_for_review(today=TODAY, school=school)] == ["Behaviour Policy"]


def test_next_review_date_is_derived_from_the_last_review_and_cycle_unless_entered():
    from policy.models import PolicyPage

    page = PolicyPage(title="x", last_reviewed=datetime.date(2025, 1, 31), review_cycle_months=13)
    page.derive_next_review_due()
    assert page.next_review_due == datetime.date(2026, 2, 28)
    page = PolicyPage(title="x", last_reviewed=datetime.date(2025, 1, 1), next_review_due=datetime.date(2025, 6, 1))
    page.derive_next_review_due()
    assert page.next_review_due == datetime.date(2025, 6, 1)


@pytest.mark.django_db
@time_machine.travel(datetime.datetime(2026, 11, 21, 9, 0), tick=False)
def test_dashboard_panel_and_report_list_due_and_overdue_policies_per_school(client, review_policies, headteacher):
    client.login(username=headteacher.username, password=TEST_PASSWORD)

    dashboard = dashboard_as_shown(client)
    assert "Policies due for review" in dashboard
    assert "Attendance Policy" in dashboard and "Behaviour Policy" in dashboard
    assert "Charging Policy" not in dashboard
    assert "All schools in the trust" in dashboard and "Riverside Primary School" in dashboard

    report = client.get("/admin/reports/policy-reviews/").content.decode()
    assert "Attendance Policy" in report and "Overdue" in report and "Due soon" in report
    assert "Charging Policy" not in report
    filtered = client.get("/admin/reports/policy-reviews/", {"school": review_policies["soon"].school_id})
    assert "Attendance Policy" not in filtered.content.decode()
    export = client.get("/admin/reports/policy-reviews/", {"export": "csv"})
    assert export.status_code == 200
    rows = b"".join(export.streaming_content).decode() if export.streaming else export.content.decode()
    assert "Attendance Policy,All schools in the trust,20 November 2026,Overdue" in rows  # exports write UK dates


@pytest.mark.django_db
def test_review_report_is_only_for_policy_roles(client, review_policies, ict_manager):
    client.login(username=ict_manager.username, password=TEST_PASSWORD)
    assert client.get("/admin/reports/policy-reviews/").status_code in (302, 403)
    assert "Policies due for review" not in client.get("/admin/").content.decode()


@pytest.mark.django_db
@time_machine.travel(datetime.datetime(2026, 11, 21, 9, 0), tick=False)
def test_reminders_email_owners_once_per_review_date(review_policies, policy_editor, school):
    riverside_editor = UserFactory(username="riverside.editor", school=school, roles=[roles.POLICY_EDITORS])

    call_command("policy_review_reminders", stdout=io.StringIO())

    subjects = sorted(message.subject for message in mail.outbox)
    assert subjects == [
        "Due for review: Behaviour Policy (by 21 December 2026)",
        "Overdue for review: Attendance Policy (was due 20 November 2026)",
    ]
    by_subject = {message.subject: message for message in mail.outbox}
    assert by_subject[subjects[0]].to == [riverside_editor.email]
    assert by_subject[subjects[1]].to == [policy_editor.email]
    assert "/admin/pages/" in by_subject[subjects[1]].body

    out = io.StringIO()
    call_command("policy_review_reminders", stdout=out)
    assert len(mail.outbox) == 2, "a second run the same day sends nothing"
    assert "0 reminder(s) sent" in out.getvalue()
    assert PolicyReviewReminder.objects.count() == 2

    with time_machine.travel(datetime.datetime(2026, 12, 22, 9, 0), tick=False):
        call_command("policy_review_reminders", stdout=io.StringIO())
    assert mail.outbox[-1].subject.startswith("Overdue for review: Behaviour Policy"), "overdue follows due-soon"
