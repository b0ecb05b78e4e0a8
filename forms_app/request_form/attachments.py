"""Supporting documents on a request: what may be attached, checked by the file's content, not its name.

Appendix B asks for none, but approvers ask to see mock-ups, screenshots and draft consent
letters; these travel with the request instead of by email.
"""

import io
import zipfile

from django import forms
from django.utils.translation import gettext_lazy as _

__all__ = [
    "MAX_ATTACHMENTS",
    "MAX_ATTACHMENT_BYTES",
    "ALLOWED_TYPES",
    "ACCEPT",
    "detect_type",
    "check_upload",
    "AttachmentForm",
]

MAX_ATTACHMENTS = 5  # per request: enough for a mock-up, screenshots and a consent letter
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024  # 10 MB per file

# Content type found -> (extensions accepted, what the author is told).
ALLOWED_TYPES = {
    "application/pdf": ((".pdf",), "PDF"),
    "image/png": ((".png",), "PNG"),
    "image/jpeg": ((".jpg", ".jpeg"), "JPEG"),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ((".docx",), "Word (DOCX)"),
}
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# The file input's ``accept`` attribute: what the browser offers first (the server still checks the content).
ACCEPT = ",".join(ext for extensions, _label in ALLOWED_TYPES.values() for ext in extensions)


def detect_type(uploaded) -> str | None:
    """Return the content type of ``uploaded`` (a Django ``UploadedFile``) from its first bytes, or None.

    PDF (``%PDF-``), PNG (its 8-byte signature), JPEG (``FF D8 FF``), and DOCX: a zip
    container (``PK\\x03\\x04``) holding ``[Content_Types].xml`` and ``word/document.xml``.
    Anything else, a renamed program included, is None. The file is left at its start.
    """
    uploaded.seek(0)
    head = uploaded.read(8)
    uploaded.seek(0)
    found = None
    if head.startswith(b"%PDF-"):
        found = "application/pdf"
    elif head == b"\x89PNG\r\n\x1a\n":
        found = "image/png"
    elif head.startswith(b"\xff\xd8\xff"):
        found = "image/jpeg"
    elif head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(uploaded.read())) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            names = set()
        finally:
            uploaded.seek(0)
        if {"[Content_Types].xml", "word/document.xml"} <= names:
            found = DOCX
    return found


def check_upload(uploaded, *, existing: int) -> str:
    """Return the content type of ``uploaded`` (a Django ``UploadedFile``) if a request holding
    ``existing`` files may have it attached; raise ``forms.ValidationError`` saying why not.

    The rules of every file on a request, Appendix B's supporting documents and a built
    form's file questions alike: at most ``MAX_ATTACHMENTS`` per request, each at most
    ``MAX_ATTACHMENT_BYTES``, and a PDF, PNG, JPEG or Word file by its content
    (``detect_type``) with a matching extension.
    """
    if existing >= MAX_ATTACHMENTS:
        raise forms.ValidationError(
            _("A request can have up to %(max)s files: remove one before adding another."),
            params={"max": MAX_ATTACHMENTS},
        )
    if uploaded.size > MAX_ATTACHMENT_BYTES:
        raise forms.ValidationError(
            _("%(name)s is %(size)s MB: the file must be 10 MB or smaller."),
            params={"name": uploaded.name, "size": f"{uploaded.size / 1024 / 1024:.1f}"},
        )
    found = detect_type(uploaded)
    extension = "." + uploaded.name.rsplit(".", 1)[-1].lower() if "." in uploaded.name else ""
    if found is None or extension not in ALLOWED_TYPES[found][0]:
        raise forms.ValidationError(
            _("%(name)s is not a PDF, PNG, JPEG or Word (DOCX) file: upload one of those types."),
            params={"name": uploaded.name},
        )
    return found


class AttachmentForm(forms.Form):
    """One file to attach. Takes ``existing`` (how many the request has). Sets ``content_type`` when valid."""

    file = forms.FileField(
        label=_("Upload a file"),
        help_text=_("PDF, PNG, JPEG or Word (DOCX), up to 10 MB. You can attach up to 5 files."),
        error_messages={
            "required": _("Choose a file to upload"),
            "empty": _("The file you chose is empty: choose another"),
            "invalid": _("Choose a file to upload"),
        },
    )

    def __init__(self, *args, existing: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.existing = existing
        self.content_type = ""
        self.fields["file"].widget.attrs["accept"] = ACCEPT

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        self.content_type = check_upload(uploaded, existing=self.existing)
        return uploaded
