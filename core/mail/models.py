"""The outbox: every email the intranet sends is one ``OutgoingEmail`` row before the worker delivers it."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..fields import optional_link

__all__ = ["OutgoingEmail"]


class OutgoingEmail(models.Model):
    """One email, stored in the transaction that caused it and delivered later by the task worker.

    Two ways in, one way out: ``core.mail.send_email`` renders a template trio, and the
    default mailer (``core.mail.backends.OutboxBackend``) stores any ``EmailMessage``
    Django, Wagtail or allauth send. Both enqueue ``core.mail.delivery.deliver_email`` in
    the same transaction, so a decision and its emails are saved together or not at all,
    and a mail server that is down delays an email instead of failing the decision. The
    worker sends it through the delivery mailer, retrying with back-off; ``status`` says
    where it is and ``last_error`` why the latest attempt failed. Site administrators read
    these under Reports → Outgoing emails.

    ``template`` is the base path of the template trio (e.g. ``forms_app/emails/submitted``),
    blank for a ready-made message. ``from_email`` blank means ``DEFAULT_FROM_EMAIL`` when
    sent. ``attachment`` is any object with an ``email_attachment()`` method returning
    ``(filename, bytes, mimetype)``, read when the email is sent (so a large signed PDF is
    never copied into the outbox); ``files`` holds a ready-made message's own attachments
    as ``[{"filename", "content" (base64), "mimetype"}]``.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    template = models.CharField(_("message"), max_length=100, blank=True)
    subject = models.CharField(_("subject"), max_length=255)
    from_email = models.CharField(_("from"), max_length=255, blank=True)
    to = models.JSONField(_("to"), default=list, help_text=_("The recipients' addresses."))
    cc = models.JSONField(_("cc"), default=list, blank=True)
    bcc = models.JSONField(_("bcc"), default=list, blank=True)
    reply_to = models.JSONField(_("reply to"), default=list, blank=True)
    headers = models.JSONField(_("extra headers"), default=dict, blank=True)
    body_text = models.TextField(_("plain text"))
    body_html = models.TextField(_("HTML"), blank=True)
    files = models.JSONField(_("attached files"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    attachment_type = optional_link(ContentType, _("attachment type"))
    attachment_id = models.PositiveBigIntegerField(_("attachment id"), null=True, blank=True)
    attachment = GenericForeignKey("attachment_type", "attachment_id")

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("outgoing email")
        verbose_name_plural = _("outgoing emails")
        indexes = [models.Index(fields=["status", "created_at"], name="core_outbox_status_idx")]

    def __str__(self) -> str:
        return self.subject

    @property
    def recipients(self) -> str:
        """The addresses (to, cc and bcc), comma-separated (for the admin report)."""
        return ", ".join([*self.to, *self.cc, *self.bcc])
