"""The sealed approval record: the completed Appendix B as a signed PDF, kept once and never changed.

Appendix B ends with each approver's name, signature and date, and a school files the
signed form. The live approval record page changes if the data changes; a
``SealedRecord`` is the document as it stood at final approval, with the trust's PAdES
signature and its SHA-256, so a copy handed to a governor or an inspector can be checked
against it (``forms_app.register.records``).
"""

from django.core.exceptions import PermissionDenied
from django.core.files.storage import storages
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.fields import optional_link

__all__ = ["SealedRecord", "sealed_records_storage"]


def sealed_records_storage():
    """The private storage of sealed PDFs (``STORAGES["sealed_records"]``), never under ``MEDIA_URL``."""
    return storages["sealed_records"]


def sealed_record_path(instance: "SealedRecord", filename: str) -> str:
    return f"{instance.request.school_id}/{filename}"


class SealedRecordQuerySet(models.QuerySet):
    """Sealed records are written once: bulk updates and deletes are refused.

    The only way a record leaves is ``forms_app.register.retention.purge_expired_records``,
    after a site administrator confirms, and it is logged.
    """

    def update(self, **kwargs):
        raise PermissionDenied("Sealed approval records cannot be changed.")

    def delete(self):
        raise PermissionDenied("Sealed approval records are deleted only by purge_expired_records.")


class SealedRecord(models.Model):
    """One signed PDF of a request's completed Appendix B, made at its final approval.

    ``approval_round`` counts the request's final approvals (1 for the first; a request
    approved again after a new version gets 2, and the first record stays). ``revision``
    is the request's revision that was approved. ``sha256`` (hex) is the hash of the
    stored file; ``certificate_sha256`` the hash of the signing certificate (DER), so a
    record stays identifiable after the trust renews its certificate. Never updated;
    deleted only by the retention purge.
    """

    request = models.ForeignKey(
        "forms_app.SocialMediaSiteRequest",
        verbose_name=_("request"),
        on_delete=models.PROTECT,
        related_name="sealed_records",
    )
    approval_round = models.PositiveSmallIntegerField(_("approval round"), default=1)
    revision = optional_link("wagtailcore.Revision", _("approved revision"))
    pdf = models.FileField(
        _("signed PDF"), storage=sealed_records_storage, upload_to=sealed_record_path, max_length=255
    )
    sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64, unique=True)
    size = models.PositiveIntegerField(_("size in bytes"))
    certificate_sha256 = models.CharField(_("SHA-256 of the signing certificate"), max_length=64)
    approved_at = models.DateTimeField(_("final approval"))
    created_at = models.DateTimeField(_("sealed"), default=timezone.now, editable=False)

    objects = SealedRecordQuerySet.as_manager()

    class Meta:
        ordering = ["request_id", "approval_round"]
        verbose_name = _("sealed approval record")
        constraints = [
            models.UniqueConstraint(fields=["request", "approval_round"], name="forms_app_sealedrecord_once_per_round")
        ]

    def __str__(self) -> str:
        return f"{self.request.reference} sealed record {self.approval_round}"

    def save(self, *args, **kwargs):
        """Save a new record; refuses to save one that already exists (``PermissionDenied``)."""
        if self.pk is not None and not self._state.adding:
            raise PermissionDenied("Sealed approval records cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, purge: bool = False, **kwargs):
        """Refused (``PermissionDenied``) unless called by the retention purge with ``purge=True``."""
        if not purge:
            raise PermissionDenied("Sealed approval records are deleted only by purge_expired_records.")
        storage, name = self.pdf.storage, self.pdf.name
        result = super().delete(*args, **kwargs)
        if name:
            storage.delete(name)
        return result

    @property
    def filename(self) -> str:
        """The name a download is saved under, e.g. ``SM-2026-0042-approval-record-1.pdf``."""
        return f"{self.request.reference}-approval-record-{self.approval_round}.pdf"

    def pdf_bytes(self) -> bytes:
        """The signed PDF, read from the private storage (for an email attachment)."""
        with self.pdf.open("rb") as handle:
            return handle.read()

    def email_attachment(self) -> tuple[str, bytes, str]:
        """``(filename, PDF bytes, "application/pdf")``: what the outbox attaches when it sends (``core.mail``)."""
        return self.filename, self.pdf_bytes(), "application/pdf"
