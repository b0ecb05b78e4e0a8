"""A comms review workflow exists, switched off, ready to be switched on in the admin without code."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage

from home import roles

from .factories import make_guidance

pytestmark = pytest.mark.django_db


def test_guidance_review_workflow_is_created_switched_off_and_unassigned():
    workflow = Workflow.objects.get(name="Guidance review")
    assert not workflow.active
    assert not WorkflowPage.objects.filter(workflow=workflow).exists()
    [task] = [task.specific for task in workflow.tasks]
    assert isinstance(task, GroupApprovalTask)
    assert task.name == "Communications review"
    assert list(task.groups.all()) == [Group.objects.get(name=roles.COMMUNICATIONS)]


def test_switching_it_on_for_the_section_puts_every_guidance_page_through_review(guidance_index, comms_user):
    page = make_guidance(guidance_index, title="Age limits")
    workflow = Workflow.objects.get(name="Guidance review")

    # What a site administrator does under Settings → Workflows: enable it and assign the section.
    workflow.active = True
    workflow.save()
    WorkflowPage.objects.create(workflow=workflow, page=guidance_index)

    assert page.get_workflow() == workflow
    page.save_revision(user=comms_user)
    workflow_state = workflow.start(page, comms_user)
    task = workflow_state.current_task_state.task.specific
    assert "approve" in [name for name, *_ in task.get_actions(page, comms_user)]


def test_a_site_administrator_switches_it_on_in_the_admin(client):
    from tests.factories import UserFactory

    admin = UserFactory(username="site-admin", is_superuser=True, roles=[])
    workflow = Workflow.objects.get(name="Guidance review")
    client.force_login(admin)

    response = client.post(reverse("wagtailadmin_workflows:enable", args=[workflow.pk]))

    assert response.status_code == 302
    workflow.refresh_from_db()
    assert workflow.active
