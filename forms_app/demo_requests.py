"""Demo requests in each state, made through the real services so the workflow, audit log
and register are as they would be. Idempotent: a request is only made when the author has
none with that account name."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from .constants import Group, Host, SiteRole, Visibility
from .models import Platform, SitePerson, SocialMediaSiteRequest
from .services import approve_task, submit_request


@dataclass(frozen=True)
class DemoRequest:
    """One demo request: who writes it, for what account, and how far it has got."""

    author: str
    account_name: str
    platform: str
    aims: str
    administrators: tuple[str, str]
    moderators: tuple[str, str]
    line_manager: str
    stage: str  # "draft", "awaiting_ict" or "approved"


DEMO_REQUESTS = [
    DemoRequest(
        "staff.riverside",
        "Riverside Sports Day",
        "Instagram",
        "Celebrate sports fixtures and results with families.",
        ("staff.riverside", "staff3.riverside"),
        ("staff2.riverside", "ict.riverside"),
        "head.riverside",
        "approved",
    ),
    DemoRequest(
        "staff.hillcrest",
        "Hillcrest Music",
        "YouTube",
        "Share recordings of school concerts with families who cannot attend.",
        ("staff.hillcrest", "staff2.hillcrest"),
        ("staff3.hillcrest", "staff2.hillcrest"),
        "head.hillcrest",
        "awaiting_ict",
    ),
    DemoRequest(
        "staff2.riverside",
        "Riverside Eco Club",
        "Facebook",
        "Show families what the eco club grows and recycles.",
        ("staff2.riverside", "staff.riverside"),
        ("staff3.riverside", "staff.riverside"),
        "head.riverside",
        "draft",
    ),
]


def _answers(demo: DemoRequest, accounts: dict, today: datetime.date) -> dict:
    return {
        "department": "Whole school",
        "line_manager": accounts[demo.line_manager],
        "aims": demo.aims,
        "proposed_content": "Photos of pupils' work (never faces or names) and short news items.",
        "platform": Platform.objects.get(name=demo.platform),
        "account_name": demo.account_name,
        "promotion": "The weekly newsletter and the school website.",
        "visibility": Visibility.CLOSED,
        "audience": [Group.STAFF, Group.FAMILIES],
        "contributors": [Group.STAFF],
        "host": Host.THIRD_PARTY,
        "host_name": demo.platform,
        "go_live_date": today + datetime.timedelta(days=21),
        "closure_date": today + datetime.timedelta(days=365),
        "security_measures": "A closed group: moderators approve each family member before they can see posts.",
    }


def load(context: dict) -> None:
    """Create the demo requests that are missing; approvals are made by the demo approvers.

    Takes the demo context (``context["accounts"]`` by username).
    """
    accounts = context["accounts"]
    today = timezone.localdate()
    for demo in DEMO_REQUESTS:
        author = accounts[demo.author]
        if SocialMediaSiteRequest.objects.filter(author=author, account_name=demo.account_name).exists():
            continue
        request = SocialMediaSiteRequest.objects.create(
            author=author, school=author.school, last_completed_step=6, **_answers(demo, accounts, today)
        )
        for role, usernames in ((SiteRole.ADMINISTRATOR, demo.administrators), (SiteRole.MODERATOR, demo.moderators)):
            for order, username in enumerate(usernames):
                SitePerson.objects.create(request=request, role=role, user=accounts[username], sort_order=order)
        if demo.stage == "draft":
            continue
        request.declaration = True
        request.save()
        request = submit_request(request=request, user=author)
        if demo.stage == "approved":
            school = author.school.slug
            approve_task(request=request, user=accounts[f"ict.{school}"], attested=True, comment="Well planned.")
            approve_task(request=request, user=accounts[f"head.{school}"], attested=True)
