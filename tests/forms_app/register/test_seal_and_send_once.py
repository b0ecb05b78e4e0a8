"""Sealing and sending an approval record is idempotent: a second run for the same approval sends nothing."""

import pytest

from core.mail.models import OutgoingEmail
from forms_app.models import SealedRecord
from forms_app.register.records import ALREADY_SENT, seal_and_send_record

pytestmark = pytest.mark.django_db


def sealed_record_emails():
    return OutgoingEmail.objects.filter(template__endswith="sealed_record")


def test_a_second_run_for_the_same_approval_sends_nothing_and_says_so(signing, entry, approved_request):
    assert seal_and_send_record.call(request_pk=approved_request.pk) == "sealed"
    assert sealed_record_emails().count() == 1

    assert seal_and_send_record.call(request_pk=approved_request.pk) == ALREADY_SENT

    assert sealed_record_emails().count() == 1
    assert SealedRecord.objects.filter(request=approved_request).count() == 1


def test_a_record_sealed_by_the_command_is_still_sent_once(signing, entry, approved_request):
    from forms_app.register.records import seal_record

    seal_record(site_request=approved_request)  # manage.py seal_records seals without sending
    assert seal_and_send_record.call(request_pk=approved_request.pk) == "sealed"
    assert seal_and_send_record.call(request_pk=approved_request.pk) == ALREADY_SENT
    assert sealed_record_emails().count() == 1
