"""The sealed approval record: Appendix B rendered to PDF, signed with the trust's certificate, kept once.

At final approval (after the approval's transaction commits) the approval record page's
template is rendered to PDF with WeasyPrint (the same template as the screen and print,
with ``pdf=True``), sealed with a PAdES signature by pyHanko using the trust's
certificate (``RECORD_SIGNING_*`` settings) and stored with its SHA-256 as a
``SealedRecord``. A rendering or signing failure never blocks the decision: it is
logged, and ``manage.py seal_records`` seals every approved request still missing its
record. ``verify_pdf`` tells whether a PDF is such a record, unaltered.

This module holds the sealing itself and finding records; the rendering is in
``record_rendering.py``, the certificate and signature in ``record_signing.py`` and the
verification in ``record_verification.py``, all re-exported here so callers keep
importing ``forms_app.register.records``. The task ``seal_and_send_record`` stays defined
in this module, not merely re-exported: queued task rows store its dotted path
``forms_app.register.records.seal_and_send_record``, and tasks queued before an upgrade
must still find it.
"""

import hashlib
import logging

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Count, F, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Greatest
from django.tasks import task
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from core.mail.models import OutgoingEmail

from ..answers import answers_digest
from ..constants import ApprovalStep, DecisionOutcome, RequestStatus
from ..emails import absolute_url, request_names, send_email
from ..models import ApprovalDecision, RegisterEntry, SealedRecord, SocialMediaSiteRequest
from .record_rendering import (  # noqa: F401  (render_record_html: re-exported from its old home)
    LONDON,
    approval_record_context,
    last_approved_request,
    load_record_request,
    render_record_html,
    render_record_pdf,
)
from .record_signing import (  # noqa: F401  (signing_certificate: re-exported from its old home)
    SealingUnavailable,
    certificate_sha256,
    load_signer,
    seal_pdf,
    signing_certificate,
)
from .record_verification import Verification, verify_pdf
from .selectors import approved_decisions_for

__all__ = [
    "LONDON",
    "SealRefused",
    "SealingUnavailable",
    "Verification",
    "approval_record_context",
    "last_approved_request",
    "load_record_request",
    "render_record_pdf",
    "requests_missing_record",
    "seal_pdf",
    "seal_record",
    "seal_record_after_commit",
    "sealed_record_attachments",
    "sealed_record_for",
    "verify_pdf",
]

logger = logging.getLogger(__name__)


def _final_approvals(site_request: SocialMediaSiteRequest) -> int:
    return site_request.decisions.filter(step=ApprovalStep.HEADTEACHER, outcome=DecisionOutcome.APPROVED).count()


class SealRefused(Exception):
    """The answers about to be sealed are not those an approver decided on (issue 25); nothing is sealed."""


def _refuse_unseen_answers(site_request: SocialMediaSiteRequest, *, approval_round: int) -> None:
    """Raise ``SealRefused`` unless both standing approvals were of the answers ``site_request`` holds now.

    Compares each approval's ``answers_digest`` with ``answers.answers_digest`` of the
    request as it will be rendered; approvals made before digests were kept (blank) are not
    compared. A refusal is logged on the request as ``forms_app.register.seal_refused``, so
    it appears in Reports → Site history and the request's history.
    """
    digest = answers_digest(site_request)
    mismatched = [
        decision
        for decision in approved_decisions_for(site_request).values()
        if decision.answers_digest and decision.answers_digest != digest
    ]
    if not mismatched:
        return
    steps = ", ".join(d.step_label for d in mismatched)
    log(
        instance=site_request,
        action="forms_app.register.seal_refused",
        data={
            "reference": site_request.reference,
            "round": approval_round,
            "sealed_digest": digest,
            "approved_digests": {d.step: d.answers_digest for d in mismatched},
            "steps": steps,
        },
    )
    logger.error(
        "Approval record of %s not sealed: its answers are not those approved at %s.", site_request.reference, steps
    )
    raise SealRefused(
        _("The answers of %(reference)s are not those approved at: %(steps)s. The record was not sealed.")
        % {"reference": site_request.reference, "steps": steps}
    )


def _record_reason(site_request: SocialMediaSiteRequest) -> str:
    """The signature's reason: the reference and the form it was made on (a built form's title and version)."""
    if site_request.is_built_form:
        return _("Approval record %(reference)s: %(title)s (version %(version)s)") % {
            "reference": site_request.reference,
            "title": site_request.form_title,
            "version": site_request.form_version.number,
        }
    return _("Approval record %(reference)s: Social Media Site Creation Approval Form (Appendix B)") % {
        "reference": site_request.reference
    }


def seal_record(*, site_request: SocialMediaSiteRequest) -> SealedRecord:
    """Render, sign and store the sealed record of the approved ``site_request``'s latest approval.

    Idempotent: one record per final approval (``approval_round``); if it exists it is
    returned unchanged. Logged on the register entry as ``forms_app.register.sealed``.
    Raises ``SealingUnavailable`` (nothing stored) when the server cannot render or sign,
    ``SealRefused`` (nothing stored; logged for Reports → Site history) when an approval's
    digest is not the digest of the answers about to be sealed, and ``ValueError`` for a
    request that is not approved.
    """
    if site_request.status != RequestStatus.APPROVED:
        raise ValueError(f"{site_request} is not approved: only approved requests have a sealed record.")
    approval_round = max(_final_approvals(site_request), 1)
    existing = SealedRecord.objects.filter(request=site_request, approval_round=approval_round).first()
    if existing is not None:
        return existing
    full = load_record_request(pk=site_request.pk)
    _refuse_unseen_answers(full, approval_round=approval_round)
    signer = load_signer()
    sealed_at = timezone.now()
    decision = approved_decisions_for(full).get(ApprovalStep.HEADTEACHER)
    approved_at = decision.decided_at if decision else sealed_at
    pdf = seal_pdf(
        render_record_pdf(full, sealed_at=sealed_at),
        signer=signer,
        reason=_record_reason(full),
        location=str(full.school),
    )
    digest = hashlib.sha256(pdf).hexdigest()
    record = SealedRecord(
        request=full,
        approval_round=approval_round,
        revision_id=full.live_revision_id,
        sha256=digest,
        size=len(pdf),
        certificate_sha256=certificate_sha256(signer.signing_cert),
        approved_at=approved_at,
        created_at=sealed_at,
    )
    try:
        with transaction.atomic():
            record.pdf.save(f"{full.reference}-{approval_round}-{digest[:12]}.pdf", ContentFile(pdf), save=False)
            record.save()
            entry = RegisterEntry.objects.filter(request=full).first()
            if entry is not None:
                log(
                    instance=entry,
                    action="forms_app.register.sealed",
                    data={"reference": full.reference, "round": approval_round, "sha256": digest},
                )
    except IntegrityError:
        # Sealed at the same moment by another process (the command and the approval): keep theirs.
        record.pdf.storage.delete(record.pdf.name)
        return SealedRecord.objects.get(request=full, approval_round=approval_round)
    return record


def seal_record_after_commit(*, request_pk: int) -> SealedRecord | None:
    """Seal the record of request ``request_pk``; log instead of raising, so the approval is never affected.

    Called through ``transaction.on_commit`` by the register's receiver. Returns the
    record, or None when sealing failed (``seal_records`` retries).
    """
    try:
        return seal_record(site_request=SocialMediaSiteRequest.objects.get(pk=request_pk))
    except SealRefused:
        pass  # logged where it was refused, and shown in Reports → Site history
    except SealingUnavailable as exc:
        logger.warning(
            "Approval record of request %s not sealed: %s Run manage.py seal_records later.", request_pk, exc
        )
    except Exception:
        logger.exception(
            "Approval record of request %s could not be sealed; manage.py seal_records retries.", request_pk
        )
    return None


ALREADY_SENT = "already sealed and sent"


@task
def seal_and_send_record(*, request_pk: int) -> str:
    """Seal the record of request ``request_pk`` and email the signed PDF.

    Returns "sealed", "not sealed" or ``ALREADY_SENT``. Run by the task worker after the
    final approval commits (the register's receiver enqueues it), so rendering never slows
    or blocks the Headteacher's decision. The author and both approvers get the PDF
    attached (Appendix B ends with each approver's "Name / Signature / Date": the school
    files the signed form). A failure is logged and ``manage.py seal_records`` seals it later.

    Idempotent: a task run twice for the same approval (a retry, a queue delivering twice)
    finds the round's record already in the outbox and sends nothing more. The record's row
    is locked while the outbox is checked, so two runs at once send one email.
    """
    record = seal_record_after_commit(request_pk=request_pk)
    if record is None:
        return "not sealed"
    site_request = load_record_request(pk=request_pk)
    with transaction.atomic():
        SealedRecord.objects.select_for_update().filter(pk=record.pk).first()
        if _record_emailed(record):
            logger.info("Approval record %s was already sealed and sent: nothing sent again.", record)
            return ALREADY_SENT
        approvers = [d.approver for d in approved_decisions_for(site_request).values()]
        recipients = [u.email for u in [site_request.author, *approvers] if u.is_active and u.email]
        send_email(
            "sealed_record",
            to=list(dict.fromkeys(recipients)),
            context={
                **request_names(site_request),
                "reference": site_request.reference,
                "account_name": site_request.account_name,
                "school": site_request.school.name,
                "filename": record.filename,
                "url": absolute_url(reverse("approval_record", args=[site_request.public_id])),
            },
            sealed_record=record,
        )
    return "sealed"


def _record_emailed(record: SealedRecord) -> bool:
    """Whether the outbox already holds an email with ``record``'s PDF attached (queued, sent or failed). One query."""
    return OutgoingEmail.objects.filter(
        attachment_type=ContentType.objects.get_for_model(SealedRecord), attachment_id=record.pk
    ).exists()


def requests_missing_record() -> QuerySet[SocialMediaSiteRequest]:
    """Approved requests whose latest final approval has no sealed record yet (oldest first).

    A request's approval round is its number of final approvals (at least 1); it is
    missing its record when no ``SealedRecord`` has that round. One query.
    """
    finals = (
        ApprovalDecision.objects.filter(
            request=OuterRef("pk"), step=ApprovalStep.HEADTEACHER, outcome=DecisionOutcome.APPROVED
        )
        .order_by()
        .values("request")
        .annotate(n=Count("pk"))
        .values("n")
    )
    latest_sealed = SealedRecord.objects.filter(request=OuterRef("pk")).order_by("-approval_round")
    return (
        SocialMediaSiteRequest.objects.filter(status=RequestStatus.APPROVED)
        .annotate(
            approval_round=Greatest(Coalesce(Subquery(finals), Value(0)), Value(1)),
            sealed_round=Coalesce(Subquery(latest_sealed.values("approval_round")[:1]), Value(0)),
        )
        .filter(sealed_round__lt=F("approval_round"))
        .order_by("pk")
    )


def sealed_record_for(site_request: SocialMediaSiteRequest) -> SealedRecord | None:
    """The latest sealed record of ``site_request`` (its current approval), or None if not sealed yet."""
    return (
        SealedRecord.objects.filter(request=site_request).select_related("request").order_by("-approval_round").first()
    )


def sealed_record_attachments(site_request: SocialMediaSiteRequest) -> list[tuple[str, bytes, str]]:
    """The sealed PDF of ``site_request`` as email attachments: ``[(filename, bytes, "application/pdf")]``.

    Empty when it is not sealed (yet): the email then only links to the record. Shaped for
    ``EmailMessage.attach(*attachment)`` and for a task queue (plain, picklable values).
    """
    record = sealed_record_for(site_request)
    return [(record.filename, record.pdf_bytes(), "application/pdf")] if record else []
