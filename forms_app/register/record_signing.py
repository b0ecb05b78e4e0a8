"""The trust's signing certificate and the PAdES seal put on an approval record's PDF.

Separate from rendering (``record_rendering.py``) and from the sealing workflow
(``records.py``) because it is the only code that touches keys and certificates; the
verification of an uploaded PDF (``record_verification.py``) checks against the same
certificate and signature field.
"""

import asyncio
import hashlib
import io
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

__all__ = [
    "SIGNATURE_FIELD",
    "SealingUnavailable",
    "certificate_sha256",
    "load_signer",
    "seal_pdf",
    "signing_certificate",
]

SIGNATURE_FIELD = "TrustApprovalSeal"


class SealingUnavailable(Exception):
    """The record cannot be sealed on this server now; the message says what to set up.

    Raised when no signing certificate is configured, the configured one cannot be read,
    or WeasyPrint's system libraries (Pango) are missing. ``seal_records`` retries later.
    """


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


def outside_event_loop(function, /, *args, **kwargs):
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
    outside_event_loop(
        signers.PdfSigner(metadata, signer=signer).sign_pdf, IncrementalPdfFileWriter(io.BytesIO(pdf)), output=output
    )
    return output.getvalue()
