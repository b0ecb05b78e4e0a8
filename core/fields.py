"""Model fields that several apps declare the same way."""

from django.db import models

__all__ = ["optional_link"]


def optional_link(to, verbose_name=None, **options) -> models.ForeignKey:
    """Return a foreign key to ``to`` that may be empty and is emptied when its target is deleted.

    For a link that is useful but not part of what the row records (the statement page the
    footer links to, the image shown on a page, the revision a record was made from):
    deleting the target never deletes this row or is refused because of it, and the target
    gets no reverse accessor (``related_name="+"``). ``verbose_name`` and any other
    ``ForeignKey`` option (``help_text``, ``editable``) are passed on unchanged.
    """
    return models.ForeignKey(
        to,
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        **options,
    )
