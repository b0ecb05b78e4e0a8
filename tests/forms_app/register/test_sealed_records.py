"""The sealed approval record: the signed Appendix B as a PDF, stored once and checked on upload."""

import hashlib
import io
import logging

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.urls import reverse
from pypdf import PdfReader

from forms_app.constants import ATTESTATIONS, ApprovalStep
from forms_app.models import SealedRecord
from forms_app.register.records import requests_missing_record, seal_record, verify_pdf

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> str:
    """The PDF's text without whitespace: a wrapped line may break after "/" with or without a space."""
    return "".join("".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split())


def squeeze(text: str) -> str:
    return "".join(text.split())


def download_url(record):
    return reverse("sealed_record_download", args=[record.request.public_id, record.approval_round])


def test_the_pdf_holds_every_answer_and_both_attestations_word_for_word(sealed, approved_request):
    from forms_app.answers import present_answers

    text = pdf_text(sealed.pdf_bytes())

    for section in present_answers(approved_request, include_blank=True, include_declaration=True):
        for answer in section.answers:
            if answer.name in ("audience", "contributors"):
                continue  # shown as tick boxes, checked below
            assert squeeze(answer.label) in text, answer.label
            for line in (answer.text or "").splitlines():
                assert squeeze(line) in text, (answer.name, line)
    # Audience: pupils and families ticked, staff not; the screen reader words are not printed.
    assert squeeze("☒ Pupils of the school (provide age range)") in text
    assert squeeze("☒ Pupils' family members") in text
    assert squeeze("☐ Staff") in text
    assert "ticked" not in text
    assert squeeze(ATTESTATIONS[ApprovalStep.ICT_MANAGER]) in text
    assert squeeze(ATTESTATIONS[ApprovalStep.HEADTEACHER]) in text
    assert approved_request.reference in text
    assert squeeze("version 2026.2") in text
    assert squeeze("2 November 2026, 09:15 (GMT)") in text and squeeze("3 November 2026, 16:40 (GMT)") in text
    assert text.count("Signedelectronically") == 2
    assert sealed.sha256 == hashlib.sha256(sealed.pdf_bytes()).hexdigest()


def test_the_signature_validates_with_the_signing_certificate(sealed, signing_files):
    from pyhanko.keys import load_cert_from_pemder
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    (signature,) = PdfFileReader(io.BytesIO(sealed.pdf_bytes())).embedded_signatures
    status = validate_pdf_signature(
        signature, ValidationContext(trust_roots=[load_cert_from_pemder(str(signing_files["cert"]))])
    )

    assert status.bottom_line
    assert verify_pdf(sealed.pdf_bytes()).record == sealed


def test_a_one_byte_change_fails_verification(sealed):
    data = bytearray(sealed.pdf_bytes())
    data[len(data) // 3] ^= 0x01

    result = verify_pdf(bytes(data))

    assert result.status == "altered"
    assert result.record is None


def test_a_pdf_signed_with_another_certificate_is_not_ours(sealed, tmp_path):
    from pyhanko.sign import signers

    from forms_app.register.records import render_record_pdf, seal_pdf
    from forms_app.register.signing_certificates import write_self_signed_certificate

    write_self_signed_certificate(key_path=tmp_path / "k.pem", cert_path=tmp_path / "c.pem", common_name="Forger")

    forged = seal_pdf(
        render_record_pdf(sealed.request, sealed_at=sealed.created_at),
        signer=signers.SimpleSigner.load(str(tmp_path / "k.pem"), str(tmp_path / "c.pem")),
    )

    assert verify_pdf(forged).status == "untrusted"


def test_sealing_is_once_per_approval_and_records_cannot_be_changed(sealed, approved_request):
    assert seal_record(site_request=approved_request) == sealed
    assert SealedRecord.objects.count() == 1
    with pytest.raises(PermissionDenied):
        sealed.save()
    with pytest.raises(PermissionDenied):
        sealed.delete()
    with pytest.raises(PermissionDenied):
        SealedRecord.objects.all().delete()
    with pytest.raises(PermissionDenied):
        SealedRecord.objects.update(sha256="0" * 64)


def test_the_final_approval_seals_the_record_after_commit(
    signing, approve_school_request, staff_user, ict_manager, headteacher, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        site_request = approve_school_request()

    record = SealedRecord.objects.get(request=site_request)
    assert record.approval_round == 1
    assert record.revision_id == site_request.live_revision_id
    assert verify_pdf(record.pdf_bytes()).is_valid
    # The author and both approvers are sent the signed PDF to file.
    sent = [m for m in mail.outbox if m.subject.startswith("Signed approval record")]
    assert len(sent) == 1
    assert set(sent[0].to) == {staff_user.email, ict_manager.email, headteacher.email}
    (filename, content, mimetype) = sent[0].attachments[0]
    assert filename == record.filename and mimetype == "application/pdf"
    assert content == record.pdf_bytes() and verify_pdf(content).is_valid


def test_a_sealing_failure_never_blocks_the_approval_and_the_command_seals_it_later(
    settings,
    signing_files,
    pango,
    approve_school_request,
    django_capture_on_commit_callbacks,
    caplog,
):
    settings.RECORD_SIGNING_PKCS12 = ""
    settings.RECORD_SIGNING_KEY = settings.RECORD_SIGNING_CERT = ""
    with caplog.at_level(logging.WARNING), django_capture_on_commit_callbacks(execute=True):
        site_request = approve_school_request()

    assert site_request.status == "approved"
    assert not SealedRecord.objects.exists()
    assert "No signing certificate is configured" in caplog.text
    assert list(requests_missing_record()) == [site_request]

    settings.RECORD_SIGNING_KEY = str(signing_files["key"])
    settings.RECORD_SIGNING_CERT = str(signing_files["cert"])
    out = io.StringIO()
    call_command("seal_records", stdout=out)

    assert SealedRecord.objects.filter(request=site_request).count() == 1
    assert "Sealed 1" in out.getvalue()
    assert list(requests_missing_record()) == []


def test_the_record_stays_private_outside_media(sealed, settings):
    assert not str(sealed.pdf.path).startswith(str(settings.MEDIA_ROOT))


# Downloads follow the record page's rule


def test_the_author_downloads_the_pdf_from_the_record_page(client, sealed, staff_user):
    client.force_login(staff_user)

    html = client.get(reverse("approval_record", args=[sealed.request.public_id])).content.decode()
    response = client.get(download_url(sealed))

    assert download_url(sealed) in html
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == sealed.pdf_bytes()
    assert sealed.filename in response["Content-Disposition"]


def test_the_register_entry_links_to_the_pdf(client, sealed, entry, ict_manager):
    client.force_login(ict_manager)

    html = client.get(reverse("forms_app_registerentry_modeladmin_inspect", args=[entry.pk])).content.decode()

    assert download_url(sealed) in html


def test_everyone_else_gets_not_found_for_the_pdf(client, sealed, outsider):
    client.force_login(outsider)

    assert client.get(download_url(sealed)).status_code == 404


# The check page


def upload(client, data: bytes, name="record.pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(reverse("verify_record"), {"file": SimpleUploadedFile(name, data, "application/pdf")})


def test_the_check_page_identifies_the_request(client, sealed, headteacher):
    client.force_login(headteacher)

    html = upload(client, sealed.pdf_bytes()).content.decode()

    assert "Genuine and unaltered" in html
    assert sealed.request.reference in html
    assert sealed.request.school.name in html
    assert "3 November 2026" in html  # the final approval


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"Just some text", "This file is not a PDF."),
        (b"%PDF-1.7\n%garbage\n", "damaged or has been altered"),
    ],
)
def test_the_check_page_explains_a_bad_file(client, signing, headteacher, data, message):
    client.force_login(headteacher)

    response = upload(client, data)
    html = response.content.decode().replace("&#x27;", "'")

    assert response.status_code == 200
    assert "There is a problem" in html
    assert message in html
    assert 'aria-invalid="true"' in html


def test_the_check_page_explains_an_altered_record(client, sealed, headteacher):
    data = bytearray(sealed.pdf_bytes())
    data[len(data) // 2] ^= 0x01
    client.force_login(headteacher)

    html = upload(client, bytes(data)).content.decode()

    assert "altered" in html
    assert "Genuine and unaltered" not in html


def test_the_check_page_explains_an_unknown_record(client, sealed, headteacher):
    data = sealed.pdf_bytes()
    SealedRecord.objects.filter(pk=sealed.pk)._raw_delete(SealedRecord.objects.db)
    client.force_login(headteacher)

    html = upload(client, data).content.decode()

    assert "no stored record matches it" in html


def test_the_check_page_asks_for_a_file(client, signing, headteacher):
    client.force_login(headteacher)

    html = client.post(reverse("verify_record"), {}).content.decode()

    assert "Choose the PDF file to check." in html


def test_staff_without_oversight_do_not_see_the_check_page(client, signing, staff_user):
    client.force_login(staff_user)

    assert client.get(reverse("verify_record")).status_code == 404


def test_the_verify_record_command(sealed, tmp_path):
    good = tmp_path / "good.pdf"
    good.write_bytes(sealed.pdf_bytes())
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"not a pdf")
    out = io.StringIO()

    call_command("verify_record", str(good), stdout=out)
    assert sealed.request.reference in out.getvalue()

    with pytest.raises(CommandError, match="This file is not a PDF"):
        call_command("verify_record", str(bad), stdout=io.StringIO())


def test_my_requests_links_to_the_signed_pdf(client, sealed, staff_user):
    client.force_login(staff_user)
    latest = reverse("latest_sealed_record", args=[sealed.request.public_id])

    html = client.get(reverse("forms_app:my_requests")).content.decode()
    response = client.get(latest)

    assert latest in html
    assert b"".join(response.streaming_content) == sealed.pdf_bytes()


def test_before_sealing_the_pdf_link_explains_it_is_being_prepared(
    client, signing, entry, approved_request, staff_user
):
    client.force_login(staff_user)

    response = client.get(reverse("latest_sealed_record", args=[approved_request.public_id]), follow=True)

    assert "still being prepared" in response.content.decode()


def test_the_sealed_pdf_is_ready_to_attach_to_the_final_approval_email(sealed, approved_request):
    from forms_app.register.records import sealed_record_attachments

    assert sealed_record_attachments(approved_request) == [(sealed.filename, sealed.pdf_bytes(), "application/pdf")]


def test_a_new_final_approval_gets_a_new_record_and_the_first_stays(sealed, approved_request, headteacher):
    from django.utils import timezone

    from forms_app.constants import DecisionOutcome
    from forms_app.models import ApprovalDecision

    ApprovalDecision.objects.create(
        request=approved_request,
        step=ApprovalStep.HEADTEACHER,
        outcome=DecisionOutcome.APPROVED,
        approver=headteacher,
        approver_name=headteacher.display_name(),
        attestation=ATTESTATIONS[ApprovalStep.HEADTEACHER],
        decided_at=timezone.now(),
    )
    assert list(requests_missing_record()) == [approved_request]

    second = seal_record(site_request=approved_request)

    assert second.approval_round == 2
    assert list(SealedRecord.objects.filter(request=approved_request)) == [sealed, second]
    assert verify_pdf(sealed.pdf_bytes()).record == sealed


@pytest.mark.parametrize("problem", ["wrong_passphrase", "missing_file"])
def test_an_unreadable_certificate_is_a_clear_error(signing, settings, problem):
    from forms_app.register.records import SealingUnavailable, load_signer

    if problem == "wrong_passphrase":
        settings.RECORD_SIGNING_PASSPHRASE = "not-the-passphrase"
    else:
        settings.RECORD_SIGNING_PKCS12 = "/nonexistent/seal.p12"

    with pytest.raises(SealingUnavailable, match="could not be read"):
        load_signer()
