"""Every daily command takes its day and its dry run the same way (``core.management.daily``)."""

import io

import pytest
from django.core.management import call_command, get_commands, load_command_class
from django.core.management.base import CommandError

from core.management.daily import DailyCommand

pytestmark = pytest.mark.django_db

DAILY = sorted(
    name
    for name, app in get_commands().items()
    if not app.startswith("django") and isinstance(load_command_class(app, name), DailyCommand)
)


def test_the_reminder_and_retention_commands_are_daily_commands():
    assert {
        "approval_reminders",
        "closure_reminders",
        "policy_review_reminders",
        "policy_acknowledgement_reminders",
        "purge_expired_records",
    } <= set(DAILY)


@pytest.mark.parametrize("name", DAILY)
def test_each_daily_command_acts_for_the_date_it_is_given(name):
    out = io.StringIO()
    call_command(name, "--date", "2027-06-02", stdout=out)
    assert out.getvalue().strip(), f"{name} printed no summary"


@pytest.mark.parametrize("name", DAILY)
def test_a_date_that_is_not_a_date_is_refused_with_the_form_it_needs(name):
    with pytest.raises(CommandError, match="not a date in the form YYYY-MM-DD"):
        call_command(name, "--date", "2/6/2027", stdout=io.StringIO())
