"""The outbox keeps what a sender put in a message, keeps it with the caller's transaction, and never loops."""

import pytest
from django.core import mail
from django.core.mail import EmailMessage, EmailMultiAlternatives, send_mail
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from core.mail.checks import check_mailers
from core.mail.models import OutgoingEmail
from core.mail.outbox import send_email
from tests.forms_app.task_backends import use_task_backend

pytestmark = pytest.mark.django_db

OUTBOX = {"BACKEND": "core.mail.backends.OutboxBackend"}
LOCMEM = {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}


def test_a_message_sent_the_django_way_is_stored_then_delivered_as_it_was_written():
    message = EmailMultiAlternatives(
        subject="Password reset",
        body="Follow the link.",
        from_email="accounts@example.org",
        to=["ada@example.org"],
        cc=["copy@example.org"],
        bcc=["audit@example.org"],
        reply_to=["help@example.org"],
        headers={"Auto-Submitted": "auto-generated"},
    )
    message.attach_alternative("<p>Follow the <a href='https://x/'>link</a>.</p>", "text/html")
    message.attach("notes.txt", b"two lines\nof notes", "text/plain")

    assert message.send() == 1

    email = OutgoingEmail.objects.get()
    assert email.status == OutgoingEmail.Status.SENT  # the tests' task backend runs the worker's task at once
    assert email.template == ""
    assert email.recipients == "ada@example.org, copy@example.org, audit@example.org"
    (delivered,) = mail.outbox
    assert delivered.subject == "Password reset"
    assert delivered.from_email == "accounts@example.org"
    assert (delivered.to, delivered.cc, delivered.bcc) == (
        ["ada@example.org"],
        ["copy@example.org"],
        ["audit@example.org"],
    )
    assert delivered.reply_to == ["help@example.org"]
    assert delivered.extra_headers["Auto-Submitted"] == "auto-generated"
    assert delivered.body == "Follow the link."
    assert delivered.alternatives[0][0] == "<p>Follow the <a href='https://x/'>link</a>.</p>"
    assert delivered.attachments[0][:2] == ("notes.txt", "two lines\nof notes")


def test_an_html_only_message_keeps_its_html_and_gains_a_plain_text_part():
    message = EmailMessage("Notice", "<p>Your <b>passkey</b> was added.</p>", to=["ada@example.org"])
    message.content_subtype = "html"

    message.send()

    (delivered,) = mail.outbox
    assert delivered.body == "Your passkey was added."
    assert delivered.alternatives[0][0] == "<p>Your <b>passkey</b> was added.</p>"


def test_an_email_rolled_back_with_its_transaction_is_neither_stored_nor_queued():
    with use_task_backend("django_tasks_db.DatabaseBackend"), pytest.raises(RuntimeError), transaction.atomic():
        send_mail("Approved", "It is approved.", None, ["ada@example.org"])
        assert OutgoingEmail.objects.count() == 1
        raise RuntimeError("the decision failed")

    assert not OutgoingEmail.objects.exists()
    assert not DBTaskResult.objects.exists()
    assert mail.outbox == []


def test_a_delivery_mailer_that_is_the_outbox_fails_the_email_instead_of_queueing_it_again(settings):
    settings.MAILERS = {"default": OUTBOX, "delivery": OUTBOX}

    send_mail("Approved", "It is approved.", None, ["ada@example.org"])

    email = OutgoingEmail.objects.get()  # one row: the delivery did not queue another
    assert email.status == OutgoingEmail.Status.FAILED
    assert "OutboxLoopError" in email.last_error
    assert mail.outbox == []


def test_the_system_checks_refuse_a_looping_or_missing_delivery_mailer_and_warn_about_a_bypass(settings):
    settings.MAILERS = {"default": OUTBOX, "delivery": LOCMEM}
    assert check_mailers() == []

    settings.MAILERS = {"default": OUTBOX, "delivery": OUTBOX}
    assert [problem.id for problem in check_mailers()] == ["core.E003"]

    settings.MAILERS = {"default": OUTBOX}
    assert [problem.id for problem in check_mailers()] == ["core.E002"]

    settings.MAILERS = {"default": LOCMEM, "delivery": LOCMEM}
    assert [problem.id for problem in check_mailers()] == ["core.W001"]


def test_only_an_object_that_offers_email_attachment_can_be_attached(staff_user):
    with pytest.raises(TypeError, match="email_attachment"):
        send_email(
            "policy/emails/awaiting_approval",
            to=["ada@example.org"],
            context={"who": "A", "title": "T", "school": "S", "url": "http://x/"},
            attachment=staff_user,
        )
    assert not OutgoingEmail.objects.exists()
