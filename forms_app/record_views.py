"""The signed approval record: a printable page laid out like Appendix B, filled in."""

from zoneinfo import ZoneInfo

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from .constants import ATTESTATIONS, EXTERNAL_GROUPS, ApprovalStep, Group
from .models import SocialMediaSiteRequest
from .register_selectors import approved_decisions_for, user_can_view_approval_record

LONDON = ZoneInfo("Europe/London")


@login_required
def approval_record(request, public_id):
    """Show the signed approval record of the approved request with ``public_id`` (a UUID).

    Visible only to the author, the administrators and moderators named on the request
    or its register entry, the school's approvers and superusers; everyone else gets
    404, so the page does not reveal that the request exists. Each approval shows the
    approver's name, "Signed electronically" with the date and time in Europe/London,
    and the Appendix B attestation they signed.
    """
    site_request = (
        SocialMediaSiteRequest.objects.select_related("school", "author", "line_manager", "platform", "policy_page")
        .prefetch_related("site_people__user", "decisions")
        .filter(public_id=public_id)
        .first()
    )
    if site_request is None or not user_can_view_approval_record(user=request.user, request=site_request):
        raise Http404
    decisions = approved_decisions_for(site_request)
    approvals = []
    for step in (ApprovalStep.ICT_MANAGER, ApprovalStep.HEADTEACHER):
        decision = decisions.get(step)
        approvals.append(
            {
                "step": step,
                "title": step.label,
                "attestation": (decision.attestation if decision and decision.attestation else ATTESTATIONS[step]),
                "decision": decision,
                "signed_at": decision.decided_at.astimezone(LONDON) if decision else None,
            }
        )
    groups = [(value, label) for value, label in Group.choices]
    context = {
        "site_request": site_request,
        "approvals": approvals,
        "audience": [(label, value in site_request.audience) for value, label in groups],
        "contributors": [(label, value in site_request.contributors) for value, label in groups],
        "has_external_contributors": bool(EXTERNAL_GROUPS & set(site_request.contributors)),
    }
    return render(request, "forms_app/approval_record.html", context)
