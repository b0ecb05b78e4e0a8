"""Whether an uploaded PDF is an approval record sealed by this intranet, unaltered.

Separate from sealing (``records.py``) because it runs on anybody's upload, reads no
request and writes nothing: it checks the signature against the trust's certificate
(``record_signing.py``) and looks the file's SHA-256 up among the stored records.
"""

import hashlib
import io
import logging
from dataclasses import dataclass

from django.utils.translation import gettext as _

from ..models import SealedRecord
from .record_signing import SIGNATURE_FIELD, outside_event_loop, signing_certificate

__all__ = ["Verification", "verify_pdf"]

# The name the verification logged under before it had its own module, so log settings keep matching it.
logger = logging.getLogger("forms_app.register.records")


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
        status = outside_event_loop(validate_pdf_signature, seals[-1], ValidationContext(trust_roots=[trust_root]))
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
