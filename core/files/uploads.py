"""Upload forms of the Wagtail admin.

- ``UploadedImageForm`` (``WAGTAILIMAGES_IMAGE_FORM_BASE``): an image that cannot be read
  is a form error, not a 500, in "Add an image", the multiple uploader and the chooser.
- ``UploadedDocumentForm`` (``WAGTAILDOCS_DOCUMENT_FORM_BASE``): new documents go to the
  "Staff only" collection unless another is chosen.
"""

from django.core.exceptions import ValidationError
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

from .documents import staff_only_collection


class UploadedImageField(WagtailImageField):
    """Wagtail's image field, turning any failure to read the image's size into a form error.

    Wagtail opens the upload with Willow and then reads its pixel size, catching only
    Pillow's decompression-bomb errors. A truncated or corrupt file (a PNG header followed
    by garbage) recognised as PNG by its first bytes then raised ``OSError`` ("Truncated
    File Read") or ``SyntaxError`` from Pillow, which became a 500 error at
    ``/admin/images/add/``. Here it is the field's own "not a valid image" error.
    """

    def check_image_pixel_size(self, f):
        try:
            super().check_image_pixel_size(f)
        except ValidationError:
            raise
        except Exception as exc:  # noqa: BLE001 - Pillow raises OSError, SyntaxError, ValueError, struct.error…
            # Django's message: "Upload a valid image. The file you uploaded was either not an
            # image or a corrupted image."
            raise ValidationError(self.error_messages["invalid_image"], code="invalid_image") from exc


class UploadedImageForm(BaseImageForm):
    """Wagtail's image form with ``UploadedImageField`` as its file field (where the form has one)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("file")
        if isinstance(field, WagtailImageField) and not isinstance(field, UploadedImageField):
            safe = UploadedImageField(
                label=field.label, required=field.required, widget=field.widget, help_text=field.help_text
            )
            safe.error_messages = field.error_messages
            self.fields["file"] = safe


class UploadedDocumentForm(BaseDocumentForm):
    """Wagtail's document form, with the "Staff only" collection preselected for a new document.

    ``WAGTAILDOCS_DOCUMENT_FORM_BASE`` points here. Someone who may add documents there sees
    it chosen already; a public document is put in a public collection on purpose. See
    ``core.files.documents`` for why documents are private by default.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("collection")
        if field is None or self.is_bound or self.instance.pk:
            return
        staff_only = staff_only_collection()
        if staff_only is not None and field.queryset.filter(pk=staff_only.pk).exists():
            self.initial["collection"] = staff_only.pk
