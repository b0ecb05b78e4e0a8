"""The sealed approval record: Appendix B rendered to PDF, signed with the trust's certificate, kept once.

At final approval (after the approval's transaction commits) the approval record page's
template is rendered to PDF with WeasyPrint (the same template as the screen and print,
with ``pdf=True``), sealed with a PAdES signature by pyHanko using the trust's
certificate (``RECORD_SIGNING_*`` settings) and stored with its SHA-256 as a
``SealedRecord``. A rendering or signing failure never blocks the decision: it is
logged, and ``manage.py seal_records`` seals every approved request still missing its
record. ``verify_pdf`` tells whether a PDF is such a record, unaltered.
"""

import asyncio
import datetime
import hashlib
import io
import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Count, F, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Greatest
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from ..answers import present_answers
from ..constants import ATTESTATIONS, EXTERNAL_GROUPS, ApprovalStep, AudienceGroup, DecisionOutcome, RequestStatus
from ..emails import absolute_url, send_email
from ..models import ApprovalDecision, RegisterEntry, SealedRecord, SocialMediaSiteRequest
from .selectors import approved_decisions_for

__all__ = [
    "LONDON",
    "SealingUnavailable",
    "Verification",
    "approval_record_context",
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

LONDON = ZoneInfo("Europe/London")
SIGNATURE_FIELD = "TrustApprovalSeal"
GROUP_QUESTIONS = ("audience", "contributors")


class SealingUnavailable(Exception):
    """The record cannot be sealed on this server now; the message says what to set up.

    Raised when no signing certificate is configured, the configured one cannot be read,
    or WeasyPrint's system libraries (Pango) are missing. ``seal_records`` retries later.
    """


# -- the record's contents (shared by the page and the PDF) ------------------------------------


def load_record_request(**lookup) -> SocialMediaSiteRequest | None:
    """The request matching ``lookup`` (e.g. ``public_id=...``) with everything its record shows, or None."""
    return (
        SocialMediaSiteRequest.objects.select_related(
            "school", "author__school", "line_manager__school", "platform", "policy_page"
        )
        .prefetch_related("site_people__user__school", "decisions__approver__school")
        .filter(**lookup)
        .first()
    )


def approval_record_context(site_request: SocialMediaSiteRequest) -> dict:
    """The template context of ``templates/forms_app/approval_record.html`` for ``site_request``.

    Every Appendix B answer, in the form's order, through ``forms_app.answers.present_answers``
    (the audience and contributors as tick boxes, their details beneath), the declaration,
    and both approvals: the decision (approver's name, account and school), the exact
    attestation signed and the signing time in Europe/London. No query once the request
    comes from ``load_record_request``.
    """
    decisions = approved_decisions_for(site_request)
    approvals = []
    for step in (ApprovalStep.ICT_MANAGER, ApprovalStep.HEADTEACHER):
        decision = decisions.get(step)
        approvals.append(
            {
                "step": step,
                "title": step.label,
                "attestation": decision.attestation if decision and decision.attestation else ATTESTATIONS[step],
                "decision": decision,
                "signed_at": decision.decided_at.astimezone(LONDON) if decision else None,
            }
        )
    groups = [(value, label) for value, label in AudienceGroup.choices]
    sections = {
        section.key: section.answers
        for section in present_answers(site_request, include_blank=True, include_declaration=True)
    }
    return {
        "site_request": site_request,
        "team": sections["team"],
        "purpose": sections["purpose"],
        "audience_details": [a for a in sections["audience"] if a.name not in GROUP_QUESTIONS],
        "contributors_details": [a for a in sections["contributors"] if a.name not in GROUP_QUESTIONS],
        "administration": sections["administration"],
        "declaration": sections["declaration"],
        "approvals": approvals,
        "audience": [(label, value in site_request.audience) for value, label in groups],
        "contributors": [(label, value in site_request.contributors) for value, label in groups],
        "has_external_contributors": bool(EXTERNAL_GROUPS & set(site_request.contributors)),
    }


@cache
def _record_css() -> str:
    path = finders.find("css/approval-record-print.css")
    return Path(path).read_text(encoding="utf-8") if path else ""


def _refuse_fetch(url: str, *args, **kwargs):
    # The record is self-contained (styles inline): WeasyPrint must never fetch a URL a user typed.
    raise ValueError(f"Approval records do not load external resources ({url}).")


def render_record_html(site_request: SocialMediaSiteRequest, *, sealed_at: datetime.datetime) -> str:
    """The approval record as one self-contained HTML document for the PDF (styles inline)."""
    context = approval_record_context(site_request) | {
        "pdf": True,
        "base_template": "forms_app/records/pdf_base.html",
        "record_css": _record_css(),
        "sealed_at": sealed_at.astimezone(LONDON),
        "trust_name": settings.WAGTAIL_SITE_NAME,
    }
    return render_to_string("forms_app/approval_record.html", context)


def render_record_pdf(site_request: SocialMediaSiteRequest, *, sealed_at: datetime.datetime) -> bytes:
    """Render the approval record of ``site_request`` to an (unsigned) PDF; return its bytes.

    Raises ``SealingUnavailable`` when WeasyPrint cannot load its system libraries
    (Debian: ``apt-get install libpango-1.0-0 libpangoft2-1.0-0``).
    """
    try:
        import weasyprint
    except OSError as exc:  # Pango or its fonts missing: WeasyPrint fails at import
        raise SealingUnavailable(
            _("PDF rendering needs Pango (apt-get install libpango-1.0-0 libpangoft2-1.0-0): %(error)s")
            % {"error": exc}
        ) from exc
    html = render_record_html(site_request, sealed_at=sealed_at)
    return weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=_refuse_fetch).write_pdf()


# -- the trust's signing certificate ----------------------------------------------------------


def _demo_certificate(folder: Path) -> tuple[Path, Path]:
    """Make (once) a self-signed certificate and key in ``folder`` for the demonstration intranet."""
    key_path, cert_path = folder / "demo-signing-key.pem", folder / "demo-signing-cert.pem"
    if key_path.exists() and cert_path.exists():
        return key_path, cert_path
    from .signing_certificates import write_self_signed_certificate

    folder.mkdir(parents=True, exist_ok=True)
    write_self_signed_certificate(
        key_path=key_path, cert_path=cert_path, common_name=f"{settings.WAGTAIL_SITE_NAME} approval records (demo)"
    )
    return key_path, cert_path


def load_signer():
    """Return pyHanko's ``SimpleSigner`` for the trust's certificate, from the settings.

    ``RECORD_SIGNING_PKCS12`` (a PKCS#12 file) with ``RECORD_SIGNING_PASSPHRASE``, or
    ``RECORD_SIGNING_KEY`` and ``RECORD_SIGNING_CERT`` (PEM files); in development a
    self-signed certificate is made in ``RECORD_SIGNING_DEMO_DIR``. Raises
    ``SealingUnavailable`` when none is configured or the files cannot be read.
    """
    from pyhanko.sign import signers

    passphrase = settings.RECORD_SIGNING_PASSPHRASE.encode() or None
    if settings.RECORD_SIGNING_PKCS12:
        source = settings.RECORD_SIGNING_PKCS12
        try:
            signer = signers.SimpleSigner.load_pkcs12(source, passphrase=passphrase)
        except (OSError, ValueError) as exc:
            raise SealingUnavailable(
                _("The signing certificate %(path)s could not be read: %(error)s") % {"path": source, "error": exc}
            ) from exc
    else:
        key, cert = settings.RECORD_SIGNING_KEY, settings.RECORD_SIGNING_CERT
        if not (key and cert) and settings.RECORD_SIGNING_DEMO_DIR:
            key, cert = _demo_certificate(Path(settings.RECORD_SIGNING_DEMO_DIR))
        if not (key and cert):
            raise SealingUnavailable(
                _(
                    "No signing certificate is configured: set RECORD_SIGNING_PKCS12 and RECORD_SIGNING_PASSPHRASE, "
                    "or RECORD_SIGNING_KEY and RECORD_SIGNING_CERT."
                )
            )
        source = str(cert)
        try:
            signer = signers.SimpleSigner.load(str(key), source, key_passphrase=passphrase)
        except (OSError, ValueError) as exc:
            raise SealingUnavailable(
                _("The signing certificate %(path)s could not be read: %(error)s") % {"path": source, "error": exc}
            ) from exc
    if signer is None:  # pyHanko logs the reason and returns None for a file it cannot read
        raise SealingUnavailable(
            _("The signing certificate %(path)s could not be read (check the file and its passphrase).")
            % {"path": source}
        )
    return signer


def signing_certificate():
    """The trust's signing certificate (``asn1crypto`` ``Certificate``); ``SealingUnavailable`` if none."""
    return load_signer().signing_cert


def certificate_sha256(certificate) -> str:
    """Hex SHA-256 of a certificate's DER encoding."""
    return hashlib.sha256(certificate.dump()).hexdigest()


def _outside_event_loop(function, /, *args, **kwargs):
    """Call ``function``; in a worker thread when this thread runs an asyncio event loop.

    pyHanko's synchronous API runs its own event loop (``asyncio.run``), which cannot
    start inside a running one (an ASGI server, a browser test driving Playwright).
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return function(*args, **kwargs)
    with ThreadPoolExecutor(max_workers=1) as executor:
        return executor.submit(function, *args, **kwargs).result()


def seal_pdf(pdf: bytes, *, signer=None, reason: str = "", location: str = "") -> bytes:
    """Sign ``pdf`` with a PAdES signature (``SIGNATURE_FIELD``) by ``signer`` (default: the trust's)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko.sign.fields import SigSeedSubFilter

    signer = signer or load_signer()
    metadata = signers.PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD,
        subfilter=SigSeedSubFilter.PADES,
        reason=reason or None,
        location=location or None,
    )
    output = io.BytesIO()
    _outside_event_loop(
        signers.PdfSigner(metadata, signer=signer).sign_pdf, IncrementalPdfFileWriter(io.BytesIO(pdf)), output=output
    )
    return output.getvalue()


# -- sealing ----------------------------------------------------------------------------------


def _final_approvals(site_request: SocialMediaSiteRequest) -> int:
    return site_request.decisions.filter(step=ApprovalStep.HEADTEACHER, outcome=DecisionOutcome.APPROVED).count()


def seal_record(*, site_request: SocialMediaSiteRequest) -> SealedRecord:
    """Render, sign and store the sealed record of the approved ``site_request``'s latest approval.

    Idempotent: one record per final approval (``approval_round``); if it exists it is
    returned unchanged. Logged on the register entry as ``forms_app.register.sealed``.
    Raises ``SealingUnavailable`` (nothing stored) when the server cannot render or sign,
    and ``ValueError`` for a request that is not approved.
    """
    if site_request.status != RequestStatus.APPROVED:
        raise ValueError(f"{site_request} is not approved: only approved requests have a sealed record.")
    approval_round = max(_final_approvals(site_request), 1)
    existing = SealedRecord.objects.filter(request=site_request, approval_round=approval_round).first()
    if existing is not None:
        return existing
    signer = load_signer()
    full = load_record_request(pk=site_request.pk)
    sealed_at = timezone.now()
    decision = approved_decisions_for(full).get(ApprovalStep.HEADTEACHER)
    approved_at = decision.decided_at if decision else sealed_at
    pdf = seal_pdf(
        render_record_pdf(full, sealed_at=sealed_at),
        signer=signer,
        reason=_("Approval record %(reference)s: Social Media Site Creation Approval Form (Appendix B)")
        % {"reference": full.reference},
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
    except SealingUnavailable as exc:
        logger.warning(
            "Approval record of request %s not sealed: %s Run manage.py seal_records later.", request_pk, exc
        )
    except Exception:
        logger.exception(
            "Approval record of request %s could not be sealed; manage.py seal_records retries.", request_pk
        )
    return None


@task
def seal_and_send_record(*, request_pk: int) -> str:
    """Seal the record of request ``request_pk`` and email the signed PDF; return "sealed" or "not sealed".

    Run by the task worker after the final approval commits (the register's receiver
    enqueues it), so rendering never slows or blocks the Headteacher's decision. The
    author and both approvers get the PDF attached (Appendix B ends with each approver's
    "Name / Signature / Date": the school files the signed form). A failure is logged
    and ``manage.py seal_records`` seals it later.
    """
    record = seal_record_after_commit(request_pk=request_pk)
    if record is None:
        return "not sealed"
    site_request = load_record_request(pk=request_pk)
    approvers = [d.approver for d in approved_decisions_for(site_request).values()]
    recipients = [u.email for u in [site_request.author, *approvers] if u.is_active and u.email]
    send_email(
        "sealed_record",
        to=list(dict.fromkeys(recipients)),
        context={
            "reference": site_request.reference,
            "account_name": site_request.account_name,
            "school": site_request.school.name,
            "filename": record.filename,
            "url": absolute_url(reverse("approval_record", args=[site_request.public_id])),
        },
        sealed_record=record,
    )
    return "sealed"


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


# -- verification -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Verification:
    """The answer to "is this PDF a record issued by this intranet, unaltered?".

    ``status`` is one of ``"valid"``, ``"not_pdf"``, ``"unsigned"``, ``"altered"``,
    ``"untrusted"`` (signed, but not with the trust's certificate) or ``"unknown"``
    (signed by the trust and intact, but no record with this SHA-256: for example one
    deleted at the end of its retention). ``record`` is the matching ``SealedRecord``
    when ``status == "valid"``. ``message`` says it in a sentence for the user.
    """

    status: str
    message: str
    record: SealedRecord | None = None

    @property
    def is_valid(self) -> bool:
        return self.status == "valid"


def verify_pdf(data: bytes) -> Verification:
    """Check ``data`` (the bytes of an uploaded file) against the trust's signature and the stored records.

    Valid only when it is a PDF, its signature covers the whole file and validates with
    the trust's signing certificate as the trust root (``pyhanko.sign.validation``), and
    its SHA-256 matches a stored ``SealedRecord``. Raises ``SealingUnavailable`` when no
    signing certificate is configured (nothing can be checked).
    """
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.errors import SignatureValidationError
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    trust_root = signing_certificate()
    digest = hashlib.sha256(data).hexdigest()
    if data.lstrip()[:5] != b"%PDF-":
        return Verification("not_pdf", _("This file is not a PDF. Choose the approval record's PDF file."))
    try:
        signatures = PdfFileReader(io.BytesIO(data), strict=False).embedded_signatures
    except (PdfError, ValueError, KeyError, IndexError, TypeError) as exc:
        logger.info("Unreadable PDF uploaded for verification: %s", exc)
        return Verification("altered", _("This PDF is damaged or has been altered: it cannot be read as a record."))
    seals = [s for s in signatures if s.field_name == SIGNATURE_FIELD] or signatures
    if not seals:
        return Verification(
            "unsigned", _("This PDF has no digital signature: it is not a sealed approval record from this intranet.")
        )
    try:
        status = _outside_event_loop(validate_pdf_signature, seals[-1], ValidationContext(trust_roots=[trust_root]))
    except (SignatureValidationError, PdfError, ValueError, KeyError, TypeError) as exc:
        logger.info("Signature could not be validated: %s", exc)
        return Verification("altered", _("This PDF has been altered since it was sealed: its signature is broken."))
    if not status.intact or status.coverage != SignatureCoverageLevel.ENTIRE_FILE:
        return Verification("altered", _("This PDF has been altered since it was sealed: its signature is broken."))
    if not (status.valid and status.trusted):
        return Verification(
            "untrusted",
            _("This PDF is signed, but not with this intranet's certificate: it is not a record issued here."),
        )
    record = SealedRecord.objects.select_related("request__school").filter(sha256=digest).first()
    if record is None:
        return Verification(
            "unknown",
            _(
                "This PDF carries this intranet's signature and is unaltered, but no stored record matches it "
                "(it may have been deleted at the end of its retention period)."
            ),
        )
    return Verification(
        "valid",
        _("This is an approval record issued by this intranet, and it has not been altered."),
        record=record,
    )
