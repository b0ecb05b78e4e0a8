"""What an approval record shows, and that record rendered to an unsigned PDF.

The same context feeds the approval record page (``views.py``) and the PDF, so the two
never differ; it is separate from signing (``record_signing.py``) and from the sealing
workflow (``records.py``) because rendering needs neither keys nor the task queue.
"""

import datetime
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from ..answers import answers_digest, present_answers
from ..constants import EXTERNAL_GROUPS, ApprovalStep, AudienceGroup, DecisionOutcome, attestation_for
from ..models import ApprovalDecision, RequestAttachment, SocialMediaSiteRequest
from .record_signing import SealingUnavailable
from .selectors import approved_decisions_for

__all__ = [
    "LONDON",
    "approval_record_context",
    "last_approved_request",
    "load_record_request",
    "render_record_html",
    "render_record_pdf",
]

LONDON = ZoneInfo("Europe/London")
GROUP_QUESTIONS = ("audience", "contributors")


def load_record_request(**lookup) -> SocialMediaSiteRequest | None:
    """The request matching ``lookup`` (e.g. ``public_id=...``) with everything its record shows, or None."""
    return (
        SocialMediaSiteRequest.objects.select_related(
            "school", "author__school", "line_manager__school", "platform", "policy_page", "form_version"
        )
        .prefetch_related("site_people__user__school", "decisions__approver__school", "attachments")
        .filter(**lookup)
        .first()
    )


def last_approved_request(site_request: SocialMediaSiteRequest) -> SocialMediaSiteRequest | None:
    """``site_request`` as its last final approval left it, or None if it was never approved.

    Issue 25: while an amendment is under way the request's row holds the new answers; the
    approval record still shows the approved ones. They are the request's live revision
    (published at each final approval), with its administrators and moderators; its
    decisions up to that final approval and the documents uploaded before it are
    attached as prefetched, so ``approval_record_context`` shows that round and nothing
    of the amendment. A handful of queries.
    """
    final = (
        site_request.decisions.filter(step=ApprovalStep.HEADTEACHER, outcome=DecisionOutcome.APPROVED)
        .order_by("-decided_at", "-pk")
        .first()
    )
    revision = site_request.live_revision
    if final is None or revision is None:
        return None
    approved = revision.as_object()
    approved._prefetched_objects_cache = {
        "decisions": ApprovalDecision.objects.filter(request=site_request, pk__lte=final.pk)
        .select_related("approver__school", "on_behalf_of")
        .order_by("decided_at", "pk"),
        "attachments": RequestAttachment.objects.filter(request=site_request, uploaded_at__lte=final.decided_at),
    }
    approved.approved_digest = final.answers_digest
    return approved


def approval_record_context(site_request: SocialMediaSiteRequest) -> dict:
    """The template context of ``templates/forms_app/approval_record.html`` for ``site_request``.

    Every Appendix B answer, in the form's order, through ``forms_app.answers.present_answers``
    (the audience and contributors as tick boxes, their details beneath), the declaration,
    and both approvals: the decision (approver's name, account and school), the exact
    attestation signed and the signing time in Europe/London, and ``answers_digest``
    (the SHA-256 of the answers and documents, which both approvals were of). No query once
    the request comes from ``load_record_request``.

    A request on a form built in the admin has the context of ``_built_form_record_context``
    instead: its version's steps of answers and the approvals its chain gave.
    """
    decisions = approved_decisions_for(site_request)
    built = site_request.is_built_form
    approvals = []
    # A built form's group steps (issue 29) sign between the ICT Manager and the Headteacher, as decided.
    group_keys = [key for key in decisions if key.startswith("group:")]
    for step in (ApprovalStep.ICT_MANAGER, *group_keys, ApprovalStep.HEADTEACHER):
        decision = decisions.get(step)
        if built and decision is None and step != ApprovalStep.HEADTEACHER:
            continue  # a chain without this step (a Headteacher-only form): no empty signature box
        approvals.append(
            {
                "step": step,
                "title": decision.step_label if decision is not None else ApprovalStep(step).label,
                "attestation": decision.attestation
                if decision and decision.attestation
                else attestation_for(step, built_form=built),
                "decision": decision,
                "signed_at": decision.decided_at.astimezone(LONDON) if decision else None,
            }
        )
    if built:
        return _built_form_record_context(site_request, approvals)
    groups = [(value, label) for value, label in AudienceGroup.choices]
    sections = {
        section.key: section.answers
        for section in present_answers(site_request, include_blank=True, include_declaration=True)
    }
    return {
        "site_request": site_request,
        "team": sections["team"],
        "purpose": sections["purpose"],
        "audience_details": [a for a in sections["audience"] if a.name not in GROUP_QUESTIONS],
        "contributors_details": [a for a in sections["contributors"] if a.name not in GROUP_QUESTIONS],
        "administration": sections["administration"],
        "declaration": sections["declaration"],
        "approvals": approvals,
        "audience": [(label, value in site_request.audience) for value, label in groups],
        "contributors": [(label, value in site_request.contributors) for value, label in groups],
        "has_external_contributors": bool(EXTERNAL_GROUPS & set(site_request.contributors)),
        # An amendment under way shows the last approved round, whose digest its final decision keeps.
        "answers_digest": getattr(site_request, "approved_digest", "") or answers_digest(site_request),
    }


def _built_form_record_context(site_request: SocialMediaSiteRequest, approvals: list[dict]) -> dict:
    """The record context of a request on a form built in the admin.

    ``form_title`` and ``form_version`` (the version's number) name the form as it was
    asked; ``sections`` are its steps of answers as that version asked them
    (``present_answers``: every question, blank ones shown as such, declarations
    included); ``approvals`` those of its chain's steps (a Headteacher-only form has one);
    ``answers_digest`` as for Appendix B. No Appendix B section, register or site people.
    One query for the staff its answers name, if any.
    """
    return {
        "site_request": site_request,
        "built_form": True,
        "form_title": site_request.form_title,
        "form_version": site_request.form_version.number,
        "sections": present_answers(site_request, include_blank=True, include_declaration=True),
        "approvals": approvals,
        "answers_digest": getattr(site_request, "approved_digest", "") or answers_digest(site_request),
    }


@cache
def _record_css() -> str:
    path = finders.find("css/approval-record-print.css")
    return Path(path).read_text(encoding="utf-8") if path else ""


def _refuse_fetch(url: str, *args, **kwargs):
    # The record is self-contained (styles inline): WeasyPrint must never fetch a URL a user typed.
    raise ValueError(f"Approval records do not load external resources ({url}).")


def render_record_html(site_request: SocialMediaSiteRequest, *, sealed_at: datetime.datetime) -> str:
    """The approval record as one self-contained HTML document for the PDF (styles inline)."""
    context = approval_record_context(site_request) | {
        "pdf": True,
        "base_template": "forms_app/records/pdf_base.html",
        "record_css": _record_css(),
        "sealed_at": sealed_at.astimezone(LONDON),
        "trust_name": settings.WAGTAIL_SITE_NAME,
    }
    return render_to_string("forms_app/approval_record.html", context)


def render_record_pdf(site_request: SocialMediaSiteRequest, *, sealed_at: datetime.datetime) -> bytes:
    """Render the approval record of ``site_request`` to an (unsigned) PDF; return its bytes.

    Raises ``SealingUnavailable`` when WeasyPrint cannot load its system libraries
    (Debian: ``apt-get install libpango-1.0-0 libpangoft2-1.0-0``).
    """
    try:
        import weasyprint
    except OSError as exc:  # Pango or its fonts missing: WeasyPrint fails at import
        raise SealingUnavailable(
            _("PDF rendering needs Pango (apt-get install libpango-1.0-0 libpangoft2-1.0-0): %(error)s")
            % {"error": exc}
        ) from exc
    html = render_record_html(site_request, sealed_at=sealed_at)
    return weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=_refuse_fetch).write_pdf()
