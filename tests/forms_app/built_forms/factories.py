"""Approval forms built as an editor would (steps of question blocks, a chain, published) and their submissions."""

import uuid

from django.contrib.auth.models import Group, Permission
from wagtail.models import Workflow, WorkflowTask

from forms_app.constants import ApprovalStep, GroupScope
from forms_app.models import ApprovalFormPage, SocialMediaApprovalTask, SocialMediaSiteRequest

HEAD_ONLY = "Approval form: Headteacher"
ICT_THEN_HEAD = "Approval form: ICT Manager, then Headteacher"
DPO_THEN_HEAD = "Approval form: Trust Data Protection Officer, then Headteacher"
DPO_GROUP = "Data Protection Officers"


def approver_group(name: str) -> Group:
    """A group whose members decide a group step, with the admin access its members decide in."""
    group, _ = Group.objects.get_or_create(name=name)
    group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    return group


def group_step(name: str, *, group: Group | None, scope: str = GroupScope.SCHOOL) -> SocialMediaApprovalTask:
    """A group approval step named ``name``, decided by ``group``'s members in ``scope``."""
    return SocialMediaApprovalTask.objects.create(
        name=name, role=ApprovalStep.GROUP, approver_group=group, scope=scope, active=True
    )


def chain(name: str, *steps: SocialMediaApprovalTask | str) -> Workflow:
    """A workflow named ``name`` of ``steps`` in order (a task, or the role of the ICT Manager or Headteacher step)."""
    workflow = Workflow.objects.create(name=name, active=True)
    for order, step in enumerate(steps):
        task = SocialMediaApprovalTask.objects.get(role=step) if isinstance(step, str) else step
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=order)
    return workflow


def question(kind: str, label: str, *, required: bool = True, **settings) -> dict:
    """One question block's raw stream data (a new block id), as the page editor saves it."""
    value = {"label": label, "help_text": settings.pop("help_text", ""), **settings}
    if kind != "declaration":
        value["required"] = required
    return {"type": kind, "id": str(uuid.uuid4()), "value": value}


def step(heading: str, *questions: dict) -> dict:
    """One step block's raw stream data holding ``questions``."""
    return {"type": "step", "id": str(uuid.uuid4()), "value": {"heading": heading, "questions": list(questions)}}


def blocked_content_steps() -> list[dict]:
    """ "Request access to blocked content" (Thurcroft, "Blocked content"): two steps, a reveal and a file."""
    return [
        step(
            "The blocked content",
            question("text", "Address of the blocked page", help_text="Copy it from the browser's address bar."),
            question("long_text", "Why do you need it?"),
            question(
                "yes_no",
                "Is it needed for a lesson?",
                follow_up_label="Which lesson and when?",
                reveal_on="yes",
            ),
        ),
        step(
            "Evidence",
            question("file", "A screenshot of the blocked page", required=False),
            question("declaration", "I will use this content only for the purpose given."),
        ),
    ]


def make_approval_form(
    parent,
    *,
    title: str = "Request access to blocked content",
    slug: str = "blocked-content",
    steps: list[dict] | None = None,
    chain: str = HEAD_ONLY,
    prefix: str = "BC",
    publish: bool = True,
) -> ApprovalFormPage:
    """Add an approval form below ``parent`` (the staff home) and publish it (recording version 1)."""
    page = ApprovalFormPage(
        title=title,
        slug=slug,
        intro="<p>Ask the Headteacher for access.</p>",
        steps=steps if steps is not None else blocked_content_steps(),
        approval_workflow=Workflow.objects.get(name=chain),
        reference_prefix=prefix,
    )
    parent.add_child(instance=page)
    if publish:
        page.save_revision().publish()
    page.refresh_from_db()
    return page


def answers_for(version, **by_label) -> dict:
    """Answers keyed by question id from ``label=value`` pairs given as a dict of label to value."""
    ids = {question.label: question.id for question in version.questions()}
    return {ids[label]: value for label, value in by_label.items()}


def built_request(*, author, form: ApprovalFormPage, answers: dict | None = None) -> SocialMediaSiteRequest:
    """A draft on ``form``'s current version by ``author`` at their school, with ``answers`` (keyed by question id)."""
    version = form.current_version()
    return SocialMediaSiteRequest.objects.create(
        school=author.school,
        author=author,
        form_version=version,
        answers=answers or {},
        last_completed_step=len(version.steps),
    )


def complete_blocked_content_answers(version) -> dict:
    """Every required answer of ``blocked_content_steps``' questions, the lesson follow-up revealed."""
    ids = {question.label: question.id for question in version.questions()}
    return {
        ids["Address of the blocked page"]: "https://example.org/volcanoes",
        ids["Why do you need it?"]: "Year 6 geography: a video of an eruption.",
        ids["Is it needed for a lesson?"]: {"answer": "yes", "follow_up": "Geography, 3 March"},
        ids["I will use this content only for the purpose given."]: True,
    }
