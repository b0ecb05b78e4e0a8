"""Create the page workflow that governs publishing an approval form: "Approval form publishing".

A form built in the admin asks staff questions in the trust's name and starts an approval
chain, so a new form, or a change to one, reaches staff only once a Trust administrator
approves it. The workflow has one Wagtail group approval step for the "Trust
administrators" group (the CEO in the demo trust). It is attached to each approval form
page, not to a section, so no other page's moderation changes
(``forms_app.built_forms.admin.govern_form``), and the page editor offers Trust
administrators no direct *Publish* on a form, so approving this step is how one is published.

Names are written out rather than imported so the migration keeps doing what it did.
"""

from django.db import migrations

WORKFLOW_NAME = "Approval form publishing"
TASK_NAME = "Approval form publishing"
TRUST_ADMINISTRATORS = "Trust administrators"


def create_publishing_workflow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    trust_administrators, _ = Group.objects.get_or_create(name=TRUST_ADMINISTRATORS)
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task_content_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
        task = GroupApprovalTask.objects.create(name=TASK_NAME, content_type=task_content_type, active=True)
        task.groups.set([trust_administrators])
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})


def remove_publishing_workflow(apps, schema_editor):
    apps.get_model("wagtailcore", "Workflow").objects.filter(name=WORKFLOW_NAME).delete()
    apps.get_model("wagtailcore", "Task").objects.filter(name=TASK_NAME, workflow_tasks__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("forms_app", "0020_approval_form_workflows"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_publishing_workflow, remove_publishing_workflow)]
