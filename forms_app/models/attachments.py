"""Files an author attaches to a request (mock-ups, screenshots, consent letter drafts), stored privately."""

import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.db import models
from django.utils import timezone
from django.utils.functional import LazyObject
from django.utils.translation import gettext_lazy as _

__all__ = ["LocalAttachmentStorage", "PrivateAttachmentStorage", "RequestAttachment", "attachments_root"]


def attachments_root() -> Path:
    """Where attachments are stored: the setting ``FORMS_APP_ATTACHMENTS_ROOT``, by default
    ``private/attachments`` beside the project. Never under ``MEDIA_ROOT``: the web server
    publishes that folder, and attachments are read only through a view that checks who asks."""
    default = Path(settings.BASE_DIR) / "private" / "attachments"
    return Path(getattr(settings, "FORMS_APP_ATTACHMENTS_ROOT", default))


class LocalAttachmentStorage(FileSystemStorage):
    """A ``FileSystemStorage`` at ``attachments_root()`` (read when used, so tests may move it) with no URL."""

    def __init__(self):
        super().__init__(location=None, base_url=None)

    @property
    def base_location(self):
        return str(attachments_root())

    @property
    def location(self):
        return str(attachments_root().resolve())

    def url(self, name):
        raise ValueError("Attachments have no public address: serve them through forms_app:attachment.")


class PrivateAttachmentStorage(LazyObject):
    """The attachments' storage: ``STORAGES["attachments"]`` when the settings name one (shared storage on
    Azure, ``intranet.settings.env.azure_storages``), else ``LocalAttachmentStorage``. Chosen when first used."""

    def _setup(self):
        configured = "attachments" in settings.STORAGES
        self._wrapped = storages["attachments"] if configured else LocalAttachmentStorage()

    def deconstruct(self):
        # As the migrations name it: the choice of backend is the settings', not the model's.
        return ("forms_app.models.attachments.PrivateAttachmentStorage", (), {})


def _attachment_path(instance: "RequestAttachment", filename: str) -> str:
    # A random name: the author's file name is kept only as data (``original_name``), never as a path.
    return f"{instance.request.public_id}/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class RequestAttachment(models.Model):
    """One file attached to a request by its author: PDF, PNG, JPEG or DOCX, checked by its content.

    ``original_name`` is the name the author's file had (shown, never used as a path);
    ``content_type`` is the type found from the file's first bytes. Limits (five per
    request, 10 MB each) are ``forms_app.request_form.attachments``'s.
    """

    request = models.ForeignKey(
        "forms_app.SocialMediaSiteRequest", on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), storage=PrivateAttachmentStorage(), upload_to=_attachment_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("request attachment")

    def __str__(self) -> str:
        return self.original_name
