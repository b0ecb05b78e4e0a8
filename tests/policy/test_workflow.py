"""The "Policy approval" workflow: Policy editors edit and submit, the policy's Headteacher approves publication."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Workflow

from home import roles
from policy import demo_policies
from policy.models import PolicyApprovalTask, PolicyPage

from .factories import make_policy


@pytest.mark.django_db
def test_migrations_create_policy_approval_with_the_scoped_headteacher_task():
    workflow = Workflow.objects.get(name="Policy approval")
    tasks = [task.specific for task in workflow.tasks]
    assert len(tasks) == 1 and isinstance(tasks[0], PolicyApprovalTask)


@pytest.mark.django_db
def test_policy_editor_submits_and_headteacher_approves(home_page, staff_home, school, school_editor, headteacher):
    from home.demo import load_schools

    policy_editor = school_editor
    context = {"pages": {"home": home_page, "staff_home": staff_home}, "schools": load_schools()}
    demo_policies.load(context)
    index = context["policy_indexes"]["public"]
    assert index.get_workflow().name == "Policy approval"

    editor_permissions = index.permissions_for_user(policy_editor)
    assert editor_permissions.can_add_subpage() and not editor_permissions.can_publish_subpage()
    assert index.permissions_for_user(headteacher).can_publish_subpage()

    policy = make_policy(index, title="Uniform Policy", slug="uniform", publish=False, school=school)
    policy = PolicyPage.objects.get(pk=policy.pk)
    revision = policy.save_revision(user=policy_editor)
    state = policy.get_workflow().start(policy, policy_editor)
    assert state.current_task_state.task.name == "Headteacher or CEO approval"
    task = state.current_task_state.task.specific
    assert task.user_can_access_editor(policy, headteacher)
    assert not task.get_actions(policy, policy_editor)
    assert "approve" in [name for name, *_ in task.get_actions(policy, headteacher)]

    task.on_action(state.current_task_state, headteacher, "approve")
    policy.refresh_from_db()
    assert policy.live and policy.live_revision_id == revision.pk
    assert Group.objects.get(name=roles.POLICY_EDITORS).page_permissions.filter(page=index).exists()
