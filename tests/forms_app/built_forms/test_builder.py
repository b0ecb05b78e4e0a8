"""The form builder in the admin: the chain is chosen among chains that work, and each mistake is shown by its field."""

import uuid

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.models import Workflow, WorkflowTask
from wagtail.test.utils.form_data import nested_form_data, rich_text

from forms_app.models import ApprovalFormPage, SocialMediaApprovalTask
from tests.forms_app.built_forms.factories import HEAD_ONLY, ICT_THEN_HEAD, make_approval_form

pytestmark = pytest.mark.django_db


def stream(*items: tuple[str, object, str | None]) -> dict:
    """Stream form data of ``(block type, value, block id)`` items, as the page editor posts it."""
    data = {
        str(index): {"type": kind, "value": value, "deleted": "", "order": str(index), "id": block_id or ""}
        for index, (kind, value, block_id) in enumerate(items)
    }
    data["count"] = str(len(items))
    return data


def options(*values: str) -> dict:
    """A list block's form data (the choice question's options)."""
    data = {
        str(index): {"value": value, "deleted": "", "order": str(index), "id": str(uuid.uuid4())}
        for index, value in enumerate(values)
    }
    data["count"] = str(len(values))
    return data


def asked(label: str, kind: str = "text", block_id: str | None = None, **extra) -> tuple:
    return (kind, {"label": label, "help_text": "", "required": "on", **extra}, block_id)


def builder_post(
    *,
    title: str = "Request access to blocked content",
    slug: str = "blocked-content-request",
    questions: tuple = (asked("Address of the blocked page"),),
    chain: Workflow | None = None,
    prefix: str = "BA",
    step_id: str | None = None,
    **extra,
) -> dict:
    """The page editor's form as a browser posts it: one step of ``questions``, ``chain`` (default Headteacher)."""
    chain = chain or Workflow.objects.get(name=HEAD_ONLY)
    return nested_form_data(
        {
            "title": title,
            "slug": slug,
            "intro": rich_text("<p>Ask your Headteacher.</p>"),
            "steps": stream(("step", {"heading": "The blocked content", "questions": stream(*questions)}, step_id)),
            "approval_workflow": chain.pk,
            "reference_prefix": prefix,
            "start_button_text": "Start now",
            **extra,
        }
    )


def add_url(staff_home) -> str:
    return reverse("wagtailadmin_pages:add", args=["forms_app", "approvalformpage", staff_home.pk])


def field_errors(response, name: str) -> str:
    """The error text the editor shows next to field ``name`` (inside the field's own wrapper)."""
    soup = BeautifulSoup(response.content, "html.parser")
    field = soup.select_one(f'[data-contentpath="{name}"]')
    assert field is not None, f"no field {name} on the page"
    return " ".join(error.get_text(" ", strip=True) for error in field.select(".error-message"))


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("root", "root@example.org", "pw")


@pytest.fixture
def editor(client, superuser):
    client.force_login(superuser)
    return client


def chain_labels(response) -> list[str]:
    soup = BeautifulSoup(response.content, "html.parser")
    return [
        soup.find("label", attrs={"for": radio["id"]}).get_text(strip=True)
        if soup.find("label", attrs={"for": radio["id"]})
        else radio.parent.get_text(strip=True)
        for radio in soup.select('input[type="radio"][name="approval_workflow"]')
    ]


def test_the_chain_is_chosen_among_the_chains_that_can_run_named_by_who_approves(editor, staff_home):
    response = editor.get(add_url(staff_home))

    assert response.status_code == 200
    assert sorted(chain_labels(response)) == [
        "Data Protection Officer, then Head of School/Headteacher",
        "Head of School/Headteacher only",
        "ICT Manager, then Head of School/Headteacher",
    ]
    assert "Policy approval" not in chain_labels(response)
    assert "Approval form publishing" not in chain_labels(response)


def test_a_workflow_that_cannot_approve_a_form_is_refused_next_to_the_chain(editor, staff_home):
    publishing = Workflow.objects.get(name="Approval form publishing")

    response = editor.post(add_url(staff_home), builder_post(chain=publishing))

    assert response.status_code == 200
    assert not ApprovalFormPage.objects.exists()
    assert "Choose one of the approval chains listed" in field_errors(response, "approval_workflow")
    assert "Address of the blocked page" in response.text  # nothing typed is lost


def test_a_chain_broken_since_it_was_chosen_stays_shown_and_is_explained_next_to_its_field(editor, staff_home):
    ict_only = Workflow.objects.create(name="ICT Manager only", active=True)
    WorkflowTask.objects.create(
        workflow=ict_only, task=SocialMediaApprovalTask.objects.get(role="ict_manager"), sort_order=0
    )
    form = make_approval_form(staff_home, chain=HEAD_ONLY)
    ApprovalFormPage.objects.filter(pk=form.pk).update(approval_workflow=ict_only)

    edit_url = reverse("wagtailadmin_pages:edit", args=[form.pk])
    assert "ICT Manager only (cannot be used now)" in chain_labels(editor.get(edit_url))
    response = editor.post(edit_url, builder_post(slug=form.slug, chain=ict_only))

    assert response.status_code == 200
    assert "must end with the Headteacher approval step" in field_errors(response, "approval_workflow")


def test_reference_letters_that_are_not_two_to_four_capitals_are_refused_next_to_their_field(editor, staff_home):
    response = editor.post(add_url(staff_home), builder_post(prefix="bc1"))

    assert response.status_code == 200
    assert "Use two to four capital letters" in field_errors(response, "reference_prefix")
    assert not ApprovalFormPage.objects.exists()


def test_a_choice_question_with_the_same_option_twice_is_refused_in_its_block(editor, staff_home):
    repeated = asked("How often?", "choice", options=options("Weekly", "Weekly"))

    response = editor.post(add_url(staff_home), builder_post(questions=(repeated,)))

    assert response.status_code == 200
    assert not ApprovalFormPage.objects.exists()
    assert "Each option must be different." in response.text
    assert "The page could not be created due to validation errors" in response.text


def test_a_form_saved_with_a_working_chain_keeps_it_and_its_questions(editor, staff_home):
    chain = Workflow.objects.get(name=ICT_THEN_HEAD)
    questions = (
        asked("Address of the blocked page"),
        asked("Is it for a lesson?", "yes_no", follow_up_label="Which lesson?", reveal_on="yes"),
        asked("A screenshot", "file"),
    )

    response = editor.post(add_url(staff_home), builder_post(chain=chain, questions=questions))

    assert response.status_code == 302
    form = ApprovalFormPage.objects.get().get_latest_revision_as_object()
    assert form.approval_workflow == chain
    kinds = [block.block_type for block in form.steps[0].value["questions"]]
    assert kinds == ["text", "yes_no", "file"]


def test_an_empty_introduction_is_stored_empty_and_saving_it_again_is_no_change(editor, staff_home, superuser):
    # The rich text editor sends an empty box as an empty paragraph with a new block key each time.
    response = editor.post(add_url(staff_home), builder_post(intro=rich_text("<p></p>")))
    assert response.status_code == 302
    page = ApprovalFormPage.objects.get()
    assert page.get_latest_revision_as_object().intro == ""

    form_class = ApprovalFormPage.get_edit_handler().get_form_class()
    again = form_class(builder_post(intro=rich_text("<p></p>")), instance=page, for_user=superuser)
    assert "intro" not in again.changed_data, "an empty box saved again would make a new revision to approve"
    written_in = builder_post(intro=rich_text("<p>Ask your ICT Manager.</p>"))
    written = form_class(written_in, instance=page, for_user=superuser)
    assert "intro" in written.changed_data
