"""Scoped policy governance: each policy is edited, approved and published by its own school (or the trust).

A school's policy is approved by that school's Headteacher; a trust-wide one by the CEO.
Headteachers and Policy editors of another school can neither edit, approve, publish nor
unpublish it, through any admin view. Nothing is ever submitted to Wagtail's empty
"Moderators approval" group.
"""

import importlib

import pytest
from django.apps import apps as django_apps
from django.urls import reverse
from wagtail.models import GroupApprovalTask, Page, TaskState, Workflow, WorkflowPage, WorkflowState, WorkflowTask
from wagtail.test.utils.form_data import nested_form_data, streamfield

from home.models import StandardPage
from policy.models import PolicyApprovalTask, PolicyPage
from tests.dashboard import dashboard_as_shown
from tests.factories import change_trust_settings

from .factories import make_policy, policy_edit_form

pytestmark = pytest.mark.django_db

migration = importlib.import_module("policy.migrations.0006_scoped_policy_approval_workflow")


def submit(policy: PolicyPage, user) -> WorkflowState:
    """Save a new revision of ``policy`` by ``user`` and submit it to its workflow; return the state."""
    policy = PolicyPage.objects.get(pk=policy.pk)
    policy.title = policy.title + " (revised)"
    policy.save_revision(user=user)
    return policy.get_workflow().start(policy, user)


@pytest.fixture
def riverside_policy(governed_index, school):
    return make_policy(governed_index, title="Riverside Uniform Policy", slug="uniform", school=school)


@pytest.fixture
def trust_policy(governed_index):
    return make_policy(governed_index, title="Trust Data Protection Policy", slug="data-protection")


# -- the workflow and the migration -----------------------------------------------------------


def test_policy_approval_has_one_scoped_task_and_moderators_approval_is_off():
    workflow = Workflow.objects.get(name="Policy approval")
    tasks = [task.specific for task in workflow.tasks]
    assert len(tasks) == 1 and isinstance(tasks[0], PolicyApprovalTask)
    assert not GroupApprovalTask.objects.filter(name="Headteacher approval", active=True).exists()
    moderators = Workflow.objects.get(name="Moderators approval")
    assert not moderators.active
    assert not WorkflowPage.objects.filter(workflow=moderators).exists()


def test_no_page_is_submitted_to_an_empty_group(home_page, client, django_user_model):
    """A page outside the policy and guidance sections has no workflow: "Submit to Moderators approval" is gone."""
    page = StandardPage(title="Accessibility statement", slug="accessibility")
    home_page.add_child(instance=page)
    assert page.get_workflow() is None
    for workflow in Workflow.objects.filter(active=True, workflow_pages__isnull=False).distinct():
        for task in workflow.tasks.specific():
            if isinstance(task, GroupApprovalTask):
                assert task.groups.filter(user__is_active=True).exists(), f"{workflow} waits on an empty group"
    admin = django_user_model.objects.create_superuser("root", "root@example.org", "pw")
    client.force_login(admin)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    assert "Moderators approval" not in response.text


def test_migration_moves_waiting_policies_onto_the_scoped_task(governed_index, riverside_policy, school_editor):
    """Run backwards (stock group task back in place), submit, then forwards: the policy now waits on the new task."""
    migration.restore_group_task(django_apps, None)
    stock = GroupApprovalTask.objects.get(name="Headteacher approval")
    assert [task.specific for task in Workflow.objects.get(name="Policy approval").tasks] == [stock]
    waiting = submit(riverside_policy, school_editor)
    assert waiting.current_task_state.task_id == stock.pk

    # A second policy waits on Wagtail's Moderators approval, assigned to its index by hand.
    moderators = Workflow.objects.get(name="Moderators approval")
    moderators.active = True
    moderators.save()
    GroupApprovalTask.objects.filter(workflow_tasks__workflow=moderators).update(active=True)
    other = make_policy(governed_index, title="Attendance Policy", slug="attendance", school=riverside_policy.school)
    WorkflowPage.objects.filter(page=governed_index).update(workflow=moderators)
    moved = submit(other, school_editor)
    assert moved.workflow == moderators

    migration.scope_policy_approval(django_apps, None)

    new_task = PolicyApprovalTask.objects.get()
    for state in (waiting, moved):
        state.refresh_from_db()
        assert state.status == WorkflowState.STATUS_IN_PROGRESS
        assert state.workflow.name == "Policy approval"
        assert state.current_task_state.task_id == new_task.pk
        assert state.current_task_state.status == TaskState.STATUS_IN_PROGRESS
    assert WorkflowPage.objects.get(page=governed_index).workflow.name == "Policy approval"
    assert not Workflow.objects.get(name="Moderators approval").active
    assert list(WorkflowTask.objects.filter(workflow__name="Policy approval").values_list("task_id", flat=True)) == [
        new_task.pk
    ]
    assert not GroupApprovalTask.objects.get(pk=stock.pk).active


# -- approval ---------------------------------------------------------------------------------


def test_only_the_schools_headteacher_approves_its_policy(
    riverside_policy, school_editor, headteacher, other_headteacher, ceo, django_user_model
):
    state = submit(riverside_policy, school_editor)
    task = state.current_task_state.task.specific
    page = PolicyPage.objects.get(pk=riverside_policy.pk)
    superuser = django_user_model.objects.create_superuser("root", "root@example.org", "pw")
    assert [name for name, *_ in task.get_actions(page, headteacher)] == ["reject", "approve", "approve"]
    for outsider in (other_headteacher, ceo, school_editor, superuser):
        assert task.get_actions(page, outsider) == []
        assert not task.user_can_access_editor(page, outsider)
        assert not task.get_task_states_user_can_moderate(outsider).exists()
    assert list(task.get_task_states_user_can_moderate(headteacher)) == [state.current_task_state]


def test_only_the_ceo_approves_a_trust_wide_policy(trust_policy, policy_editor, headteacher, ceo):
    state = submit(trust_policy, policy_editor)
    task = state.current_task_state.task.specific
    page = PolicyPage.objects.get(pk=trust_policy.pk)
    assert task.get_actions(page, headteacher) == []
    assert "approve" in [name for name, *_ in task.get_actions(page, ceo)]
    task.on_action(state.current_task_state, ceo, "approve")
    page.refresh_from_db()
    assert page.live and page.title.endswith("(revised)")


def test_nobody_approves_what_they_submitted(riverside_policy, headteacher):
    state = submit(riverside_policy, headteacher)
    task = state.current_task_state.task.specific
    assert task.get_actions(PolicyPage.objects.get(pk=riverside_policy.pk), headteacher) == []
    assert not task.get_task_states_user_can_moderate(headteacher).exists()


def test_another_schools_headteacher_cannot_approve_by_a_direct_post(
    riverside_policy, school_editor, other_headteacher, client
):
    state = submit(riverside_policy, school_editor)
    client.force_login(other_headteacher)
    url = reverse(
        "wagtailadmin_pages:workflow_action", args=[riverside_policy.pk, "approve", state.current_task_state.pk]
    )
    response = client.post(url, {"comment": ""})
    assert response.status_code in (302, 403)
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.current_task_state.status == TaskState.STATUS_IN_PROGRESS
    assert not PolicyPage.objects.get(pk=riverside_policy.pk).title.endswith("(revised)")


def test_the_schools_headteacher_approves_through_the_admin(riverside_policy, school_editor, headteacher, client):
    state = submit(riverside_policy, school_editor)
    client.force_login(headteacher)
    url = reverse(
        "wagtailadmin_pages:workflow_action", args=[riverside_policy.pk, "approve", state.current_task_state.pk]
    )
    response = client.post(url, {"comment": "Agreed by the governors."})
    assert response.status_code == 302
    page = PolicyPage.objects.get(pk=riverside_policy.pk)
    assert page.live and page.title == "Riverside Uniform Policy (revised)"


# -- page permissions -------------------------------------------------------------------------


@pytest.mark.parametrize("outsider_fixture", ["other_headteacher", "other_school_editor"])
def test_another_school_cannot_edit_publish_or_unpublish(request, riverside_policy, client, outsider_fixture):
    outsider = request.getfixturevalue(outsider_fixture)
    page = PolicyPage.objects.get(pk=riverside_policy.pk)
    permissions = page.permissions_for_user(outsider)
    assert not (permissions.can_edit() or permissions.can_publish() or permissions.can_unpublish())
    assert not (permissions.can_delete() or permissions.can_move() or permissions.can_copy() or permissions.can_lock())
    client.force_login(outsider)
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    assert client.get(edit_url).status_code in (302, 403)
    client.post(edit_url, policy_edit_form(page, title="Hijacked") | {"action-publish": "action-publish"})
    client.post(reverse("wagtailadmin_pages:unpublish", args=[page.pk]))
    client.post(reverse("wagtailadmin_pages:delete", args=[page.pk]))
    bulk_url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "unpublish"]) + f"?id={page.pk}"
    client.post(bulk_url, {})
    page = PolicyPage.objects.get(pk=riverside_policy.pk)
    assert page.live and page.title == "Riverside Uniform Policy" and page.draft_title == "Riverside Uniform Policy"


def test_own_schools_headteacher_edits_publishes_and_unpublishes(riverside_policy, headteacher, client):
    # Publishing directly is the trust's choice (otherwise a Headteacher submits for approval:
    # tests/policy/test_no_dead_ends.py).
    change_trust_settings(head_publication_is_approval=True)
    client.force_login(headteacher)
    edit_url = reverse("wagtailadmin_pages:edit", args=[riverside_policy.pk])
    assert client.get(edit_url).status_code == 200
    response = client.post(
        edit_url, policy_edit_form(riverside_policy, title="Uniform Policy 2027") | {"action-publish": "1"}
    )
    assert response.status_code == 302, response.text[:400]
    assert PolicyPage.objects.get(pk=riverside_policy.pk).title == "Uniform Policy 2027"
    client.post(reverse("wagtailadmin_pages:unpublish", args=[riverside_policy.pk]))
    assert not PolicyPage.objects.get(pk=riverside_policy.pk).live


def test_a_school_headteacher_cannot_touch_a_trust_wide_policy_but_the_ceo_can(trust_policy, headteacher, ceo):
    page = PolicyPage.objects.get(pk=trust_policy.pk)
    assert not page.permissions_for_user(headteacher).can_edit()
    assert not page.permissions_for_user(headteacher).can_unpublish()
    assert page.permissions_for_user(ceo).can_edit() and page.permissions_for_user(ceo).can_publish()


def test_editor_form_offers_only_the_editors_own_school(riverside_policy, school_editor, other_school, client):
    client.force_login(school_editor)
    edit_url = reverse("wagtailadmin_pages:edit", args=[riverside_policy.pk])
    response = client.get(edit_url)
    assert response.status_code == 200
    assert other_school.name not in response.text
    response = client.post(edit_url, policy_edit_form(riverside_policy, school=other_school.pk))
    assert response.status_code == 200  # the form comes back with the error
    assert PolicyPage.objects.get(pk=riverside_policy.pk).get_latest_revision_as_object().school_id != other_school.pk
    response = client.post(edit_url, policy_edit_form(riverside_policy, school=""))
    assert "you may only write your own school" in response.text


def test_bulk_publish_of_another_schools_draft_is_refused(governed_index, school, other_headteacher, client):
    draft = make_policy(governed_index, title="Riverside Draft", slug="draft", school=school, publish=False)
    client.force_login(other_headteacher)
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"]) + f"?id={draft.pk}"
    client.post(url, {})
    assert not Page.objects.get(pk=draft.pk).live


def test_the_right_approver_is_emailed_on_submission(
    riverside_policy,
    trust_policy,
    school_editor,
    policy_editor,
    headteacher,
    other_headteacher,
    ceo,
    django_capture_on_commit_callbacks,
):
    from django.core import mail

    with django_capture_on_commit_callbacks(execute=True):
        submit(riverside_policy, school_editor)
    assert [message.to for message in mail.outbox] == [[headteacher.email]]
    assert "Policy for approval: Riverside Uniform Policy" in mail.outbox[0].subject
    with django_capture_on_commit_callbacks(execute=True):
        submit(trust_policy, policy_editor)
    assert mail.outbox[1].to == [ceo.email]


def test_the_before_hooks_refuse_another_schools_policy_too(rf, riverside_policy, other_headteacher, headteacher):
    from django.core.exceptions import PermissionDenied
    from wagtail import hooks

    request = rf.post("/")
    request.user = other_headteacher
    page = Page.objects.get(pk=riverside_policy.pk)  # as a bulk action or the explorer passes it
    for name in ("before_edit_page", "before_delete_page", "before_unpublish_page", "before_copy_page"):
        ours = [fn for fn in hooks.get_hooks(name) if fn.__module__ == "policy.wagtail_hooks"]
        assert ours, name
        with pytest.raises(PermissionDenied):
            ours[0](request, page)
        request.user = headteacher
        ours[0](request, page)  # the policy's own Headteacher passes
        request.user = other_headteacher


def test_a_workflow_with_an_empty_group_step_cannot_be_submitted_to(home_page, client, django_user_model):
    """Switched back on and assigned by hand, "Moderators approval" (empty group) still takes no submission."""
    moderators = Workflow.objects.get(name="Moderators approval")
    moderators.active = True
    moderators.save()
    GroupApprovalTask.objects.filter(workflow_tasks__workflow=moderators).update(active=True)
    page = StandardPage(title="Accessibility statement", slug="accessibility")
    home_page.add_child(instance=page)
    WorkflowPage.objects.create(page=home_page, workflow=moderators)
    admin = django_user_model.objects.create_superuser("root", "root@example.org", "pw")
    client.force_login(admin)
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    assert "Submit to Moderators approval" not in client.get(url).text
    data = nested_form_data(
        {"title": "Accessibility statement", "slug": "accessibility", "intro": "", "body": streamfield([])}
    )
    response = client.post(url, data | {"action-submit": "1"}, follow=True)
    assert "nobody can approve its step “Moderators approval”" in response.text
    assert not WorkflowState.objects.exists()


def test_the_dashboard_lists_a_policy_only_for_its_approver(
    riverside_policy, school_editor, headteacher, other_headteacher, client
):
    submit(riverside_policy, school_editor)
    client.force_login(headteacher)
    # In the page itself, with the script that starts its Approve button on page load.
    page = client.get(reverse("wagtailadmin_home")).text
    assert "Riverside Uniform Policy (revised)" in page
    assert "wagtailadmin/js/workflow-action" in page
    client.force_login(other_headteacher)
    assert "Riverside Uniform Policy (revised)" not in dashboard_as_shown(client)


def test_a_policy_submitted_after_a_visit_is_on_the_approvers_next_dashboard(
    riverside_policy, school_editor, headteacher, client, django_capture_on_commit_callbacks
):
    """Whether any page waits for a decision is kept in the shared cache; a submission ends it at commit."""
    client.force_login(headteacher)
    assert "Riverside Uniform Policy (revised)" not in client.get(reverse("wagtailadmin_home")).text
    with django_capture_on_commit_callbacks(execute=True):
        submit(riverside_policy, school_editor)
    assert "Riverside Uniform Policy (revised)" in client.get(reverse("wagtailadmin_home")).text
