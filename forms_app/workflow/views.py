"""The approvers' views in the Wagtail admin: the review page, and the admin's writes refused with the reason.

Wagtail's own workflow modals for requests are in ``forms_app.workflow.modals``.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from wagtail.models import WorkflowState
from wagtail.snippets.views.snippets import DeleteView

from home import roles
from home.models import User

from ..answers import answer_changes, answers_digest, present_answers
from ..constants import ApprovalStep, RequestStatus
from ..models import SocialMediaApprovalTask, SocialMediaSiteRequest
from ..permissions import deletion_refusal
from ..runners.forms import TrainingForm
from ..runners.selectors import runner_statuses
from ..runners.services import record_training, send_reminders_as_approver
from .amendments import may_abandon_amendment
from .decision_page import at_a_glance
from .forms import ApproveForm, RequestChangesForm
from .selectors import after_decision_message, requests_visible_to, user_may_view_for_review
from .services import RequestActionError, approve_task, request_changes
from .timeline import timeline_for


class ReviewRequestView(View):
    """The whole request, read-only, with the approve and request-changes forms for its current step.

    GET shows the answers (Appendix B order, or a built form's steps as its version asked
    them, under the form's title), the timeline and, to a user who may decide
    the current step, the two forms. POST ``action=approve`` (``attested``, ``comment``)
    or ``action=request_changes`` (``reason``), with the ``task_state`` shown and the
    ``digest`` of the answers shown (``answers.answers_digest``), calls the services,
    which refuse the decision if the answers changed since the page was rendered; invalid input shows
    the errors next to the fields and in a summary, keeping what was typed. Users who
    may not read the request (approvers of another school) get 404.
    """

    template_name = "forms_app/admin/review_request.html"
    viewset = None

    def setup(self, request, *args, pk, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = get_object_or_404(
            SocialMediaSiteRequest.objects.select_related(
                "school", "author__school", "line_manager__school", "platform", "policy_page", "form_version"
            ),
            pk=pk,
        )
        if not user_may_view_for_review(site_request=self.object, user=request.user):
            raise Http404
        self.task_state = self.object.current_workflow_task_state
        self.task = (
            SocialMediaApprovalTask.objects.filter(pk=self.task_state.task_id).first() if self.task_state else None
        )
        self.refusal = self.task.refusal_reason(self.object, request.user) if self.task else None

    @property
    def can_decide(self) -> bool:
        return self.task is not None and self.refusal is None

    def get(self, request, *args, **kwargs):
        return self.render(approve_form=self.approve_form(), changes_form=RequestChangesForm(prefix="changes"))

    def approve_form(self, data=None) -> ApproveForm | None:
        if self.task is None:
            return None
        return ApproveForm(data, step=self.task.role, built_form=self.object.is_built_form, prefix="approve")

    @property
    def can_record_training(self) -> bool:
        """The request's school's ICT Managers record its runners' training (``runners.services.record_training``).

        Never on a form built in the admin: it names nobody who runs a site.
        """
        user = self.request.user
        return (
            not self.object.is_built_form
            and user.school_id == self.object.school_id
            and roles.ICT_MANAGERS in roles.role_names(user)
        )

    def record_training(self, request):
        """POST ``action=record_training``: record a runner's training; errors beside the fields, input kept."""
        form = TrainingForm(request.POST, site_request=self.object, prefix="training")
        if not self.can_record_training:
            raise Http404
        if form.is_valid():
            try:
                record_training(recorded_by=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("Training recorded for %(name)s.") % {"name": form.cleaned_data["person"].display_name},
                )
                return redirect(self.review_url() + "#runners")
        return self.render(
            approve_form=self.approve_form(), changes_form=RequestChangesForm(prefix="changes"), training_form=form
        )

    def remind_runners(self, request):
        """POST ``action=remind_runners``: the approver of the current step reminds whoever has not read the policy."""
        try:
            reminded = send_reminders_as_approver(site_request=self.object, user=request.user)
        except PermissionDenied:
            raise Http404 from None
        if reminded:
            messages.success(request, _("Reminder sent to %(names)s.") % {"names": ", ".join(reminded)})
        else:
            messages.info(
                request, _("Nobody needed a reminder: everyone who has an email address has read the policy.")
            )
        return redirect(self.review_url() + "#readiness")

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        if action == "record_training":
            return self.record_training(request)
        if action == "remind_runners":
            return self.remind_runners(request)
        approve_form, changes_form = self.approve_form(), RequestChangesForm(prefix="changes")
        if not self.can_decide:
            messages.error(request, self.refusal or _("This request is not awaiting a decision."))
            return redirect(self.review_url())
        if request.POST.get("task_state") != str(self.task_state.pk):
            # The page showed an earlier step: never apply the decision to the step that followed.
            messages.error(request, _("This request moved on while you were reading it: check it again."))
            return redirect(self.review_url())
        try:
            if action == "approve":
                approve_form = self.approve_form(request.POST)
                if approve_form.is_valid():
                    self.object = approve_task(
                        task_state=self.task_state,
                        user=request.user,
                        attested=approve_form.cleaned_data["attested"],
                        comment=approve_form.cleaned_data["comment"],
                        seen_digest=request.POST.get("digest", ""),
                    )
                    messages.success(request, after_decision_message(decision=self.object.decisions.last()))
                    return redirect("wagtailadmin_home")
            elif action == "request_changes":
                changes_form = RequestChangesForm(request.POST, prefix="changes")
                if changes_form.is_valid():
                    self.object = request_changes(
                        task_state=self.task_state,
                        user=request.user,
                        reason=changes_form.cleaned_data["reason"],
                        seen_digest=request.POST.get("digest", ""),
                    )
                    messages.success(request, after_decision_message(decision=self.object.decisions.last()))
                    return redirect("wagtailadmin_home")
        except RequestActionError as error:
            messages.error(request, str(error))
            return redirect(self.review_url())
        return self.render(approve_form=approve_form, changes_form=changes_form, status=200)

    def school_ict_managers(self) -> list[str]:
        """The names of the request's school's active ICT Managers, who record training."""
        return [
            user.display_name()
            for user in User.objects.filter(
                groups__name=roles.ICT_MANAGERS, school_id=self.object.school_id, is_active=True
            ).distinct()
        ]

    def review_url(self) -> str:
        return reverse(self.viewset.get_url_name("review"), args=[self.object.pk])

    def render(self, *, approve_form, changes_form, training_form=None, status=200):
        prefetch_related_objects([self.object], "site_people__user__school")
        # One snapshot: the answers, people and documents shown are those the digest is of,
        # and the decision forms post that digest back (issue 25).
        people = list(self.object.site_people.all())
        attachments = list(self.object.attachments.all())
        if training_form is None and self.can_record_training:
            training_form = TrainingForm(site_request=self.object, prefix="training")
        built = self.object.is_built_form
        # A built form names no people who run a site: no readiness, training or acknowledgements.
        runners = [] if built else runner_statuses(self.object)
        unready = [status for status in runners if not status.is_ready]
        final_step = self.task is not None and self.task.role == ApprovalStep.HEADTEACHER
        sections = present_answers(self.object, people=people, include_declaration=True)
        context = {
            "runners": runners,
            "unready_runners": unready,
            # Say before, not after: Approve is offered at the final step only when it can succeed.
            "approve_blocked": final_step and bool(unready),
            "show_readiness_first": final_step and bool(runners),
            "may_remind_runners": self.can_decide and any(not status.acknowledged for status in runners),
            "school_ict_managers": self.school_ict_managers() if unready and not self.can_record_training else [],
            "training_form": training_form if self.can_record_training else None,
            "object": self.object,
            "page_title": _("Review request %(ref)s") % {"ref": self.object.reference},
            "sections": sections,
            # Appendix B's policy checks at a glance; a built form's answers are its own questions.
            "glance": None if built else at_a_glance(self.object, sections, people),
            "built_form": built,
            # The signed record of the last final approval (the record page refuses whoever may not read it).
            "record_url": reverse("approval_record", args=[self.object.public_id])
            if self.object.status in (RequestStatus.APPROVED, *RequestStatus.amendment())
            else "",
            "attachments": attachments,
            # An amendment: what changed against the last approved answers, shown before them.
            "changes": answer_changes(self.object) if self.object.status in RequestStatus.amendment() else None,
            "answers_digest": answers_digest(self.object, people=people, attachments=attachments),
            "timeline": timeline_for(self.object),
            "abandon_url": reverse("forms_app:abandon_amendment", args=[self.object.public_id])
            if may_abandon_amendment(site_request=self.object, user=self.request.user)
            else "",
            "task": self.task,
            "task_state": self.task_state,
            "can_decide": self.can_decide,
            "refusal": self.refusal,
            "approve_form": approve_form,
            "changes_form": changes_form,
            "error_forms": [
                form for form in (approve_form, changes_form, training_form) if form is not None and form.errors
            ],
            "workflow_finished": self.object.current_workflow_state is None
            or self.object.current_workflow_state.status != WorkflowState.STATUS_IN_PROGRESS,
        }
        return TemplateResponse(self.request, self.template_name, context, status=status)


def admin_write_refusal(site_request: SocialMediaSiteRequest | None) -> str:
    """Why the admin never writes a request's answers, status or declaration (a message for the user).

    Issue 25: a submitted, pending or approved request is what its approvers read and what is
    sealed; its author changes it from the staff area (after "Request changes", or as an
    amendment, which goes to the ICT Manager again). A draft is its author's to write.
    """
    if site_request is None:
        return _(
            "Requests are written by members of staff in the staff area (Request a new social media site), "
            "not in the admin."
        )
    if site_request.status == RequestStatus.DRAFT:
        return _("Request %(reference)s is its author's draft: only they change it, in the staff area.") % {
            "reference": site_request.reference
        }
    return _(
        "Request %(reference)s cannot be edited in the admin: once submitted, its answers, status and "
        "declaration change only through the approval workflow, so both approvers see what is sealed. "
        "Its author can make an amendment from My requests; it goes to the ICT Manager again."
    ) % {"reference": site_request.reference}


class RequestEditView(View):
    """The snippet edit view (and "revert to this revision") of a request: read-only, never a write.

    GET shows the review page (answers, attachments, timeline and, to an approver of the
    current step, the decision forms). A POST of those forms (``action``) is the review
    page's; any other POST (Wagtail's save, publish, "Submit to workflow", restart or cancel,
    extra fields such as ``status``) changes nothing and the user is told why.
    """

    viewset = None
    review_actions = ("approve", "request_changes", "record_training")

    def dispatch(self, request, *args, pk, **kwargs):
        review = ReviewRequestView.as_view(viewset=self.viewset)
        if request.method == "POST" and request.POST.get("action") not in self.review_actions:
            site_request = get_object_or_404(SocialMediaSiteRequest, pk=pk)
            if not user_may_view_for_review(site_request=site_request, user=request.user):
                raise Http404
            messages.error(request, admin_write_refusal(site_request))
            return redirect(reverse(self.viewset.get_url_name("review"), args=[site_request.pk]))
        return review(request, pk=pk)


class RefuseAdminWriteView(View):
    """A Wagtail admin view that would write a request (add, copy, unpublish): refused, with the reason.

    Redirects to the request's review page (or the listing when there is no request yet);
    nothing is saved on any method.
    """

    viewset = None

    def dispatch(self, request, *args, pk=None, **kwargs):
        site_request = None
        # Someone with no permission on requests at all is refused as Wagtail would, not told why.
        if not self.viewset.permission_policy.user_has_any_permission(request.user, {"add", "change", "view"}):
            raise PermissionDenied
        if pk is not None:
            site_request = get_object_or_404(SocialMediaSiteRequest, pk=pk)
            if not user_may_view_for_review(site_request=site_request, user=request.user):
                raise Http404
        messages.error(request, admin_write_refusal(site_request))
        if site_request is None:
            return redirect(reverse(self.viewset.get_url_name("list")))
        return redirect(reverse(self.viewset.get_url_name("review"), args=[site_request.pk]))


class RequestDeleteView(DeleteView):
    """Wagtail's delete view for a request, refusing with the reason when the request is part of the record.

    ``SiteRequestPermissionPolicy`` already hides the button and keeps such requests out of
    bulk deletion; this covers the address typed or posted directly. The reason names the
    request, so it is given only to someone who may delete requests and may see this one:
    anyone else gets Wagtail's refusal (403) or "not found" (404), never its reference.
    """

    def dispatch(self, request, *args, **kwargs):
        if not self.permission_policy.user_has_permission(request.user, "delete"):
            raise PermissionDenied
        refusal = deletion_refusal(self.object)
        if refusal and not requests_visible_to(request.user).filter(pk=self.object.pk).exists():
            raise Http404
        if refusal:
            messages.error(request, refusal)
            return redirect(self.index_url_name)
        return super().dispatch(request, *args, **kwargs)
