"""The "Policy approval" workflow: Policy editors edit and submit, Headteachers approve publication."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import GroupApprovalTask, Workflow

from home import roles
from policy import demo_policies
from policy.models import PolicyPage

from .factories import make_policy


@pytest.mark.django_db
def test_migration_creates_policy_approval_with_a_headteacher_group_task():
    workflow = Workflow.objects.get(name="Policy approval")
    tasks = [task.specific for task in workflow.tasks]
    assert len(tasks) == 1 and isinstance(tasks[0], GroupApprovalTask)
    assert list(tasks[0].groups.values_list("name", flat=True)) == [roles.HEADTEACHERS]


@pytest.mark.django_db
def test_policy_editor_submits_and_headteacher_approves(home_page, staff_home, school, policy_editor, headteacher):
    from home.demo import load_schools

    context = {"pages": {"home": home_page, "staff_home": staff_home}, "schools": load_schools()}
    demo_policies.load(context)
    index = context["policy_indexes"]["public"]
    assert index.get_workflow().name == "Policy approval"

    editor_permissions = index.permissions_for_user(policy_editor)
    assert editor_permissions.can_add_subpage() and not editor_permissions.can_publish_subpage()
    assert index.permissions_for_user(headteacher).can_publish_subpage()

    policy = make_policy(index, title="Uniform Policy", slug="uniform", publish=False)
    policy = PolicyPage.objects.get(pk=policy.pk)
    revision = policy.save_revision(user=policy_editor)
    state = policy.get_workflow().start(policy, policy_editor)
    assert state.current_task_state.task.name == "Headteacher approval"
    task = state.current_task_state.task.specific
    assert task.user_can_access_editor(policy, headteacher)
    assert not task.get_actions(policy, policy_editor)
    assert "approve" in [name for name, *_ in task.get_actions(policy, headteacher)]

    task.on_action(state.current_task_state, headteacher, "approve")
    policy.refresh_from_db()
    assert policy.live and policy.live_revision_id == revision.pk
    assert Group.objects.get(name=roles.POLICY_EDITORS).page_permissions.filter(page=index).exists()
