"""Create the "Data Protection Officers" group, its Trust-wide approval step and one chain that uses it.

Issue 29 asks for chains with "a Trust role, or a named group". The Trust's Data
Protection Officer is such a role: a form that collects pupils' or families' personal data
(a photo consent drive, a new system for parents) goes to the DPO, then to the
Headteacher. The step ("Data Protection Officer") is decided by any active member of the
group at any school of the trust; the chain is "Approval form: Trust Data Protection
Officer, then Headteacher". The group gets ``wagtailadmin.access_admin`` only: its members
decide in the admin's review page, and the step itself says which requests they see. Each
is created only if it does not exist, so a trust that built its own keeps it.

Names are written out rather than imported so the migration keeps doing what it did.
"""

from django.db import migrations

GROUP = "Data Protection Officers"
STEP = "Data Protection Officer"
CHAIN = "Approval form: Trust Data Protection Officer, then Headteacher"


def create_chain(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    ApprovalTask = apps.get_model("forms_app", "SocialMediaApprovalTask")

    group, _ = Group.objects.get_or_create(name=GROUP)
    admin_type, _ = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")
    access_admin, _ = Permission.objects.get_or_create(
        content_type=admin_type, codename="access_admin", defaults={"name": "Can access Wagtail admin"}
    )
    group.permissions.add(access_admin)

    task_type, _ = ContentType.objects.get_or_create(app_label="forms_app", model="socialmediaapprovaltask")
    step = ApprovalTask.objects.filter(role="group", approver_group=group, scope="trust").first()
    if step is None:
        step = ApprovalTask.objects.create(
            name=STEP, role="group", approver_group=group, scope="trust", content_type=task_type, active=True
        )
    if not Workflow.objects.filter(name=CHAIN).exists():
        workflow = Workflow.objects.create(name=CHAIN, active=True)
        WorkflowTask.objects.create(workflow=workflow, task=step, sort_order=0)
        WorkflowTask.objects.create(workflow=workflow, task=ApprovalTask.objects.get(role="headteacher"), sort_order=1)


def remove_chain(apps, schema_editor):
    """Remove the chain and its step; raise ``RuntimeError`` if a form or a request's record uses either."""
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowState = apps.get_model("wagtailcore", "WorkflowState")
    TaskState = apps.get_model("wagtailcore", "TaskState")
    Task = apps.get_model("wagtailcore", "Task")
    ApprovalTask = apps.get_model("forms_app", "SocialMediaApprovalTask")
    ApprovalFormPage = apps.get_model("forms_app", "ApprovalFormPage")
    ApprovalFormVersion = apps.get_model("forms_app", "ApprovalFormVersion")

    workflow_ids = list(Workflow.objects.filter(name=CHAIN).values_list("pk", flat=True))
    step_ids = list(
        ApprovalTask.objects.filter(role="group", approver_group__name=GROUP).values_list("task_ptr_id", flat=True)
    )
    if (
        WorkflowState.objects.filter(workflow_id__in=workflow_ids).exists()
        or TaskState.objects.filter(task_id__in=step_ids).exists()
        or ApprovalFormPage.objects.filter(approval_workflow_id__in=workflow_ids).exists()
        or ApprovalFormVersion.objects.filter(approval_workflow_id__in=workflow_ids).exists()
    ):
        raise RuntimeError(f"“{CHAIN}” is used by a form or a request's record, so it is kept.")
    WorkflowTask.objects.filter(workflow_id__in=workflow_ids).delete()
    WorkflowTask.objects.filter(task_id__in=step_ids).delete()
    # Nothing else refers to these rows now (checked above). A cascading delete would be collected
    # across apps while migrating backwards, and can compare two renderings of one model and fail.
    using = schema_editor.connection.alias
    Workflow.objects.filter(pk__in=workflow_ids)._raw_delete(using)
    ApprovalTask.objects.filter(pk__in=step_ids)._raw_delete(using)
    Task.objects.filter(pk__in=step_ids)._raw_delete(using)


class Migration(migrations.Migration):
    dependencies = [
        ("forms_app", "0024_group_approval_steps"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(create_chain, remove_chain)]
