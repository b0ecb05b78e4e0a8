"""Moving the outbox from forms_app to core keeps every email, its attachment and its waiting delivery task.

An upgraded database has emails in ``forms_app_outgoingemail`` that point at a sealed
record by foreign key, and delivery tasks queued under ``forms_app.emails.deliver_email``.
After the upgrade the same rows (same primary keys, which the queued tasks name) are
``core.OutgoingEmail`` rows whose attachment is that sealed record, and the worker can run
the tasks it had queued.
"""

import datetime
import hashlib
import io

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from core.mail.delivery import deliver_email
from core.mail.models import OutgoingEmail
from forms_app.models import SealedRecord
from tests.forms_app.factories import submitted_request
from tests.forms_app.task_backends import use_task_backend

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BEFORE = [("forms_app", "0013_outgoing_email_sealed_record")]
PDF = b"%PDF-1.7\n% a sealed approval record\n%%EOF\n"


def migrate(targets) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return MigrationExecutor(connection)


def latest() -> list[tuple[str, str]]:
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.fixture
def sealed_record(staff_user):
    site_request = submitted_request(author=staff_user)
    record = SealedRecord(
        request=site_request,
        sha256=hashlib.sha256(PDF).hexdigest(),
        size=len(PDF),
        certificate_sha256="0" * 64,
        approved_at=timezone.now(),
    )
    record.pdf.save("record.pdf", ContentFile(PDF), save=False)
    record.save()
    return record


def test_upgrading_moves_each_email_with_its_sealed_record_and_queued_task_to_core(sealed_record):
    OutgoingEmail.objects.all().delete()
    DBTaskResult.objects.all().delete()
    leaves = latest()
    try:
        old = migrate(BEFORE).loader.project_state(BEFORE).apps
        OldEmail = old.get_model("forms_app", "OutgoingEmail")
        with_record = OldEmail.objects.create(
            template="sealed_record",
            subject="Signed approval record",
            to=["author@example.org"],
            body_text="Attached.",
            sealed_record_id=sealed_record.pk,
        )
        plain = OldEmail.objects.create(
            template="submitted", subject="For your approval", to=["ict@example.org"], body_text="Review it."
        )
        DBTaskResult.objects.create(
            task_path="forms_app.emails.deliver_email",
            args_kwargs={"args": [], "kwargs": {"email_id": with_record.pk}},
            backend_name="default",
            queue_name="default",
            run_after=timezone.now() - datetime.timedelta(minutes=1),
        )
    finally:
        migrate(leaves)

    moved = OutgoingEmail.objects.get(pk=with_record.pk)
    assert moved.attachment == sealed_record
    assert moved.template == "forms_app/emails/sealed_record"
    assert moved.subject == "Signed approval record" and moved.to == ["author@example.org"]
    unattached = OutgoingEmail.objects.get(pk=plain.pk)
    assert unattached.attachment is None and unattached.template == "forms_app/emails/submitted"
    assert OutgoingEmail._meta.db_table == "core_outgoingemail"

    # The task queued before the upgrade still runs, under the task's new path.
    task_row = DBTaskResult.objects.get()
    assert task_row.task_path == "core.mail.delivery.deliver_email"
    with use_task_backend("django_tasks_db.DatabaseBackend"):
        call_command(
            "db_worker", "--batch", "--no-startup-delay", "--no-reload", "--queue-name", "*", stdout=io.StringIO()
        )
    task_row.refresh_from_db()
    assert task_row.status == "SUCCESSFUL"
    assert OutgoingEmail.objects.get(pk=with_record.pk).status == OutgoingEmail.Status.SENT
    (message,) = mail.outbox
    assert message.attachments[0][1] == PDF
    assert message.attachments[0][0] == sealed_record.filename


def test_downgrading_puts_the_sealed_record_back(sealed_record):
    OutgoingEmail.objects.all().delete()
    email = OutgoingEmail.objects.create(
        template="forms_app/emails/sealed_record",
        subject="Signed approval record",
        to=["author@example.org"],
        body_text="Attached.",
        attachment=sealed_record,
    )
    leaves = latest()
    try:
        old = migrate(BEFORE).loader.project_state(BEFORE).apps
        back = old.get_model("forms_app", "OutgoingEmail").objects.get(pk=email.pk)
        assert back.sealed_record_id == sealed_record.pk
        assert back.template == "sealed_record"
    finally:
        migrate(leaves)
    assert OutgoingEmail.objects.get(pk=email.pk).attachment == sealed_record


def test_a_task_queued_under_the_old_path_still_runs_as_the_same_task():
    from django.utils.module_loading import import_string

    assert import_string("forms_app.emails.deliver_email") is deliver_email
