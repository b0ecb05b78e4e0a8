"""A form is published only when a second person approves it: never by whoever submitted it or made its changes.

Issue 29, "publishing is governed": the four-eyes rule the rest of the intranet keeps. Site
administrators are exempt (they may publish a form directly anyway).
"""

import importlib

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from wagtail.models import GroupApprovalTask, TaskState, Workflow, WorkflowState, WorkflowTask

from forms_app.built_forms.admin import govern_form, grant_form_building
from forms_app.models import ApprovalFormPage, FormPublishingTask
from home import roles
from tests.factories import UserFactory
from tests.forms_app.built_forms.factories import make_approval_form
from tests.forms_app.built_forms.test_builder import add_url, asked, builder_post
from tests.forms_app.built_forms.test_builder_publishing import signed_in

pytestmark = pytest.mark.django_db

migration = importlib.import_module("forms_app.migrations.0023_second_person_publishes_forms")

REFUSED = "You submitted this form or made the changes waiting for approval, so another person approves publishing it."


@pytest.fixture
def builder(central_team):
    return UserFactory(username="builder", school=central_team, roles=[roles.STAFF, roles.TRUST_ADMINISTRATORS])


@pytest.fixture
def second_admin(central_team):
    return UserFactory(username="second", school=central_team, roles=[roles.STAFF, roles.TRUST_ADMINISTRATORS])


@pytest.fixture
def site_admin(django_user_model):
    return django_user_model.objects.create_superuser("root", "root@example.org", "pw")


@pytest.fixture
def draft_form(staff_home, central_team, builder) -> ApprovalFormPage:
    """A new approval form, governed, never published, whose first draft ``builder`` wrote."""
    grant_form_building(staff_home)
    form = make_approval_form(staff_home, publish=False)
    form.live = False
    form.save()
    govern_form(form)
    form.save_revision(user=builder)
    return ApprovalFormPage.objects.get(pk=form.pk)


def submit(form: ApprovalFormPage, user) -> WorkflowState:
    return form.get_workflow().start(form, user)


def action_url(form: ApprovalFormPage, action: str = "approve") -> str:
    task_state = ApprovalFormPage.objects.get(pk=form.pk).current_workflow_task_state
    return reverse("wagtailadmin_pages:workflow_action", args=[form.pk, action, task_state.pk])


def edit_page(client, form: ApprovalFormPage) -> str:
    return client.get(reverse("wagtailadmin_pages:edit", args=[form.pk])).text


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def assert_still_waiting(form: ApprovalFormPage, state: WorkflowState) -> None:
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.current_task_state.status == TaskState.STATUS_IN_PROGRESS
    form.refresh_from_db()
    assert not form.live and not form.versions.exists()


def test_the_publishing_workflow_has_one_step_that_refuses_self_approval_for_trust_administrators():
    workflow = Workflow.objects.get(name="Approval form publishing")
    tasks = [task.specific for task in workflow.tasks]
    assert len(tasks) == 1 and isinstance(tasks[0], FormPublishingTask)
    assert tasks[0].name == "Approval form publishing" and tasks[0].active
    assert list(tasks[0].groups.values_list("name", flat=True)) == [roles.TRUST_ADMINISTRATORS]
    assert (
        not GroupApprovalTask.objects.filter(name="Approval form publishing", active=True)
        .exclude(pk=tasks[0].pk)
        .exists()
    )


def test_the_submitter_is_offered_no_approve_in_the_editor_or_on_the_dashboard(draft_form, builder, second_admin):
    submit(draft_form, builder)
    approve_url = action_url(draft_form)

    submitter = signed_in(builder)
    editor = edit_page(submitter, draft_form)
    assert 'data-workflow-action-name="approve"' not in editor
    assert 'data-workflow-action-name="reject"' in editor  # they may still send it back
    assert approve_url not in submitter.get(reverse("wagtailadmin_home")).text

    other = signed_in(second_admin)
    assert 'data-workflow-action-name="approve"' in edit_page(other, draft_form)
    assert approve_url in other.get(reverse("wagtailadmin_home")).text


def test_an_approval_posted_by_the_submitter_is_refused_with_the_reason_and_nothing_changes(draft_form, builder):
    state = submit(draft_form, builder)
    client = signed_in(builder)

    response = client.post(action_url(draft_form), {"comment": ""}, follow=True)

    assert response.status_code == 200
    assert REFUSED in messages_of(response)
    assert response.redirect_chain[-1][0] == reverse("wagtailadmin_pages:edit", args=[draft_form.pk])
    assert_still_waiting(draft_form, state)

    revisions = draft_form.revisions.count()
    edit_url = reverse("wagtailadmin_pages:edit", args=[draft_form.pk])
    posted = client.post(edit_url, {"action-workflow-action": "on", "workflow-action-name": "approve"}, follow=True)
    assert REFUSED in messages_of(posted)
    assert draft_form.revisions.count() == revisions
    assert_still_waiting(draft_form, state)

    with pytest.raises(PermissionDenied):
        state.current_task_state.task.specific.on_action(state.current_task_state, builder, "approve")
    assert_still_waiting(draft_form, state)


def test_whoever_made_the_changes_waiting_for_approval_cannot_approve_them(draft_form, builder, second_admin):
    # The builder wrote the draft; the second Trust administrator submitted it.
    state = submit(draft_form, second_admin)
    for person in (builder, second_admin):
        response = signed_in(person).post(action_url(draft_form), {"comment": ""}, follow=True)
        assert REFUSED in messages_of(response), person
    assert_still_waiting(draft_form, state)


def test_another_trust_administrator_approves_and_the_form_is_published_with_its_version(
    draft_form, builder, second_admin
):
    state = submit(draft_form, builder)

    response = signed_in(second_admin).post(action_url(draft_form), {"comment": ""})

    assert response.status_code == 302
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED
    draft_form.refresh_from_db()
    assert draft_form.live
    assert [version.number for version in draft_form.versions.all()] == [1]


def test_a_site_administrator_may_approve_a_form_they_submitted(draft_form, site_admin):
    draft_form.save_revision(user=site_admin)
    submit(draft_form, site_admin)

    assert signed_in(site_admin).post(action_url(draft_form), {"comment": ""}).status_code == 302

    draft_form.refresh_from_db()
    assert draft_form.live


def test_the_submitter_may_send_their_own_form_back_to_draft(draft_form, builder):
    state = submit(draft_form, builder)

    signed_in(builder).post(action_url(draft_form, "reject"), {"comment": "A question is missing."})

    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    draft_form.refresh_from_db()
    assert not draft_form.live


def test_the_migration_moves_a_form_waiting_on_the_stock_step_onto_the_new_one_and_back(draft_form, builder):
    """Backwards (stock task back), submit, forwards twice: the form waits on the new task, refusing its submitter."""
    workflow = Workflow.objects.get(name="Approval form publishing")
    position = WorkflowTask.objects.get(workflow=workflow).sort_order
    migration.restore_stock_task(django_apps, None)
    stock = GroupApprovalTask.objects.get(name="Approval form publishing", active=True)
    assert [task.specific for task in workflow.tasks] == [stock]
    assert not FormPublishingTask.objects.exists()
    state = submit(draft_form, builder)
    assert state.current_task_state.task_id == stock.pk

    migration.use_form_publishing_task(django_apps, None)
    migration.use_form_publishing_task(django_apps, None)

    new_task = FormPublishingTask.objects.get()
    assert list(WorkflowTask.objects.filter(workflow=workflow).values_list("task_id", "sort_order")) == [
        (new_task.pk, position)
    ]
    assert list(new_task.groups.values_list("name", flat=True)) == [roles.TRUST_ADMINISTRATORS]
    assert not GroupApprovalTask.objects.get(pk=stock.pk).active
    state.refresh_from_db()
    assert state.current_task_state.task_id == new_task.pk
    response = signed_in(builder).post(action_url(draft_form), {"comment": ""}, follow=True)
    assert REFUSED in messages_of(response)
    assert_still_waiting(draft_form, state)


def test_a_trust_administrator_who_changes_the_form_while_approving_it_leaves_it_for_someone_else(
    staff_home, central_team, builder, second_admin
):
    grant_form_building(staff_home)
    author, reviewer = signed_in(builder), signed_in(second_admin)
    author.post(add_url(staff_home), builder_post(questions=(asked("Address of the blocked page"),)))
    form = ApprovalFormPage.objects.get()
    edit_url = reverse("wagtailadmin_pages:edit", args=[form.pk])
    author.post(edit_url, builder_post(questions=(asked("Address of the blocked page"),), **{"action-submit": "on"}))
    state = ApprovalFormPage.objects.get(pk=form.pk).current_workflow_state

    changed = builder_post(
        questions=(asked("Address of the page you need"),),
        **{"action-workflow-action": "on", "workflow-action-name": "approve"},
    )
    reviewer.post(edit_url, changed, follow=True)

    assert_still_waiting(form, state)
    response = reviewer.post(action_url(form), {"comment": ""}, follow=True)
    assert REFUSED in messages_of(response)
    assert_still_waiting(form, state)
