"""Approval forms built in the admin from question blocks, and the published versions of their questions.

An ``ApprovalFormPage`` is a form a trust builds without code (a request to access blocked
content, to take part in a third party's site…): its steps of questions
(``forms_app.blocks``) and the approval chain its submissions go through, which is a
Wagtail workflow of the request's approval steps (ICT Manager, Headteacher). Submissions
are ``SocialMediaSiteRequest`` rows with ``form_version`` set and their answers in
``answers``, so they follow the same engine as Appendix B: drafts, the approvers' scoping
and separation rules, cover, reminders, the inbox, amendments, the sealed record.

Each publish of the page that changes its questions or chain records an
``ApprovalFormVersion``; a submission keeps the version it was started with, so its
record shows the questions as they were asked even after the form is edited.
"""

from collections.abc import Iterator
from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, Workflow

from ..blocks import StepStreamBlock
from ..built_forms.builder import CHAIN_WIDGET, ApprovalFormPageForm
from ..constants import ApprovalStep

__all__ = ["ApprovalFormPage", "ApprovalFormVersion", "Question", "chain_roles", "chain_tasks", "chain_errors"]


def chain_tasks(workflow: Workflow) -> list:
    """``workflow``'s active ``SocialMediaApprovalTask`` steps, in order, each with its group (``[]`` if any task
    is of another type). Two queries."""
    from wagtail.models import WorkflowTask

    from .tasks import SocialMediaApprovalTask

    task_ids = list(
        WorkflowTask.objects.filter(workflow=workflow, task__active=True)
        .order_by("sort_order")
        .values_list("task_id", flat=True)
    )
    by_id = SocialMediaApprovalTask.objects.select_related("approver_group").in_bulk(task_ids)
    if not task_ids or len(by_id) != len(task_ids):
        return []
    return [by_id[task_id] for task_id in task_ids]


def chain_roles(workflow: Workflow) -> list[str]:
    """The ``ApprovalStep`` values of ``workflow``'s active tasks, in order (``[]`` if any task is of another type).

    Two queries.
    """
    return [task.role for task in chain_tasks(workflow)]


def chain_errors(workflow: Workflow | None) -> list[str]:
    """Why ``workflow`` cannot be an approval form's chain (empty list when it can).

    The engine's rules (the seed policies ask for the Head of School/Headteacher's
    approval, with or without the ICT Manager's first; issue 29 adds "a Trust role, or a
    named group"): every step is a request approval step, a group step names a group whose
    members may open the admin (where requests are decided), no step twice, and the last is
    the Headteacher's (the CEO for the central team), whose approval seals the record.
    One query more when the chain has a group step.
    """
    if workflow is None:
        return [str(_("Choose the approval chain."))]
    if not workflow.active:
        return [str(_("This workflow is disabled: choose an active one."))]
    tasks = chain_tasks(workflow)
    if not tasks:
        return [
            str(
                _(
                    "Every step of the chain must be a request approval step (ICT Manager approval, Headteacher "
                    "approval or Group approval)."
                )
            )
        ]
    roles = [task.role for task in tasks]
    errors = []
    group_ids = {task.approver_group_id for task in tasks if task.role == ApprovalStep.GROUP}
    # Requests are decided on their review page in the admin, which only admin users open.
    admin_group_ids = (
        set(
            Group.objects.filter(
                pk__in=group_ids,
                permissions__content_type__app_label="wagtailadmin",
                permissions__codename="access_admin",
            ).values_list("pk", flat=True)
        )
        if group_ids - {None}
        else set()
    )
    for task in tasks:
        if task.role != ApprovalStep.GROUP:
            continue
        if task.approver_group_id is None:
            errors.append(
                str(_("The step “%(name)s” names no group: choose whose members decide it.")) % {"name": task.name}
            )
        elif task.approver_group_id not in admin_group_ids:
            errors.append(
                str(
                    _(
                        "The members of the group of the step “%(name)s” cannot open the admin, where requests are "
                        "decided: give the group “Can access Wagtail admin” (Settings → Groups)."
                    )
                )
                % {"name": task.name}
            )
    fixed_roles = [role for role in roles if role != ApprovalStep.GROUP]
    if len(set(fixed_roles)) != len(fixed_roles):
        errors.append(str(_("A step appears twice in this chain: each person's approval is asked once.")))
    if roles[-1] != ApprovalStep.HEADTEACHER:
        errors.append(str(_("The chain must end with the Headteacher approval step, which gives the final approval.")))
    return errors


class ApprovalFormPage(Page):
    """A form staff fill in on the staff area, built by an editor from question blocks, approved in the admin.

    ``steps``: the form's steps and questions (``forms_app.blocks.StepStreamBlock``);
    ``approval_workflow``: the approval chain, a Wagtail workflow of request approval steps
    ending with the Headteacher (``chain_errors``); ``reference_prefix``: the letters of
    its submissions' references (``BC-2026-0042``). The page itself goes through page
    moderation like any other page; only a published version is offered to staff.
    """

    # The staff home links to approval forms as cards, like other sections.
    intro = RichTextField(
        features=["bold", "italic", "link", "ul", "ol"],
        blank=True,
        help_text=_("When staff need this form, what to have ready, and the policy clause that asks for it."),
    )
    steps = StreamField(
        StepStreamBlock(), use_json_field=True, help_text=_("The form's steps, each a page of questions.")
    )
    approval_workflow = models.ForeignKey(
        Workflow,
        verbose_name=_("approval chain"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_(
            "Who approves a submission, one after another: a workflow of request approval steps ending with the "
            "Headteacher (Settings → Workflows)."
        ),
    )
    reference_prefix = models.CharField(
        _("reference letters"),
        max_length=4,
        default="AF",
        help_text=_("Two to four capital letters starting each submission's reference, e.g. BC for BC-2026-0042."),
    )
    start_button_text = models.CharField(_("start button text"), max_length=60, default="Start now")

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel(
            "steps",
            help_text=_(
                "Each step is one page of questions under its heading. Add a step, then its questions; a yes or no "
                "question can ask a follow-up after one answer. Staff see the questions as they were when the form "
                "was last published: a change reaches them only once it is published again."
            ),
        ),
        MultiFieldPanel(
            [
                FieldPanel(
                    "approval_workflow",
                    widget=CHAIN_WIDGET,
                    help_text=_(
                        "Who approves a submission, one after another, always finishing with the Headteacher (the "
                        "CEO for the central team), whose approval seals the record. Only chains that can approve a "
                        "form are listed; a site administrator builds others in Settings → Workflows from the "
                        "request approval steps."
                    ),
                ),
                FieldPanel("reference_prefix"),
            ],
            heading=_("Approval"),
        ),
        FieldPanel("start_button_text", help_text=_("The button on the form's first page, e.g. 'Start now'.")),
    ]
    base_form_class = ApprovalFormPageForm

    parent_page_types = ["home.StaffHomePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("approval form page")

    def clean(self):
        """Refuse a chain the engine cannot run and reference letters that are not 2–4 capitals.

        Raises ``ValidationError`` on ``approval_workflow`` (``chain_errors``) or
        ``reference_prefix``; the admin shows each next to its field.
        """
        super().clean()
        errors = {}
        if self.approval_workflow_id and (problems := chain_errors(self.approval_workflow)):
            errors["approval_workflow"] = problems
        prefix = self.reference_prefix or ""
        if not (2 <= len(prefix) <= 4 and prefix.isascii() and prefix.isalpha() and prefix.isupper()):
            errors["reference_prefix"] = _("Use two to four capital letters, such as BC.")
        elif prefix == "SM":
            errors["reference_prefix"] = _("SM is the Social Media Site Creation Approval Form's: choose others.")
        if errors:
            raise ValidationError(errors)

    def get_context(self, request, *args, **kwargs):
        """Add ``drafts``: the signed-in person's requests on this form still being filled in (one query).

        The staff area is private (its view restriction), so only signed-in staff reach the page.
        """
        from .requests import SocialMediaSiteRequest

        context = super().get_context(request, *args, **kwargs)
        context["drafts"] = []
        if request.user.is_authenticated:
            context["drafts"] = list(
                SocialMediaSiteRequest.objects.by_author(request.user)
                .editable()
                .filter(form_version__form=self)
                .select_related("form_version")
            )
        return context

    def current_version(self) -> "ApprovalFormVersion | None":
        """The latest published version of the form's questions, or None before its first publish. One query."""
        return self.versions.order_by("-number").first()

    def record_version(self) -> "ApprovalFormVersion":
        """Return the version of the live questions and chain, recording a new one if they changed.

        Called when the page is published (``forms_app.signals``). Runs under a lock of the
        page's row so two publishes at once cannot both number a version. The steps are
        stored as Wagtail's raw stream data (block ids included), so an answer's key still
        finds its question in a version.
        """
        with transaction.atomic():
            type(self).objects.select_for_update().filter(pk=self.pk).first()
            latest = self.current_version()
            steps = list(self.steps.get_prep_value())
            if (
                latest is not None
                and latest.steps == steps
                and latest.approval_workflow_id == self.approval_workflow_id
                and latest.title == self.title
                and latest.reference_prefix == self.reference_prefix
            ):
                return latest
            return ApprovalFormVersion.objects.create(
                form=self,
                number=(latest.number + 1) if latest else 1,
                title=self.title,
                steps=steps,
                approval_workflow_id=self.approval_workflow_id,
                reference_prefix=self.reference_prefix,
            )


@dataclass(frozen=True)
class Question:
    """One question of a version: ``id`` (its block id, the key of its answer), ``kind`` (a
    ``forms_app.blocks.QUESTION_KINDS`` name), ``step`` (0-based step number), and the block's
    ``value`` (``label``, ``help_text``, ``required`` and the kind's own settings)."""

    id: str
    kind: str
    step: int
    value: dict

    @property
    def label(self) -> str:
        return self.value.get("label", "")

    @property
    def required(self) -> bool:
        """Declarations always; other questions as the editor ticked."""
        return self.kind == "declaration" or bool(self.value.get("required", True))


class ApprovalFormVersion(models.Model):
    """The questions and approval chain of an approval form as published at one time.

    ``steps`` is the page's ``steps`` stream as raw JSON (``[{"type": "step", "id": …,
    "value": {"heading": …, "questions": [{"type": kind, "id": …, "value": {…}}]}}]``).
    Never changed once recorded: a submission points at the version it was made with.
    ``form`` is emptied if the page is deleted; ``title`` keeps its name.
    """

    form = models.ForeignKey(ApprovalFormPage, on_delete=models.SET_NULL, null=True, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("form title"), max_length=255)
    steps = models.JSONField(_("steps and questions"))
    approval_workflow = models.ForeignKey(
        Workflow, verbose_name=_("approval chain"), on_delete=models.PROTECT, related_name="+"
    )
    reference_prefix = models.CharField(_("reference letters"), max_length=4)
    published_at = models.DateTimeField(_("published"), default=timezone.now)

    class Meta:
        verbose_name = _("approval form version")
        ordering = ["form", "number"]
        constraints = [models.UniqueConstraint(fields=["form", "number"], name="forms_app_form_version_unique")]

    def __str__(self) -> str:
        return f"{self.title} (version {self.number})"

    @property
    def step_headings(self) -> list[str]:
        """The steps' headings, in order."""
        return [step["value"]["heading"] for step in self.steps]

    def questions(self, step: int | None = None) -> Iterator[Question]:
        """The version's questions in order, or only those of step ``step`` (0-based). No query."""
        for number, block in enumerate(self.steps):
            if step is not None and number != step:
                continue
            for question in block["value"]["questions"]:
                yield Question(id=question["id"], kind=question["type"], step=number, value=question["value"])

    def get_workflow(self) -> Workflow | None:
        """The workflow a submission of this version goes through, or None if it was disabled since. One query."""
        workflow = Workflow.objects.filter(pk=self.approval_workflow_id, active=True).first()
        return workflow
