"""Give the Communications group its own image and document collection, and a review workflow to switch on.

- A "Parent guidance" collection under the root collection. Communications may add, edit
  and choose images and documents there, and nowhere else, so it cannot change documents
  that belong to policies.
- A "Guidance review" workflow with one "Communications review" task (approved by the
  Communications group). It is created switched off and assigned to no page: a site
  administrator switches it on under Settings → Workflows without any code change
  (see docs/guidance.md).

Page permissions on the guidance section need the section's page, so they are granted by
``policy.guidance.demo`` (or by hand, as docs/guidance.md explains), not here. Names are
written out because a migration must keep doing what it did when it was written.
"""

from django.db import migrations

COMMUNICATIONS = "Communications"
COLLECTION_NAME = "Parent guidance"
WORKFLOW_NAME = "Guidance review"
TASK_NAME = "Communications review"
COLLECTION_PERMISSIONS = {
    ("wagtailimages", "image"): [
        ("add_image", "Can add image"),
        ("change_image", "Can change image"),
        ("choose_image", "Can choose image"),
    ],
    ("wagtaildocs", "document"): [
        ("add_document", "Can add document"),
        ("change_document", "Can change document"),
        ("choose_document", "Can choose document"),
    ],
}
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


def _guidance_collection(apps):
    Collection = apps.get_model("wagtailcore", "Collection")
    root = Collection.objects.filter(depth=1).order_by("path").first()
    existing = Collection.objects.filter(depth=2, path__startswith=root.path, name=COLLECTION_NAME).first()
    if existing is not None:
        return existing
    last_child = Collection.objects.filter(depth=2, path__startswith=root.path).order_by("-path").first()
    step = int(last_child.path[-STEPLEN:], 36) + 1 if last_child else 1
    collection = Collection.objects.create(
        name=COLLECTION_NAME, path=root.path + _encode_step(step), depth=2, numchild=0
    )
    root.numchild = Collection.objects.filter(depth=2, path__startswith=root.path).count()
    root.save(update_fields=["numchild"])
    return collection


def set_up_guidance(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    communications, _ = Group.objects.get_or_create(name=COMMUNICATIONS)
    collection = _guidance_collection(apps)
    GroupCollectionPermission.objects.filter(group=communications).exclude(collection=collection).delete()
    for (app_label, model), permissions in COLLECTION_PERMISSIONS.items():
        content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
        for codename, name in permissions:
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type, codename=codename, defaults={"name": name}
            )
            GroupCollectionPermission.objects.get_or_create(
                group=communications, collection=collection, permission=permission
            )

    if Workflow.objects.filter(name=WORKFLOW_NAME).exists():
        return
    task_content_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
    task = GroupApprovalTask.objects.create(name=TASK_NAME, content_type=task_content_type, active=True)
    task.groups.set([communications])
    workflow = Workflow.objects.create(name=WORKFLOW_NAME, active=False)
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)


def remove_guidance_set_up(apps, schema_editor):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Task = apps.get_model("wagtailcore", "Task")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    Workflow.objects.filter(name=WORKFLOW_NAME, workflow_pages__isnull=True).delete()
    Task.objects.filter(name=TASK_NAME, workflow_tasks__isnull=True).delete()
    GroupCollectionPermission.objects.filter(group__name=COMMUNICATIONS, collection__name=COLLECTION_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("policy", "0003_parent_guidance"),
        ("home", "0002_roles"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(set_up_guidance, remove_guidance_set_up)]
