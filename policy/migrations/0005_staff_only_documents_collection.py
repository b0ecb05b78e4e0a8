"""Create the "Staff only" collection, private to signed-in people, where documents go by default.

Documents are served through Wagtail's serve view, which applies *collection* privacy (not
page privacy). A collection view restriction of type "login" on "Staff only" means its
documents are downloaded only by people signed in; anyone else is sent to the sign-in page.
Uploads default to it (``intranet.documents``), and a document linked from a staff-only
page is moved into it when that page is published. Names are written out because a
migration must keep doing what it did when it was written.
"""

from django.db import migrations

COLLECTION_NAME = "Staff only"
# Collections are a materialised-path tree (django-treebeard): each level adds four
# base-36 characters to the parent's path.
STEPLEN = 4
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _encode_step(number: int) -> str:
    digits = ""
    while number:
        number, remainder = divmod(number, len(ALPHABET))
        digits = ALPHABET[remainder] + digits
    return digits.rjust(STEPLEN, "0")


def create_staff_only_collection(apps, schema_editor):
    Collection = apps.get_model("wagtailcore", "Collection")
    CollectionViewRestriction = apps.get_model("wagtailcore", "CollectionViewRestriction")
    root = Collection.objects.filter(depth=1).order_by("path").first()
    collection = Collection.objects.filter(depth=2, path__startswith=root.path, name=COLLECTION_NAME).first()
    if collection is None:
        last_child = Collection.objects.filter(depth=2, path__startswith=root.path).order_by("-path").first()
        step = int(last_child.path[-STEPLEN:], 36) + 1 if last_child else 1
        collection = Collection.objects.create(
            name=COLLECTION_NAME, path=root.path + _encode_step(step), depth=2, numchild=0
        )
        root.numchild = Collection.objects.filter(depth=2, path__startswith=root.path).count()
        root.save(update_fields=["numchild"])
    if not CollectionViewRestriction.objects.filter(collection=collection).exists():
        CollectionViewRestriction.objects.create(collection=collection, restriction_type="login", password="")


def remove_staff_only_collection(apps, schema_editor):
    """Remove the collection only if it is empty: documents in it must never become public."""
    Collection = apps.get_model("wagtailcore", "Collection")
    Document = apps.get_model("wagtaildocs", "Document")
    for collection in Collection.objects.filter(depth=2, name=COLLECTION_NAME):
        if not Document.objects.filter(collection=collection).exists():
            collection.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("policy", "0004_parent_guidance_collection_and_workflow"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(create_staff_only_collection, remove_staff_only_collection)]
