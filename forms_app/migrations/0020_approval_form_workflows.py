"""Create the two approval chains that forms built in the admin choose from.

The seed policies ask for approvals "from the Head of School/Headteacher and the ICT
Manager or the Head alone" (Education Partnership Trust A.3.3–A.5.9; Thurcroft, "Blocked
content"), so: "ICT Manager, then Headteacher" and "Headteacher only". Both are Wagtail
workflows of the existing request approval steps (``SocialMediaApprovalTask``), so their
approvers, cover and reminders are Appendix B's. Not assigned to any content type: an
``ApprovalFormPage`` names its chain. A trust may build others in Settings → Workflows
from the same steps (``forms_app.models.approval_forms.chain_errors`` says which work).

Names are written out rather than imported so the migration keeps doing what it did.
"""

from django.db import migrations

CHAINS = {
    "Approval form: ICT Manager, then Headteacher": ["ict_manager", "headteacher"],
    "Approval form: Headteacher": ["headteacher"],
}


def create_chains(apps, schema_editor):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    ApprovalTask = apps.get_model("forms_app", "SocialMediaApprovalTask")
    for name, roles in CHAINS.items():
        workflow, _ = Workflow.objects.get_or_create(name=name, defaults={"active": True})
        for sort_order, role in enumerate(roles):
            task = ApprovalTask.objects.get(role=role)
            WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": sort_order})


def remove_chains(apps, schema_editor):
    apps.get_model("wagtailcore", "Workflow").objects.filter(name__in=CHAINS).delete()


class Migration(migrations.Migration):
    dependencies = [("forms_app", "0019_approval_forms")]

    operations = [migrations.RunPython(create_chains, remove_chains)]
