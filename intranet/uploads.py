"""Upload forms of the Wagtail admin: images that cannot be read are a form error, not a 500.

``WAGTAILIMAGES_IMAGE_FORM_BASE`` points at ``UploadedImageForm``: the form of "Add an
image", the multiple uploader and the image chooser's upload tab.
"""

from django.core.exceptions import ValidationError
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm


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
