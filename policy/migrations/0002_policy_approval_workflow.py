"""Create the "Policy approval" workflow: Headteachers approve what Policy editors submit.

One built-in group approval task ("Headteacher approval", group Headteachers) in a
workflow of its own. The workflow is attached to the policy index pages by the demo
content (``policy.demo_policies``), since pages do not exist when migrations run; on a
live site an administrator attaches it under Settings > Workflows.

Names are written out rather than imported so the migration keeps doing what it did when
it was written.
"""

from django.db import migrations

WORKFLOW_NAME = "Policy approval"
TASK_NAME = "Headteacher approval"
APPROVER_GROUP = "Headteachers"


def create_workflow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    task_content_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
    approvers, _ = Group.objects.get_or_create(name=APPROVER_GROUP)
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME, content_type=task_content_type, active=True)
    task.groups.set([approvers])

    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})


def remove_workflow(apps, schema_editor):
    apps.get_model("wagtailcore", "Workflow").objects.filter(name=WORKFLOW_NAME).delete()
    apps.get_model("wagtailcore", "GroupApprovalTask").objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("policy", "0001_initial"),
        ("home", "0002_roles"),
        ("wagtailcore", "0048_add_default_workflows"),
    ]

    operations = [migrations.RunPython(create_workflow, remove_workflow)]
