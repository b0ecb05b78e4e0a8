"""The form builder's page form: the approval chain is chosen among the chains the engine can run.

``ApprovalFormPage.approval_workflow`` points at any Wagtail workflow, but only a chain of
request approval steps ending with the Headteacher's can take a submission
(``forms_app.models.approval_forms.chain_errors``). An editor choosing from every workflow
(the policy approval, the guidance approval, the form publishing workflow…) would only
learn of the mistake on saving; so the editor offers the chains that work, named by who
approves, one after another. This module imports no model of this app at load time: the
page model names this form as its ``base_form_class``.
"""

import re

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.models import Workflow

__all__ = ["ApprovalFormPageForm", "chain_choices", "describe_chain"]


def describe_chain(roles: list[str]) -> str:
    """Who approves, in order, in words: ``["ict_manager", "headteacher"]`` → "ICT Manager, then Head of
    School/Headteacher"; a single step ends with "only". ``roles`` are ``ApprovalStep`` values or
    ``SocialMediaApprovalTask`` steps."""
    from ..constants import ApprovalStep

    # A group step (a task) is named by its own name ("Data Protection Officer").
    names = [role.step_label if hasattr(role, "step_label") else str(ApprovalStep(role).label) for role in roles]
    if len(names) == 1:
        return str(_("%(approver)s only") % {"approver": names[0]})
    return str(_(", then ")).join(names)


def chain_choices(*, keep: int | None = None) -> dict[int, str]:
    """The chains an approval form may use: ``{workflow pk: label}``, in name order.

    Every active workflow that ``chain_errors`` accepts and that moderates no page or model
    (Appendix B keeps its own), labelled by ``describe_chain`` (with
    the workflow's name added when two chains ask the same people). ``keep`` is the pk of the
    form's current chain: it stays in the list even if it no longer works (disabled, or its
    steps changed in Settings → Workflows), marked as such, so the editor sees it chosen and
    the page's own validation explains next to the field why it is refused. Two queries per
    workflow; a trust has a handful.
    """
    from ..models.approval_forms import chain_errors, chain_tasks

    # A workflow assigned to pages or to a model (Appendix B's "Social media site approval")
    # moderates that content: sharing it with a form would tie their changes together.
    chains = Workflow.objects.filter(active=True, workflow_pages__isnull=True, workflow_content_types__isnull=True)
    workflows = chains | Workflow.objects.filter(pk=keep)
    described: dict[int, tuple[Workflow, str]] = {}
    for workflow in workflows.distinct().order_by("name"):
        if not chain_errors(workflow):
            described[workflow.pk] = (workflow, describe_chain(chain_tasks(workflow)))
        elif workflow.pk == keep:
            label = _("%(name)s (cannot be used now)") % {"name": workflow.name}
            described[workflow.pk] = (workflow, str(label))
    labels = [label for _workflow, label in described.values()]
    return {
        pk: f"{label} ({workflow.name})" if labels.count(label) > 1 else label
        for pk, (workflow, label) in described.items()
    }


class ApprovalFormPageForm(WagtailAdminPageForm):
    """The page editor's form for an ``ApprovalFormPage``: its chain offered as a choice of working chains.

    The ``approval_workflow`` field lists ``chain_choices`` only (the page's current chain
    kept); any other workflow posted is refused next to the field. The page's ``clean``
    still checks the chain (``chain_errors``) and the reference letters, and the stream
    blocks check their own values (``forms_app.blocks``), each error shown by its field.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._name_rich_text_box("intro")
        self._empty_intro_is_no_change()
        field = self.fields.get("approval_workflow")
        if field is None:
            return
        labels = chain_choices(keep=self.instance.approval_workflow_id)
        field.label_from_instance = lambda workflow: labels[workflow.pk]
        field.queryset = Workflow.objects.filter(pk__in=labels).order_by("name")
        field.empty_label = None
        field.error_messages["invalid_choice"] = _(
            "Choose one of the approval chains listed: that workflow cannot approve a form's submissions."
        )
        field.error_messages["required"] = _("Choose who approves a submission.")

    def _empty_intro_is_no_change(self) -> None:
        """An introduction left empty is not a change, whatever empty markup the editor sends for it.

        Wagtail saves a new revision when the form has changed, and an approval posted from
        the editor with a new revision sends the form back for approval instead of publishing.
        """
        field = self.fields.get("intro")
        if field is None:
            return
        compare = field.has_changed

        def has_changed(initial, data) -> bool:
            if EMPTY_PARAGRAPHS.fullmatch(initial or "") and EMPTY_PARAGRAPHS.fullmatch(data or ""):
                return False
            return compare(initial, data)

        field.has_changed = has_changed

    def clean_intro(self) -> str:
        """The introduction's HTML, or "" when it is only empty paragraphs.

        The rich text editor sends an empty introduction as an empty paragraph with a new
        block key each time (``<p data-block-key="…"></p>``), so a form saved without one
        would differ from its last revision on every save: approving it from the editor would
        then save a new revision and send it back for approval instead of publishing it.
        """
        html = self.cleaned_data.get("intro") or ""
        return "" if EMPTY_PARAGRAPHS.fullmatch(html) else html

    def _name_rich_text_box(self, name: str) -> None:
        """Name the rich text editor's text box by its field's label.

        Draftail gives its editable area no accessible name of its own, so a screen reader
        announces an unnamed text box and axe reports ``aria-input-field-name`` (WCAG 4.1.2)
        on the form builder. Draftail takes ``ariaLabelledBy`` among its options; Wagtail's
        panels give the field's label the id ``<input id>-label``.
        """
        widget = getattr(self.fields.get(name), "widget", None)
        if widget is not None and hasattr(widget, "options"):
            widget.options = {**widget.options, "ariaLabelledBy": f"{self[name].auto_id}-label"}


# What the rich text editor sends for a box left empty: paragraphs with nothing in them.
EMPTY_PARAGRAPHS = re.compile(r"(\s*<p[^>]*>\s*(<br\s*/?>\s*)*</p>)*\s*")

# The chain's widget: a handful of chains, each read in full, so radio buttons rather than a menu.
CHAIN_WIDGET = forms.RadioSelect
