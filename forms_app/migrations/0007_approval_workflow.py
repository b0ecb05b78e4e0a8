"""Create the "Social media site approval" workflow and assign it to the request model.

Two steps of the ``SocialMediaApprovalTask`` type, in Appendix B's order: the ICT
Manager, then the Headteacher (the CEO for the central team). The workflow is assigned to
``SocialMediaSiteRequest`` through Wagtail's ``WorkflowContentType``.

No model permission is given to the ICT Managers or Headteachers groups: they already
have ``wagtailadmin.access_admin`` (``home`` migration 0002), and the approval task
itself decides who may see and act on a request (its school's approvers, never the
author). A model-wide "view" or "change" permission would show every school's requests.

Names are written out rather than imported so the migration keeps doing what it did.
"""

from django.db import migrations

WORKFLOW_NAME = "Social media site approval"
STEPS = [
    # role, task name
    ("ict_manager", "ICT Manager approval"),
    ("headteacher", "Headteacher approval"),
]


def create_workflow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    ApprovalTask = apps.get_model("forms_app", "SocialMediaApprovalTask")

    task_content_type, _ = ContentType.objects.get_or_create(app_label="forms_app", model="socialmediaapprovaltask")
    request_content_type, _ = ContentType.objects.get_or_create(app_label="forms_app", model="socialmediasiterequest")

    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    for sort_order, (role, name) in enumerate(STEPS):
        task, _ = ApprovalTask.objects.get_or_create(
            role=role, defaults={"name": name, "content_type": task_content_type, "active": True}
        )
        WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": sort_order})
    WorkflowContentType.objects.update_or_create(content_type=request_content_type, defaults={"workflow": workflow})


def remove_workflow(apps, schema_editor):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    ApprovalTask = apps.get_model("forms_app", "SocialMediaApprovalTask")
    Workflow.objects.filter(name=WORKFLOW_NAME).delete()
    ApprovalTask.objects.filter(role__in=[role for role, _ in STEPS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("forms_app", "0006_approval_task"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_workflow, remove_workflow)]
