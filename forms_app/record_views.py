"""The signed approval record: a printable page laid out like Appendix B, filled in."""

from zoneinfo import ZoneInfo

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from .constants import ATTESTATIONS, EXTERNAL_GROUPS, ApprovalStep, Group
from .models import SocialMediaSiteRequest
from .register_selectors import approved_decisions_for, user_can_view_approval_record

LONDON = ZoneInfo("Europe/London")

# Appendix B's questions, in its order, by model field: the labels are the fields' own.
PURPOSE_FIELDS = ("aims", "proposed_content", "platform", "account_name", "promotion", "visibility")
ADMINISTRATION_FIELDS = (
    "vetting_person",
    "host",
    "go_live_date",
    "closure_date",
    "contributor_advertising",
    "consent_plan",
    "security_measures",
)


def _answer(site_request: SocialMediaSiteRequest, name: str) -> tuple[str, object]:
    """One Appendix B question and its answer: ``(label, text)``; dates as "1 July 2027"."""
    field = SocialMediaSiteRequest._meta.get_field(name)
    value = getattr(site_request, name)
    if field.choices:
        value = getattr(site_request, f"get_{name}_display")()
    if name == "platform" and site_request.platform_other_name:
        value = site_request.platform_other_name
    if name == "host" and site_request.host_name:
        value = f"{value}: {site_request.host_name}"
    if hasattr(value, "isoformat"):
        value = date_format(value, "j F Y")
    return field.verbose_name, value or ""


def _people(people) -> str:
    return "\n".join(f"{p.display_name} ({p.description})" if p.is_external else p.display_name for p in people)


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
    team = [
        (_("School or central team"), str(site_request.school)),
        _answer(site_request, "department"),
        (_("Name of author of site"), site_request.author.display_name()),
        (
            _("Author’s line manager"),
            site_request.line_manager.display_name() if site_request.line_manager else "",
        ),
    ]
    administration = [
        (
            _("Names of administrators (the site must have at least 2 approved administrators)"),
            _people(site_request.administrators),
        ),
        (
            _("Names of moderators (the site must have at least 2 approved moderators)"),
            _people(site_request.moderators),
        ),
        *(_answer(site_request, name) for name in ADMINISTRATION_FIELDS),
    ]
    context = {
        "site_request": site_request,
        "team": team,
        "purpose": [_answer(site_request, name) for name in PURPOSE_FIELDS],
        "administration": administration,
        "approvals": approvals,
        "audience": [(label, value in site_request.audience) for value, label in groups],
        "contributors": [(label, value in site_request.contributors) for value, label in groups],
        "has_external_contributors": bool(EXTERNAL_GROUPS & set(site_request.contributors)),
    }
    return render(request, "forms_app/approval_record.html", context)
