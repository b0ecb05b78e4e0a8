"""The outbox: every email about a request or a register entry, rendered when it was decided and sent by the worker."""

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["OutgoingEmail"]


class OutgoingEmail(models.Model):
    """One email, rendered in the transaction that caused it and delivered later by the task worker.

    ``forms_app.emails.send_email`` creates it and enqueues ``deliver_email`` in the same
    transaction, so a decision and its emails are saved together or not at all, and a
    mail server that is down delays an email instead of failing the decision. The worker
    sends it, retrying with back-off; ``status`` says where it is and ``last_error`` why
    the latest attempt failed. Site administrators read these under Reports.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    template = models.CharField(_("message"), max_length=100)
    subject = models.CharField(_("subject"), max_length=255)
    to = models.JSONField(_("to"), default=list, help_text=_("The recipients' addresses."))
    body_text = models.TextField(_("plain text"))
    body_html = models.TextField(_("HTML"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    # The signed Appendix B PDF to attach, read from its private storage when the email is sent.
    sealed_record = models.ForeignKey(
        "forms_app.SealedRecord",
        verbose_name=_("attached sealed record"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("outgoing email")
        verbose_name_plural = _("outgoing emails")
        indexes = [models.Index(fields=["status", "created_at"], name="forms_outbox_status_idx")]

    def __str__(self) -> str:
        return self.subject

    @property
    def recipients(self) -> str:
        """The addresses, comma-separated (for the admin report)."""
        return ", ".join(self.to)
