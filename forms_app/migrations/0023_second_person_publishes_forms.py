"""A second person approves publishing a form: "Approval form publishing" gets a ``FormPublishingTask``.

The stock group approval step that migration 0021 made let the Trust administrator who
submitted a form approve it themselves. It is replaced, under the same name, for the same
group and at the same place in the workflow, by a ``FormPublishingTask``
(``forms_app.models.publishing``), which refuses the submitter and the author of the
revision under approval. The workflow's step is pointed at the new task, forms waiting on
the old one wait on the new one (so the rule holds for them too), and the old task is
switched off; its finished steps stay in each form's history. Run again, it changes
nothing; reversed, the stock task comes back with every step the new one recorded.

Names are written out rather than imported so the migration keeps doing what it did.
"""

from django.db import migrations

WORKFLOW_NAME = "Approval form publishing"
TASK_NAME = "Approval form publishing"
TRUST_ADMINISTRATORS = "Trust administrators"
IN_PROGRESS = "in_progress"


def _stock_tasks(apps):
    """The stock group approval tasks named ``TASK_NAME`` (not the new task, which is one too)."""
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    FormPublishingTask = apps.get_model("forms_app", "FormPublishingTask")
    return GroupApprovalTask.objects.filter(name=TASK_NAME).exclude(pk__in=FormPublishingTask.objects.values("pk"))


def use_form_publishing_task(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    TaskState = apps.get_model("wagtailcore", "TaskState")
    FormPublishingTask = apps.get_model("forms_app", "FormPublishingTask")

    stock_tasks = list(_stock_tasks(apps).order_by("pk"))
    task = FormPublishingTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        content_type, _ = ContentType.objects.get_or_create(app_label="forms_app", model="formpublishingtask")
        task = FormPublishingTask.objects.create(name=TASK_NAME, content_type=content_type, active=True)
        groups = [group for stock in stock_tasks for group in stock.groups.all()]
        task.groups.set(groups or [Group.objects.get_or_create(name=TRUST_ADMINISTRATORS)[0]])

    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    stock_ids = [stock.pk for stock in stock_tasks]
    # Pointing the step at the new task keeps its place (``sort_order``) in the workflow.
    WorkflowTask.objects.filter(workflow=workflow, task_id__in=stock_ids).exclude(
        workflow__workflow_tasks__task_id=task.pk
    ).update(task_id=task.pk)
    WorkflowTask.objects.filter(workflow=workflow, task_id__in=stock_ids).delete()
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    TaskState.objects.filter(task_id__in=stock_ids, status=IN_PROGRESS, workflow_state__workflow=workflow).update(
        task_id=task.pk
    )
    for stock in stock_tasks:
        if not WorkflowTask.objects.filter(task_id=stock.pk).exists():
            stock.active = False
            stock.save(update_fields=["active"])


def restore_stock_task(apps, schema_editor):
    """Put a stock group task back in the new task's place, with every step the new task recorded; remove it."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    TaskState = apps.get_model("wagtailcore", "TaskState")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    FormPublishingTask = apps.get_model("forms_app", "FormPublishingTask")

    for task in FormPublishingTask.objects.filter(name=TASK_NAME):
        stock = _stock_tasks(apps).order_by("pk").first()
        if stock is None:
            content_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
            stock = GroupApprovalTask.objects.create(name=TASK_NAME, content_type=content_type, active=True)
            stock.groups.set(task.groups.all())
        stock.active = True
        stock.save(update_fields=["active"])
        WorkflowTask.objects.filter(task_id=task.pk).exclude(workflow__workflow_tasks__task_id=stock.pk).update(
            task_id=stock.pk
        )
        WorkflowTask.objects.filter(task_id=task.pk).delete()
        TaskState.objects.filter(task_id=task.pk).update(task_id=stock.pk)
        task.delete()


class Migration(migrations.Migration):
    dependencies = [("forms_app", "0022_form_publishing_task")]

    operations = [migrations.RunPython(use_form_publishing_task, restore_stock_task)]
