"""Retention of sealed records: closure + 6 years, a report, and deletion only after confirmation."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.urls import reverse

from forms_app.models import SchoolLogEntry, SealedRecord
from forms_app.register.retention import (
    PurgeCountChanged,
    purge_expired_records,
    records_past_retention,
    retained_until,
)
from forms_app.register.services import close_entry
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CLOSED_ON = datetime.date(2026, 11, 10)
AFTER_RETENTION = datetime.date(2032, 11, 11)


@pytest.fixture
def closed(sealed, entry, ict_manager, time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 20, 12, tzinfo=datetime.UTC))
    close_entry(entry=entry, user=ict_manager, closed_on=CLOSED_ON, reason="Club ended")
    return sealed


@pytest.fixture
def administrator():
    return UserFactory(username="root", is_superuser=True, school=None)


def confirm_purge(username: str) -> str:
    """Run ``purge_expired_records --confirm`` as ``username`` for the day after retention; return what it printed.

    Raises ``CommandError`` as the command does.
    """
    out = io.StringIO()
    call_command(
        "purge_expired_records", "--confirm", "--user", username, "--date", AFTER_RETENTION.isoformat(), stdout=out
    )
    return out.getvalue()


def test_records_are_kept_for_six_years_after_closure(closed):
    assert retained_until(CLOSED_ON) == datetime.date(2032, 11, 10)
    assert list(records_past_retention(today=datetime.date(2032, 11, 10))) == []
    assert list(records_past_retention(today=AFTER_RETENTION)) == [closed]


def test_open_sites_are_never_past_retention(sealed):
    assert list(records_past_retention(today=datetime.date(2099, 1, 1))) == []


def test_the_retention_period_is_a_setting(closed, settings):
    settings.SEALED_RECORD_RETENTION_YEARS = 10

    assert list(records_past_retention(today=AFTER_RETENTION)) == []


def test_the_command_deletes_nothing_without_confirmation(closed, administrator):
    out = io.StringIO()

    call_command("purge_expired_records", "--date", AFTER_RETENTION.isoformat(), stdout=out)

    assert "1 sealed record(s)" in out.getvalue() and "Nothing deleted" in out.getvalue()
    assert SealedRecord.objects.filter(pk=closed.pk).exists()


def test_a_wrong_typed_count_deletes_nothing(closed, administrator, monkeypatch):
    monkeypatch.setattr("builtins.input", lambda prompt: "2")

    with pytest.raises(CommandError, match="does not match"):
        confirm_purge("root")

    assert SealedRecord.objects.filter(pk=closed.pk).exists()


def test_only_a_site_administrator_may_confirm(closed, ict_manager, monkeypatch):
    monkeypatch.setattr("builtins.input", lambda prompt: "1")

    with pytest.raises(CommandError, match="not an active site administrator"):
        confirm_purge(ict_manager.username)
    with pytest.raises(PermissionDenied):
        purge_expired_records(user=ict_manager, today=AFTER_RETENTION, confirmed_count=1)

    assert SealedRecord.objects.filter(pk=closed.pk).exists()


def test_a_changed_count_deletes_nothing(closed, administrator):
    with pytest.raises(PurgeCountChanged):
        purge_expired_records(user=administrator, today=AFTER_RETENTION, confirmed_count=2)

    assert SealedRecord.objects.filter(pk=closed.pk).exists()


def test_confirmed_deletion_removes_the_pdf_and_is_logged(closed, entry, administrator, monkeypatch):
    monkeypatch.setattr("builtins.input", lambda prompt: "1")
    storage, name = closed.pdf.storage, closed.pdf.name

    out = confirm_purge("root")

    assert "Deleted 1" in out
    assert not SealedRecord.objects.exists()
    assert not storage.exists(name)
    log_entry = SchoolLogEntry.objects.get(action="forms_app.register.record_purged")
    assert log_entry.user == administrator
    assert log_entry.object_id == str(entry.pk)
    assert log_entry.data["sha256"] == closed.sha256


def test_the_report_lists_records_past_retention(client, closed, administrator, time_machine):
    time_machine.move_to(datetime.datetime(2032, 12, 1, 12, tzinfo=datetime.UTC))
    client.force_login(administrator)

    html = client.get(reverse("forms_app_records_past_retention")).content.decode()

    assert closed.request.reference in html
    assert "10 Nov 2032" in html or "10 November 2032" in html or "Nov. 10, 2032" in html


def test_school_approvers_do_not_see_the_report(client, closed, headteacher):
    client.force_login(headteacher)

    assert client.get(reverse("forms_app_records_past_retention")).status_code in (302, 403)
