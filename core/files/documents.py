"""Private-by-default documents: the "Staff only" collection and the rules that keep documents in it.

Wagtail serves documents through its serve view (``WAGTAILDOCS_SERVE_METHOD = "serve_view"``),
which applies the privacy of the document's *collection*; the privacy of the pages that
link to a document does not apply to it. So:

- The "Staff only" collection (created by ``policy.0005_staff_only_documents_collection``)
  has a "login" view restriction: only signed-in people download its documents.
- New uploads default to it: the upload form preselects it
  (``WAGTAILDOCS_DOCUMENT_FORM_BASE``), and a new document saved in the root collection
  (the multiple uploader's first choice, code that names no collection) is put in it.
  Public documents are put in a public collection on purpose ("Parent guidance").
- When a page that is staff-only (a page or ancestor has a view restriction) is
  published, each document it links to that sits in a public collection is moved to
  "Staff only", unless a live public page also links to it (then it stays, and a warning
  is logged, since moving it would break that public link).
"""

import logging

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.documents import get_document_model
from wagtail.log_actions import log
from wagtail.models import Collection, Page, ReferenceIndex

logger = logging.getLogger(__name__)

STAFF_ONLY_COLLECTION = "Staff only"


def staff_only_collection() -> Collection | None:
    """Return the "Staff only" collection (a child of the root with a view restriction), or None if missing."""
    return (
        Collection.objects.filter(depth=2, name=STAFF_ONLY_COLLECTION, view_restrictions__isnull=False)
        .order_by("path")
        .first()
    )


def is_public_collection(collection: Collection) -> bool:
    """Return whether anyone, signed in or not, may download documents in ``collection`` (no restriction on it
    or its ancestors)."""
    return not collection.get_view_restrictions().exists()


def is_public_page(page: Page) -> bool:
    """Return whether ``page`` is live and has no view restriction on it or its ancestors."""
    return page.live and not page.get_view_restrictions().exists()


def put_new_root_documents_in_staff_only(sender, instance, **kwargs) -> None:
    """``pre_save`` receiver for the document model: a new document in the root collection goes to "Staff only"."""
    if not instance._state.adding or instance.collection_id is None:
        return
    if instance.collection.is_root():
        staff_only = staff_only_collection()
        if staff_only is not None:
            instance.collection = staff_only


def linked_documents(page: Page) -> list:
    """Return the documents ``page`` links to (rich text links, document blocks), from Wagtail's reference index."""
    Document = get_document_model()
    with transaction.atomic():
        ReferenceIndex.create_or_update_for_object(page)
    document_type = ContentType.objects.get_for_model(Document)
    ids = (
        ReferenceIndex.get_references_for_object(page)
        .filter(to_content_type=document_type)
        .values_list("to_object_id", flat=True)
    )
    return list(Document.objects.filter(pk__in=[int(pk) for pk in ids if str(pk).isdigit()]))


def linked_from_a_public_page(document) -> bool:
    """Return whether a live public page links to ``document``."""
    page_type = ContentType.objects.get_for_model(Page)
    page_ids = (
        ReferenceIndex.get_references_to(document)
        .filter(base_content_type=page_type)
        .values_list("object_id", flat=True)
    )
    return any(is_public_page(page) for page in Page.objects.filter(pk__in=[int(pk) for pk in page_ids]))


def keep_documents_of_staff_only_pages_private(*, page: Page, user=None) -> list:
    """Move the public-collection documents that staff-only ``page`` links to into "Staff only".

    Takes a page (any type) and the user who published it (for the audit log). Returns
    the documents moved. Does nothing for a public page, or if "Staff only" is missing.
    A document that a live public page also links to is left where it is and a warning
    is logged (naming both), as moving it would break the public page's link.
    """
    if is_public_page(page):
        return []
    staff_only = staff_only_collection()
    if staff_only is None:
        logger.warning(
            "The %r collection is missing; documents of staff-only pages were not checked.", STAFF_ONLY_COLLECTION
        )
        return []
    moved = []
    for document in linked_documents(page):
        if not is_public_collection(document.collection):
            continue
        if linked_from_a_public_page(document):
            logger.warning(
                "Document %s (%r) is linked from staff-only page %s and from a public page, so it stays public.",
                document.pk,
                document.title,
                page.pk,
            )
            continue
        with transaction.atomic():
            document.collection = staff_only
            document.save(update_fields=["collection"])
            log(instance=document, action="wagtail.edit", user=user)
        moved.append(document)
    return moved


def on_page_published(sender, instance, revision=None, **kwargs) -> None:
    """``page_published`` receiver: see ``keep_documents_of_staff_only_pages_private``."""
    user = getattr(revision, "user", None) if revision is not None else None
    keep_documents_of_staff_only_pages_private(page=instance, user=user)
