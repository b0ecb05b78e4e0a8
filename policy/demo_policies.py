"""Demo policies: a public policy index with our own short Social Media Policy, and a staff-only policy.

Staff must acknowledge the Social Media Policy; three demo staff already have.

Also attaches the "Policy approval" workflow to both policy indexes and gives Policy
editors (edit, submit) and Headteachers (edit, publish) their page permissions there,
which need pages and so cannot live in a migration. Idempotent: what exists is left as
it is. The text is our own writing; real policies come in through ``import_policy``.
"""

import datetime

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import GroupPagePermission, Page, Workflow, WorkflowPage

from home import roles

from .models import PolicyCategory, PolicyIndexPage, PolicyPage

WORKFLOW_NAME = "Policy approval"
PAGE_PERMISSIONS = {
    roles.POLICY_EDITORS: ["add_page", "change_page"],
    roles.HEADTEACHERS: ["add_page", "change_page", "publish_page"],
}


def p(text: str) -> str:
    return f"<p>{text}</p>"


def clause(number: str, text: str) -> tuple:
    return ("clause", {"number": number, "text": p(text)})


def bullets(*items: str) -> tuple:
    return ("list", {"style": "bulleted", "items": [{"text": p(item), "sub_items": []} for item in items]})


SOCIAL_MEDIA_POLICY_BODY = [
    (
        "section",
        {
            "number": "1",
            "heading": "Purpose",
            "content": [
                clause(
                    "1.1",
                    "Our schools use social media to celebrate pupils' work and keep families informed. "
                    "This policy explains how staff set up and run school accounts safely.",
                ),
                clause(
                    "1.2",
                    "It applies to everyone who posts for a school or the trust: staff, governors and volunteers.",
                ),
            ],
        },
    ),
    (
        "section",
        {
            "number": "2",
            "heading": "Setting up a school account",
            "content": [
                clause(
                    "2.1",
                    "Nobody may open an account in a school's name until the request has been approved "
                    "by the school's ICT Manager and then its Headteacher (for the central team, the CEO).",
                ),
                clause("2.2", "Every request sets out a business case covering:"),
                bullets(
                    "what the account is for and who it is meant to reach",
                    "who will post and who will look after the account day to day",
                    "when it will go live and when it will be reviewed or closed",
                ),
                clause(
                    "2.3",
                    "Each account has at least two approved administrators and at least two approved moderators, "
                    "so that it is looked after during holidays and absences.",
                ),
                (
                    "callout",
                    {
                        "style": "info",
                        "title": "How to ask",
                        "text": p("Use the social media site request form in the staff area."),
                    },
                ),
            ],
        },
    ),
    (
        "section",
        {
            "number": "3",
            "heading": "Running an account",
            "content": [
                clause("3.1", "Posts are friendly, accurate and professional. Check spelling before you post."),
                clause(
                    "3.2",
                    "Never post a pupil's full name, and only use photographs of pupils whose families "
                    "have agreed to it.",
                ),
                clause(
                    "3.3",
                    "Moderators check comments at least once each school day and remove anything unkind or unsafe.",
                ),
                (
                    "definitions",
                    {
                        "items": [
                            {
                                "term": "Administrator",
                                "definition": p("A member of staff who holds the account's log-in details."),
                            },
                            {
                                "term": "Moderator",
                                "definition": p("A person who reviews comments and removes any that break the rules."),
                            },
                        ]
                    },
                ),
            ],
        },
    ),
    (
        "section",
        {
            "number": "4",
            "heading": "Personal accounts",
            "content": [
                clause(
                    "4.1",
                    "Staff do not connect with current pupils on personal accounts, and keep their personal "
                    "accounts private.",
                ),
            ],
        },
    ),
]

STAFF_POLICY_BODY = [
    (
        "section",
        {
            "number": "1",
            "heading": "Looking after account passwords",
            "content": [
                clause(
                    "1.1",
                    "School account passwords are stored in the trust's password manager, never in email or on paper.",
                ),
                clause("1.2", "When an administrator leaves, the ICT Manager changes the password the same day."),
            ],
        },
    ),
    (
        "section",
        {
            "number": "2",
            "heading": "If something goes wrong",
            "content": [
                clause(
                    "2.1",
                    "Tell the Headteacher straight away about any post that could upset a family or put a pupil "
                    "at risk, and keep a screenshot.",
                ),
            ],
        },
    ),
]


def load_index(parent: Page, *, title: str, slug: str, intro: str, show_in_menus: bool) -> PolicyIndexPage:
    """Return the policy index ``slug`` below ``parent``, creating it if missing."""
    index = PolicyIndexPage.objects.child_of(parent).filter(slug=slug).first()
    if index is None:
        index = PolicyIndexPage(title=title, slug=slug, intro=intro, show_in_menus=show_in_menus)
        parent.add_child(instance=index)
        index.save_revision().publish()
    return index


def load_policy(index: PolicyIndexPage, *, slug: str, **fields) -> PolicyPage:
    """Return the policy ``slug`` below ``index``, creating and publishing it if missing."""
    policy = PolicyPage.objects.child_of(index).filter(slug=slug).first()
    if policy is None:
        policy = PolicyPage(slug=slug, **fields)
        index.add_child(instance=policy)
        policy.save_revision().publish()
        policy = PolicyPage.objects.get(pk=policy.pk)  # with what publishing set (the version staff acknowledge)
    return policy


def grant_policy_permissions(index: Page) -> None:
    """Attach the "Policy approval" workflow to ``index`` and give the policy roles their permissions there."""
    workflow = Workflow.objects.filter(name=WORKFLOW_NAME).first()
    if workflow is not None:
        WorkflowPage.objects.get_or_create(page=index, defaults={"workflow": workflow})
    permissions = {
        perm.codename: perm
        for perm in Permission.objects.filter(content_type__app_label="wagtailcore", content_type__model="page")
    }
    for group in Group.objects.filter(name__in=PAGE_PERMISSIONS):
        for codename in PAGE_PERMISSIONS[group.name]:
            GroupPagePermission.objects.get_or_create(group=group, page=index, permission=permissions[codename])


# Demo staff who have already read and acknowledged the Social Media Policy, so the
# "Policy acknowledgements" report has both kinds of row.
ACKNOWLEDGED_BY = ["staff2.riverside", "staff3.riverside", "staff2.hillcrest"]


def load_acknowledgements(policy: PolicyPage) -> None:
    """Record the demo acknowledgements of ``policy`` (its first version), if it asks for them and they are missing."""
    from home.models import User

    from .acknowledgements import acknowledge_policy

    if not policy.requires_acknowledgement or policy.acknowledgement_revision_id is None:
        return
    for user in User.objects.filter(username__in=ACKNOWLEDGED_BY, is_active=True):
        if not policy.acknowledgements.filter(user=user).exists():
            acknowledge_policy(user=user, policy=policy)


@transaction.atomic
def load(context: dict) -> None:
    """Create the demo policy section; add ``policy_indexes`` and ``policies`` to ``context``."""
    pages = context["pages"]
    public_index = load_index(
        pages["home"],
        title="Policies",
        slug="policies",
        intro=p("The policies that apply across our schools. Staff will find more in the staff area."),
        show_in_menus=True,
    )
    staff_index = load_index(
        pages["staff_home"],
        title="Staff policies",
        slug="staff-policies",
        intro=p("Procedures for staff only. You are seeing them because you are signed in."),
        show_in_menus=True,
    )
    social_media = load_policy(
        public_index,
        slug="social-media-policy",
        title="Social Media Policy",
        category=PolicyCategory.ONLINE_SAFETY,
        summary=(
            "How our schools open and run social media accounts, who approves them, and what staff "
            "and volunteers must do to keep pupils safe online."
        ),
        body=SOCIAL_MEDIA_POLICY_BODY,
        lead_member_of_staff="Trust ICT Manager",
        approved_by="Board of trustees",
        date_approved=datetime.date(2026, 9, 1),
        last_reviewed=datetime.date(2026, 9, 1),
        review_cycle_months=12,
        version="1.0",
        requires_acknowledgement=True,
    )
    load_acknowledgements(social_media)
    staff_policy = load_policy(
        staff_index,
        slug="social-media-accounts-procedure",
        title="School Social Media Accounts: Staff Procedure",
        category=PolicyCategory.ONLINE_SAFETY,
        summary="What administrators and moderators of school accounts do day to day.",
        body=STAFF_POLICY_BODY,
        lead_member_of_staff="Headteacher",
        approved_by="Headteacher",
        last_reviewed=datetime.date(2024, 11, 1),
        review_cycle_months=24,
        version="0.9",
    )
    for index in (public_index, staff_index):
        grant_policy_permissions(index)
    context["policy_indexes"] = {"public": public_index, "staff": staff_index}
    context["policies"] = {"social_media": social_media, "staff_procedure": staff_policy}
