"""Who builds approval forms and how one is published: Trust administrators build, and a form reaches staff only
when a second person approves its "Approval form publishing" step; other pages keep their permissions."""

import pytest
from django.urls import reverse
from wagtail.models import Page, Workflow

from forms_app.built_forms.admin import govern_form, grant_form_building
from forms_app.models import ApprovalFormPage, SocialMediaRequestFormPage
from home import roles
from home.models import StandardPage, User
from tests.conftest import SecondFactorClient
from tests.factories import UserFactory
from tests.forms_app.built_forms.factories import make_approval_form
from tests.forms_app.built_forms.test_builder import add_url, asked, builder_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def governed_staff_home(staff_home, central_team):
    grant_form_building(staff_home)
    return staff_home


def signed_in(user) -> SecondFactorClient:
    client = SecondFactorClient()
    client.force_login(user)
    return client


@pytest.fixture
def builder(central_team):
    return UserFactory(username="builder", school=central_team, roles=[roles.STAFF, roles.TRUST_ADMINISTRATORS])


@pytest.fixture
def ceo(central_team):
    return UserFactory(
        username="ceo", school=central_team, roles=[roles.STAFF, roles.HEADTEACHERS, roles.TRUST_ADMINISTRATORS]
    )


def test_a_trust_administrator_adds_approval_forms_and_no_other_page_under_the_staff_home(
    governed_staff_home, builder, ict_manager
):
    client = signed_in(builder)
    assert client.get(add_url(governed_staff_home)).status_code == 200

    other = reverse("wagtailadmin_pages:add", args=["home", "standardpage", governed_staff_home.pk])
    response = client.post(other, {"title": "Staff notices", "slug": "notices", "action-publish": "on"}, follow=True)
    assert "a standard page is added by a site administrator" in response.text.lower()
    assert not StandardPage.objects.exists()

    ict = signed_in(ict_manager)
    assert ict.get(add_url(governed_staff_home)).status_code in (302, 403)


def test_the_other_pages_of_the_staff_area_keep_their_permissions_and_moderation(governed_staff_home, builder):
    notices = StandardPage(title="Staff notices", slug="notices")
    governed_staff_home.add_child(instance=notices)
    appendix_b = SocialMediaRequestFormPage(title="Request a new social media site", slug="request")
    governed_staff_home.add_child(instance=appendix_b)
    form = make_approval_form(governed_staff_home)
    govern_form(form)

    for page in (governed_staff_home, notices, appendix_b):
        page = Page.objects.get(pk=page.pk).specific
        assert not page.permissions_for_user(builder).can_edit(), page
        assert page.get_workflow() is None, page
    assert form.permissions_for_user(builder).can_edit()
    assert form.permissions_for_user(builder).can_publish()  # as its approver; no direct Publish (below)
    assert form.get_workflow().name == "Approval form publishing"


def approve(client, page: ApprovalFormPage):
    task_state = page.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk])
    return client.post(url, {"comment": ""})


def test_a_form_is_published_by_approving_its_publishing_step_and_each_published_edit_is_a_new_version(
    governed_staff_home, builder, ceo
):
    author, approver = signed_in(builder), signed_in(ceo)
    questions = (asked("Address of the blocked page"), asked("Why do you need it?", "long_text"))
    assert author.post(add_url(governed_staff_home), builder_post(questions=questions)).status_code == 302
    form = ApprovalFormPage.objects.get()
    assert form.get_workflow().name == "Approval form publishing"

    edit_url = reverse("wagtailadmin_pages:edit", args=[form.pk])
    draft = form.get_latest_revision_as_object()
    step_id = draft.steps[0].id
    ids = [block.id for block in draft.steps[0].value["questions"]]
    kept = (asked("Address of the blocked page", block_id=ids[0]), asked("Why do you need it?", "long_text", ids[1]))
    editor = author.get(edit_url)
    assert "Submit to Approval form publishing" in editor.text
    assert 'name="action-publish"' not in editor.text
    refused = author.post(edit_url, builder_post(questions=kept, step_id=step_id, **{"action-publish": "on"}))
    assert "published when a second person approves it" in author.get(refused["Location"]).text
    form.refresh_from_db()
    assert not form.live and not form.versions.exists()

    author.post(edit_url, builder_post(questions=kept, step_id=step_id, **{"action-submit": "on"}))
    form.refresh_from_db()
    assert form.workflow_in_progress and not form.live
    approve(approver, form)
    form.refresh_from_db()
    assert form.live
    assert [version.number for version in form.versions.all()] == [1]

    renamed = (kept[0], asked("Explain the teaching purpose", "long_text", ids[1]))
    author.post(edit_url, builder_post(questions=renamed, step_id=step_id, **{"action-submit": "on"}))
    form.refresh_from_db()
    assert form.current_version().number == 1  # not published until approved
    approve(approver, form)

    form.refresh_from_db()
    first, second = form.versions.all()
    assert [question.label for question in first.questions()][1] == "Why do you need it?"
    assert [question.label for question in second.questions()][1] == "Explain the teaching purpose"
    assert [question.id for question in second.questions()] == ids


def test_only_trust_administrators_approve_a_forms_publication(governed_staff_home, builder, headteacher):
    form = make_approval_form(governed_staff_home, publish=False)
    govern_form(form)
    form.save_revision(user=builder)
    workflow_state = Workflow.objects.get(name="Approval form publishing").start(form, builder)

    response = approve(signed_in(headteacher), ApprovalFormPage.objects.get(pk=form.pk))

    workflow_state.refresh_from_db()
    assert response.status_code in (302, 403)
    assert workflow_state.status == workflow_state.STATUS_IN_PROGRESS


def test_a_real_trust_set_up_lets_its_trust_administrators_build_forms_and_makes_none(tmp_path, monkeypatch):
    import os

    from django.core.management import call_command

    from home.models import StaffHomePage
    from tests.intranet.test_setup_trust import CONFIG, PASSWORD

    path = tmp_path / "setup_trust.toml"
    path.write_text(CONFIG)
    monkeypatch.setenv("SETUP_TRUST_ADMIN_PASSWORD", PASSWORD)
    call_command("setup_trust", "--config", str(path), stdout=open(os.devnull, "w"))  # noqa: SIM115

    staff_home = StaffHomePage.objects.get()
    administrator = User.objects.get(username="a.patel")
    builder = UserFactory(username="trust.admin", roles=[roles.STAFF, roles.TRUST_ADMINISTRATORS])
    assert not ApprovalFormPage.objects.exists()
    assert staff_home.permissions_for_user(builder).can_add_subpage()
    assert not staff_home.permissions_for_user(builder).can_edit()
    assert administrator.groups.filter(name=roles.TRUST_ADMINISTRATORS).exists()  # someone approves publishing


def test_a_trust_administrator_cannot_publish_a_form_in_bulk_from_the_page_listing(governed_staff_home, builder):
    form = make_approval_form(governed_staff_home)
    govern_form(form)
    form.steps[0].value["heading"] = "What is blocked"
    form.save_revision(user=builder)
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"]) + f"?id={form.pk}"

    response = signed_in(builder).post(url, follow=True)

    assert "published when a second person approves each one" in response.text
    assert [version.number for version in form.versions.all()] == [1]
