"""Views of the register: its actions (mark live, transfer, close), the inspect and history views,
and the signed approval record, a printable page laid out like Appendix B, filled in."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail_modeladmin.views import HistoryView, InspectView, InstanceSpecificView

from ..constants import RequestStatus, SiteRole
from .forms import CloseForm, MarkLiveForm, TransferForm
from .records import approval_record_context, last_approved_request, load_record_request, sealed_record_for
from .selectors import user_can_view_approval_record
from .services import close_entry, mark_entry_live, transfer_site_role

ACTION_LABELS = {
    "mark_live": _("Mark live"),
    "transfer": _("Transfer"),
    "close": _("Close site"),
}


class RegisterActionView(InstanceSpecificView):
    """A register action: a small form whose valid input is handed to a service.

    The service's ``ValidationError`` is shown beside the field and in the error
    summary; the entry is unchanged and what the user typed is kept.
    """

    action = ""
    form_class = forms.Form
    service = None
    page_title = ""
    success_message = ""
    template_name = "forms_app/register/action.html"

    def check_action_permitted(self, user):
        return self.permission_helper.user_can_act_on(user, self.instance, self.action)

    def get_page_title(self):
        return ACTION_LABELS[self.action]

    def get_form(self):
        data = self.request.POST if self.request.method == "POST" else None
        return self.form_class(data, **self.get_form_kwargs())

    def get_form_kwargs(self) -> dict:
        return {}

    def perform(self, form):
        # The forms' field names are the services' keyword arguments.
        self.service(entry=self.instance, user=self.request.user, **form.cleaned_data)

    def render(self, form):
        return TemplateResponse(self.request, self.template_name, self.get_context_data(form=form))

    def get(self, request, *args, **kwargs):
        return self.render(self.get_form())

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if form.is_valid():
            try:
                self.perform(form)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, self.success_message % {"account": self.instance.account_name})
                return HttpResponseRedirect(self.url_helper.get_action_url("inspect", self.instance.pk))
        return self.render(form)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["inspect_url"] = self.url_helper.get_action_url("inspect", self.instance.pk)
        context["action_label"] = ACTION_LABELS[self.action]
        return context


class MarkLiveView(RegisterActionView):
    action = "mark_live"
    form_class = MarkLiveForm
    service = staticmethod(mark_entry_live)
    success_message = _("%(account)s is marked live.")


class TransferView(RegisterActionView):
    action = "transfer"
    form_class = TransferForm
    service = staticmethod(transfer_site_role)
    success_message = _(
        "The administrators and moderators of %(account)s are updated in the register. The approved record keeps "
        "the people signed off; the request's next amendment starts with this change, for both approvers."
    )

    def get_form_kwargs(self):
        return {"entry": self.instance}


class CloseView(RegisterActionView):
    action = "close"
    form_class = CloseForm
    service = staticmethod(close_entry)
    success_message = _("%(account)s is recorded as closed.")


class RegisterInspectView(InspectView):
    """The inspect view, with the current administrators and moderators and the approval record link."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        people = list(self.instance.people.select_related("user"))
        site_request = self.instance.request
        may_view_record = user_can_view_approval_record(user=self.request.user, site_request=site_request)
        context.update(
            {
                "site_roles": [
                    (_("Administrators"), [p for p in people if p.role == SiteRole.ADMINISTRATOR]),
                    (_("Moderators"), [p for p in people if p.role == SiteRole.MODERATOR]),
                ],
                "record_url": reverse("approval_record", args=[site_request.public_id]) if may_view_record else "",
                "history_url": self.url_helper.get_action_url("history", self.instance.pk),
                # The sealed PDF follows the approval record's own access rule.
                "sealed_record": sealed_record_for(site_request) if may_view_record else None,
            }
        )
        return context


class RegisterHistoryView(HistoryView):
    """The audit log of an entry, for those who may inspect it (modeladmin's own view checks nothing)."""

    def check_action_permitted(self, user):
        return self.permission_helper.user_can_inspect_obj(user, self.instance)


# The signed approval record


@login_required
def approval_record(request, public_id):
    """Show the signed approval record of the approved request with ``public_id`` (a UUID).

    Visible only to the author, the administrators and moderators named on the request
    or its register entry, the school's approvers and superusers; everyone else gets
    404, so the page does not reveal that the request exists. Each approval shows the
    approver's name, "Signed electronically" with the date and time in Europe/London,
    and the Appendix B attestation they signed. The same template, with ``pdf=True``,
    is the sealed PDF (``forms_app.register.records``); the page links to that PDF once
    it is sealed.
    """
    site_request = load_record_request(public_id=public_id)
    if site_request is None or not user_can_view_approval_record(user=request.user, site_request=site_request):
        raise Http404
    shown = site_request
    if site_request.status != RequestStatus.APPROVED:
        # An amendment is under way: the record stays the last approved one (issue 25).
        shown = last_approved_request(site_request)
        if shown is None:
            raise Http404
    context = approval_record_context(shown) | {
        "sealed_record": sealed_record_for(site_request),
        "amendment_status": site_request.get_status_display() if shown is not site_request else "",
    }
    return render(request, "forms_app/approval_record.html", context)
