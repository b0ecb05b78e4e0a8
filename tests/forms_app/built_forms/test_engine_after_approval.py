"""A built form's request waiting too long, amended after approval, and sealed: the engine's rules, once each.

Reminders and escalation of its waiting step (``forms_app.workflow.reminders``), the
amendment rule (a new round from the chain's first step, its approvers shown what
changed), and the sealed record (a signed PDF of the form's title, version, answers and
decisions, which the check page validates).
"""

import datetime
import io
import zipfile

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from forms_app.answers import answer_changes
from forms_app.constants import BUILT_FORM_ATTESTATIONS, ApprovalStep, RequestStatus
from forms_app.models import RegisterEntry, SocialMediaSiteRequest
from forms_app.register.pack import build_evidence_pack
from forms_app.register.records import seal_record, verify_pdf
from forms_app.workflow.services import approve_task, start_amendment, submit_request
from tests.clock import at, run_on
from tests.forms_app.built_forms.factories import (
    ICT_THEN_HEAD,
    answers_for,
    built_request,
    complete_blocked_content_answers,
    make_approval_form,
)
from tests.forms_app.register.conftest import signing, signing_files  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> str:
    """The PDF's text without whitespace (a wrapped line may break anywhere)."""
    return "".join("".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split())


def squeeze(text: str) -> str:
    return "".join(text.split())


def submit(form, author):
    draft = built_request(author=author, form=form, answers=complete_blocked_content_answers(form.current_version()))
    return submit_request(site_request=draft, user=author)


def test_a_waiting_step_is_reminded_then_escalated_naming_the_form(staff_home, staff_user, headteacher, trust):
    ceo, trust_admin = trust
    form = make_approval_form(staff_home)
    with at(datetime.date(2027, 5, 27), hour=15):
        site_request = submit(form, staff_user)
    mail.outbox.clear()

    run_on(datetime.date(2027, 6, 1), "approval_reminders")
    assert mail.outbox == []  # two school days (a weekend and a bank holiday between)
    run_on(datetime.date(2027, 6, 2), "approval_reminders")
    (reminder,) = mail.outbox
    assert reminder.to == [headteacher.email]
    assert site_request.reference in reminder.subject
    assert "Request access to blocked content" in reminder.subject + reminder.body
    assert "social media site" not in reminder.subject.lower()

    mail.outbox.clear()
    run_on(datetime.date(2027, 6, 8), "approval_reminders")
    escalation = next(m for m in mail.outbox if m.subject.startswith("Stalled"))
    assert sorted(escalation.to) == sorted([ceo.email, trust_admin.email])
    assert "Request access to blocked content" in escalation.body
    assert headteacher.display_name() in escalation.body


def test_an_amendment_restarts_the_chain_at_its_first_step_and_shows_what_changed(
    staff_home, staff_user, ict_manager, headteacher, client, django_capture_on_commit_callbacks
):
    form = make_approval_form(staff_home, chain=ICT_THEN_HEAD)
    site_request = submit(form, staff_user)
    approve_task(site_request=site_request, user=ict_manager, attested=True)
    site_request = approve_task(site_request=site_request, user=headteacher, attested=True)
    assert site_request.status == RequestStatus.APPROVED
    assert not RegisterEntry.objects.filter(request=site_request).exists()  # no register for a built form

    site_request = start_amendment(site_request=site_request, user=staff_user)
    assert site_request.status == RequestStatus.AMENDING
    assert not site_request.site_people.exists()  # nothing carried from a register
    version = form.current_version()
    site_request.answers = {
        **site_request.answers,
        **answers_for(version, **{"Why do you need it?": "Year 5 science: the same eruption."}),
    }
    site_request.save()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        site_request = submit_request(site_request=site_request, user=staff_user)

    assert site_request.status == RequestStatus.AMEND_ICT
    assert [email.to for email in mail.outbox] == [[ict_manager.email]]
    (change,) = answer_changes(site_request)
    assert (change.label, change.old, change.new) == (
        "Why do you need it?",
        "Year 6 geography: a video of an eruption.",
        "Year 5 science: the same eruption.",
    )
    client.force_login(ict_manager)
    page = client.get(reverse(SocialMediaSiteRequest.snippet_viewset.get_url_name("review"), args=[site_request.pk]))
    assert "Year 6 geography: a video of an eruption." in page.text and "Year 5 science" in page.text

    site_request = approve_task(site_request=site_request, user=ict_manager, attested=True)
    assert site_request.status == RequestStatus.AMEND_HEAD
    site_request = approve_task(site_request=site_request, user=headteacher, attested=True)
    assert site_request.status == RequestStatus.APPROVED


@pytest.mark.usefixtures("signing")
def test_the_final_approval_seals_a_record_of_the_forms_answers_that_verifies(
    staff_home, staff_user, headteacher, client
):
    form = make_approval_form(staff_home)
    site_request = approve_task(site_request=submit(form, staff_user), user=headteacher, attested=True)

    record = seal_record(site_request=site_request)

    text = pdf_text(record.pdf_bytes())
    assert squeeze("Request access to blocked content") in text and squeeze("version 1") in text
    assert site_request.reference in text
    for label, answer in (
        ("Address of the blocked page", "https://example.org/volcanoes"),
        ("Why do you need it?", "Year 6 geography: a video of an eruption."),
        ("Which lesson and when?", "Geography, 3 March"),
    ):
        assert squeeze(label) in text and squeeze(answer) in text
    assert squeeze(BUILT_FORM_ATTESTATIONS[ApprovalStep.HEADTEACHER]) in text
    assert squeeze(headteacher.display_name()) in text and text.count("Signedelectronically") == 1
    assert "SocialMediaSiteCreation" not in text and "AppendixB" not in text
    assert verify_pdf(record.pdf_bytes()).record == record

    client.force_login(headteacher)
    check = client.post(
        reverse("verify_record"), {"file": SimpleUploadedFile("record.pdf", record.pdf_bytes(), "application/pdf")}
    )
    assert "Genuine and unaltered" in check.text and site_request.reference in check.text

    review = client.get(reverse(SocialMediaSiteRequest.snippet_viewset.get_url_name("review"), args=[site_request.pk]))
    assert reverse("approval_record", args=[site_request.public_id]) in review.text

    client.force_login(staff_user)
    page = client.get(reverse("approval_record", args=[site_request.public_id]))
    assert page.status_code == 200
    assert "Request access to blocked content" in page.text and "Social Media Site Creation" not in page.text
    download = client.get(reverse("latest_sealed_record", args=[site_request.public_id]))
    assert b"".join(download.streaming_content) == record.pdf_bytes()

    # The school's evidence pack holds the record beside Appendix B's; the register lists no built form.
    out = io.BytesIO()
    build_evidence_pack(school_ids=frozenset({site_request.school_id}), out=out)
    with zipfile.ZipFile(out) as pack:
        assert pack.read(f"records/{record.filename}") == record.pdf_bytes()
        assert site_request.reference not in pack.read("register.csv").decode()


@pytest.mark.usefixtures("signing")
def test_a_built_forms_record_is_kept_six_years_after_its_final_approval_then_purged(
    staff_home, staff_user, headteacher, time_machine
):
    from forms_app.models import SchoolLogEntry, SealedRecord
    from forms_app.register.retention import purge_expired_records, records_past_retention

    time_machine.move_to(datetime.datetime(2026, 11, 20, 12, tzinfo=datetime.UTC))
    form = make_approval_form(staff_home)
    site_request = approve_task(site_request=submit(form, staff_user), user=headteacher, attested=True)
    record = seal_record(site_request=site_request)

    assert list(records_past_retention(today=datetime.date(2032, 11, 20))) == []
    assert list(records_past_retention(today=datetime.date(2032, 11, 21))) == [record]

    administrator = headteacher.__class__.objects.create(username="root", is_superuser=True)
    assert purge_expired_records(user=administrator, today=datetime.date(2032, 11, 21), confirmed_count=1) == 1
    assert not SealedRecord.objects.exists()
    purged = SchoolLogEntry.objects.get(action="forms_app.register.record_purged")
    assert purged.object_id == str(site_request.pk) and purged.data["last_approved_on"] == "2026-11-20"
