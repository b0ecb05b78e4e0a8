"""Approve each policy by the right person, and stop pages going to Wagtail's empty "Moderators approval".

1. The "Policy approval" workflow gets one ``PolicyApprovalTask`` ("Headteacher or CEO
   approval": the Headteacher of the policy's school; the CEO for a trust-wide policy)
   in place of the stock "Headteacher approval" group task (any Headteacher, any school).
   Policies waiting on the stock task wait on the new one instead, with their history.
2. Every policy index page is assigned the "Policy approval" workflow, and a policy that
   was in moderation on another workflow is moved onto it, at its approval task.
3. Wagtail's default "Moderators approval" workflow (root page, empty Moderators group)
   is switched off and its page assignments removed, so nothing is ever submitted to a
   group with nobody in it; pages left waiting on it go back to draft (their workflow is
   cancelled). The parent guidance section keeps its optional "Guidance review" workflow.

Names are written out because a migration must keep doing what it did when it was written.
"""

from django.db import migrations
from django.utils import timezone

WORKFLOW_NAME = "Policy approval"
NEW_TASK_NAME = "Headteacher or CEO approval"
OLD_TASK_NAME = "Headteacher approval"
MODERATORS_WORKFLOW = "Moderators approval"
IN_PROGRESS, CANCELLED = "in_progress", "cancelled"


def _policy_page_ids(apps) -> list[str]:
    return [str(pk) for pk in apps.get_model("policy", "PolicyPage").objects.values_list("pk", flat=True)]


def scope_policy_approval(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    WorkflowState = apps.get_model("wagtailcore", "WorkflowState")
    TaskState = apps.get_model("wagtailcore", "TaskState")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    PolicyApprovalTask = apps.get_model("policy", "PolicyApprovalTask")
    PolicyIndexPage = apps.get_model("policy", "PolicyIndexPage")

    task_content_type, _ = ContentType.objects.get_or_create(app_label="policy", model="policyapprovaltask")
    task, _ = PolicyApprovalTask.objects.get_or_create(
        name=NEW_TASK_NAME, defaults={"content_type": task_content_type, "active": True}
    )
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    if not workflow.active:
        workflow.active = True
        workflow.save(update_fields=["active"])

    # 1. The stock group task leaves the workflow; what waits on it now waits on the new task.
    old_task_ids = list(
        WorkflowTask.objects.filter(workflow=workflow)
        .exclude(task_id=task.pk)
        .filter(task_id__in=GroupApprovalTask.objects.values("pk"))
        .values_list("task_id", flat=True)
    )
    TaskState.objects.filter(task_id__in=old_task_ids, status=IN_PROGRESS, workflow_state__workflow=workflow).update(
        task_id=task.pk
    )
    WorkflowTask.objects.filter(workflow=workflow, task_id__in=old_task_ids).delete()
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    for old_task in GroupApprovalTask.objects.filter(pk__in=old_task_ids, name=OLD_TASK_NAME):
        if not WorkflowTask.objects.filter(task_id=old_task.pk).exists():
            old_task.active = False
            old_task.save(update_fields=["active"])

    # 2. Every policy index page uses "Policy approval"; policies in moderation elsewhere move onto it.
    for index_id in PolicyIndexPage.objects.values_list("pk", flat=True):
        WorkflowPage.objects.update_or_create(page_id=index_id, defaults={"workflow": workflow})
    elsewhere = WorkflowState.objects.filter(status=IN_PROGRESS, object_id__in=_policy_page_ids(apps)).exclude(
        workflow=workflow
    )
    for state in elsewhere:
        TaskState.objects.filter(workflow_state=state, status=IN_PROGRESS).update(task_id=task.pk)
        state.workflow = workflow
        state.save(update_fields=["workflow"])

    # 3. Wagtail's default workflow, whose Moderators group is empty, is switched off.
    now = timezone.now()
    for moderators in Workflow.objects.filter(name=MODERATORS_WORKFLOW):
        waiting = WorkflowState.objects.filter(workflow=moderators, status=IN_PROGRESS)
        TaskState.objects.filter(workflow_state__in=waiting, status=IN_PROGRESS).update(
            status=CANCELLED, finished_at=now
        )
        waiting.update(status=CANCELLED, current_task_state=None)
        WorkflowPage.objects.filter(workflow=moderators).delete()
        moderators.active = False
        moderators.save(update_fields=["active"])
        task_ids = WorkflowTask.objects.filter(workflow=moderators).values_list("task_id", flat=True)
        GroupApprovalTask.objects.filter(pk__in=list(task_ids)).update(active=False)


def restore_group_task(apps, schema_editor):
    """Put the stock group task back in "Policy approval" (the Moderators workflow stays off)."""
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    TaskState = apps.get_model("wagtailcore", "TaskState")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    PolicyApprovalTask = apps.get_model("policy", "PolicyApprovalTask")
    workflow = Workflow.objects.filter(name=WORKFLOW_NAME).first()
    old_task = GroupApprovalTask.objects.filter(name=OLD_TASK_NAME).first()
    new_task = PolicyApprovalTask.objects.filter(name=NEW_TASK_NAME).first()
    if workflow is None or old_task is None or new_task is None:
        return
    old_task.active = True
    old_task.save(update_fields=["active"])
    TaskState.objects.filter(task_id=new_task.pk, status=IN_PROGRESS).update(task_id=old_task.pk)
    WorkflowTask.objects.filter(workflow=workflow, task_id=new_task.pk).delete()
    WorkflowTask.objects.get_or_create(workflow=workflow, task=old_task, defaults={"sort_order": 0})
    TaskState.objects.filter(task_id=new_task.pk).delete()
    new_task.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("policy", "0005_acknowledgements_and_scoped_approval"),
        ("policy", "0002_policy_approval_workflow"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(scope_policy_approval, restore_group_task)]
