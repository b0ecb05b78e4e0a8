"""Builders for approved requests and their register entries."""

import datetime

import factory
from django.utils import timezone

from forms_app.constants import ATTESTATIONS, ApprovalStep, DecisionOutcome, RequestStatus, SiteRole
from forms_app.models import ApprovalDecision, Platform, SitePerson, SocialMediaSiteRequest
from tests.factories import SchoolFactory, UserFactory


class ApprovedRequestFactory(factory.django.DjangoModelFactory):
    """An approved Appendix B request; ``people`` and decisions are added by ``approve``."""

    class Meta:
        model = SocialMediaSiteRequest

    status = RequestStatus.APPROVED
    school = factory.SubFactory(SchoolFactory)
    author = factory.SubFactory(UserFactory, school=factory.SelfAttribute("..school"))
    department = "Physical Education"
    aims = "Share fixtures and results with families."
    proposed_content = "Match reports and photographs of team sheets, no pupil names."
    platform = factory.LazyFunction(lambda: Platform.objects.get(name="X (Twitter)"))
    account_name = factory.Sequence(lambda n: f"Riverside PE {n}")
    visibility = "open"
    audience = ["pupils", "families"]
    audience_age_from = 9
    audience_age_to = 11
    contributors = ["staff"]
    host = "third_party"
    host_name = "X Corp."
    go_live_date = datetime.date(2027, 1, 10)
    closure_date = datetime.date(2027, 7, 20)
    security_measures = "Replies limited to followers the administrators approve."
    declaration = True
    policy_version = "2026.2"
    submitted_at = factory.LazyFunction(timezone.now)


def add_people(request, *, administrators, moderators) -> None:
    """Name ``administrators`` and ``moderators`` (users) on ``request``."""
    for role, users in ((SiteRole.ADMINISTRATOR, administrators), (SiteRole.MODERATOR, moderators)):
        for order, user in enumerate(users):
            SitePerson.objects.create(request=request, role=role, user=user, sort_order=order)


def add_approvals(request, *, ict_manager, headteacher, ict_at, head_at) -> None:
    """Record both Appendix B approvals, as the workflow does at each step."""
    for step, user, when in (
        (ApprovalStep.ICT_MANAGER, ict_manager, ict_at),
        (ApprovalStep.HEADTEACHER, headteacher, head_at),
    ):
        ApprovalDecision.objects.create(
            request=request,
            step=step,
            outcome=DecisionOutcome.APPROVED,
            approver=user,
            approver_name=user.get_full_name(),
            attestation=ATTESTATIONS[step],
            decided_at=when,
        )
