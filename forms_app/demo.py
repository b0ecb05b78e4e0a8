"""Demo content for social media site requests: the request form page in the staff area, and
demo requests in each state, made through the real services so the workflow, audit log and
register are as they would be. Idempotent: the page is made only if missing, and a request
only when the author has none with that account name."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from policy.acknowledgements import acknowledge_policy
from policy.selectors import social_media_policy_page

from .built_forms import demo as built_forms_demo
from .constants import AudienceGroup, Host, SiteRole, Visibility
from .models import Platform, SitePerson, SocialMediaRequestFormPage, SocialMediaSiteRequest
from .request_form.services import declare_and_submit
from .runners.selectors import policy_to_acknowledge
from .runners.services import record_training
from .workflow.services import approve_task

FORM_PAGE_SLUG = "request-a-social-media-site"
FORM_PAGE_INTRO = (
    "<p>Use this form to ask for approval before you open a social media account or blog for your school, "
    "department or club. Have ready: what the site is for, who will see it and contribute to it, at least two "
    "colleagues to act as administrators and two as moderators, and when the site will open and close.</p>"
    "<p>You can stop at any point: your answers are kept as a draft under My requests.</p>"
)


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
        # Run by the two colleagues who have read the Social Media Policy (policy.demo_policies),
        # so staff.riverside still sees the acknowledgement prompt on the staff home.
        ("staff2.riverside", "staff3.riverside"),
        ("staff3.riverside", "staff2.riverside"),
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
        "audience": [AudienceGroup.STAFF, AudienceGroup.FAMILIES],
        "contributors": [AudienceGroup.STAFF],
        "host": Host.THIRD_PARTY,
        "host_name": demo.platform,
        "go_live_date": today + datetime.timedelta(days=21),
        "closure_date": today + datetime.timedelta(days=365),
        "security_measures": "A closed group: moderators approve each family member before they can see posts.",
    }


def load(context: dict) -> None:
    """Create the request form page and the demo requests that are missing.

    Takes the demo context built by ``home.demo.load`` (``context["pages"]["staff_home"]``,
    ``context["accounts"]`` by username); adds ``context["pages"]["request_form"]``, and the
    four demo approval forms built in the admin's page type (``forms_app.built_forms.demo``).
    """
    load_form_page(context)
    load_requests(context)
    built_forms_demo.load(context)


def load_form_page(context: dict) -> None:
    """Create the "Request a new social media site" page under the staff home if it is missing.

    An existing page (perhaps edited since) is left as it is.
    """
    staff_home = context["pages"]["staff_home"]
    page = SocialMediaRequestFormPage.objects.first()
    if page is None:
        page = SocialMediaRequestFormPage(
            title="Request a new social media site", slug=FORM_PAGE_SLUG, intro=FORM_PAGE_INTRO, show_in_menus=True
        )
        staff_home.add_child(instance=page)
        page.save_revision().publish()
    context["pages"]["request_form"] = page


def load_requests(context: dict) -> None:
    """Create the demo requests that are missing; approvals are made by the demo approvers."""
    accounts = context["accounts"]
    today = timezone.localdate()
    for demo in DEMO_REQUESTS:
        author = accounts[demo.author]
        if SocialMediaSiteRequest.objects.filter(author=author, account_name=demo.account_name).exists():
            continue
        site_request = SocialMediaSiteRequest.objects.create(
            author=author, school=author.school, last_completed_step=6, **_answers(demo, accounts, today)
        )
        for role, usernames in ((SiteRole.ADMINISTRATOR, demo.administrators), (SiteRole.MODERATOR, demo.moderators)):
            for order, username in enumerate(usernames):
                SitePerson.objects.create(request=site_request, role=role, user=accounts[username], sort_order=order)
        if demo.stage == "draft":
            continue
        # The real submission step: the declaration against the school's Social Media Policy in
        # force now, recorded with the request (its sealed record names it).
        site_request = declare_and_submit(
            site_request=site_request, user=author, policy=social_media_policy_page(school=author.school)
        )
        if demo.stage == "approved":
            school = author.school.slug
            ict = accounts[f"ict.{school}"]
            approve_task(site_request=site_request, user=ict, attested=True, comment="Well planned.")
            prepare_runners(site_request, ict_manager=ict)
            approve_task(site_request=site_request, user=accounts[f"head.{school}"], attested=True)


def prepare_runners(site_request: SocialMediaSiteRequest, *, ict_manager) -> None:
    """Have the request's administrators and moderators read the Social Media Policy and be trained.

    The final approval waits for both when the school's policy asks for acknowledgement
    (``forms_app.runners``); the demo's approved request shows a site ready to run.
    """
    policy = policy_to_acknowledge(site_request)
    for person in site_request.site_people.select_related("user"):
        if policy is not None and person.user_id:
            acknowledge_policy(user=person.user, policy=policy)
        record_training(
            person=person,
            recorded_by=ict_manager,
            trained_on=timezone.localdate(),
            course="Running an official school social media account (demo)",
        )
