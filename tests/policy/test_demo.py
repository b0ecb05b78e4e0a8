"""Demo policies: our own Social Media Policy (with a version) and a staff-only one; a second load changes nothing."""

import pytest
from django.core.management import call_command
from wagtail.models import GroupPagePermission, WorkflowPage

from policy.models import PolicyIndexPage, PolicyPage


@pytest.mark.django_db
def test_demo_content_has_a_public_and_a_staff_only_policy_and_is_idempotent(client):
    call_command("load_demo_content", stdout=None)
    counts = (PolicyPage.objects.count(), GroupPagePermission.objects.count(), WorkflowPage.objects.count())
    call_command("load_demo_content", stdout=None)
    assert (PolicyPage.objects.count(), GroupPagePermission.objects.count(), WorkflowPage.objects.count()) == counts

    public_index = PolicyIndexPage.objects.get(slug="policies")
    assert public_index.show_in_menus and public_index.live
    policy = PolicyPage.objects.get(title="Social Media Policy")
    assert policy.version and policy.live and policy.table_of_contents()
    assert client.get(policy.url).status_code == 200

    staff_only = PolicyPage.objects.exclude(pk=policy.pk).get()
    assert not PolicyPage.objects.public().filter(pk=staff_only.pk).exists()
    assert client.get(staff_only.url).status_code == 302
    assert "Social Media Policy" in client.get("/").content.decode() or "Policies" in client.get("/").content.decode()


@pytest.mark.django_db
def test_demo_social_media_policy_asks_staff_to_acknowledge_it():
    from home.models import User
    from policy.acknowledgements import policies_to_acknowledge
    from policy.models import PolicyAcknowledgement

    call_command("load_demo_content", stdout=None)
    call_command("load_demo_content", stdout=None)
    policy = PolicyPage.objects.get(title="Social Media Policy")
    assert policy.requires_acknowledgement and policy.acknowledgement_revision_id == policy.live_revision_id
    assert policies_to_acknowledge(user=User.objects.get(username="staff.riverside")) == [policy]
    assert policies_to_acknowledge(user=User.objects.get(username="staff2.riverside")) == []
    assert PolicyAcknowledgement.objects.filter(policy=policy).count() == 3
