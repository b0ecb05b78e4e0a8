"""Demo content for the trust, schools, accounts and general pages.

Built in code (not JSON fixtures, which break when models change) and idempotent:
``load()`` creates what is missing and leaves alone anything that exists, including
whatever people changed or added through the site.
"""

import base64
import hashlib
import hmac
import struct
import time
from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.db import transaction
from wagtail.models import Page, Site

from . import roles
from .models import HomePage, School, StaffHomePage, StandardPage, TrustSettings, User

DEMO_PASSWORD = "school-demo-2026"  # noqa: S105  (documented in README.md; demo databases only)
# The authenticator-app secret of every demo admin-role account (README.md, "Demo accounts").
# Only this demo command uses it; real accounts enrol their own random secret.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXP"  # noqa: S105
TRUST_NAME = "Northbrook Learning Trust"


@dataclass(frozen=True)
class DemoAccount:
    """One demo sign-in: username, name, job title, school slug ("" for none) and roles."""

    username: str
    first_name: str
    last_name: str
    job_title: str
    school: str
    roles: tuple[str, ...]
    is_superuser: bool = False


SCHOOLS = [
    ("Riverside Primary School", "riverside", False),
    ("Hillcrest Academy", "hillcrest", False),
    ("Trust central team", "central", True),
]
# Email domains for single sign-on (School.email_domains), on reserved example names.
SCHOOL_EMAIL_DOMAINS = {
    "riverside": "riverside.example.org",
    "hillcrest": "hillcrest.example.org",
    "central": "northbrook.example.org",
}

ACCOUNTS = [
    DemoAccount("staff.riverside", "Jo", "Patel", "Year 5 teacher", "riverside", (roles.STAFF,)),
    DemoAccount("staff2.riverside", "Sam", "Hughes", "Teaching assistant", "riverside", (roles.STAFF,)),
    DemoAccount("staff3.riverside", "Aisha", "Begum", "PE lead", "riverside", (roles.STAFF,)),
    DemoAccount("ict.riverside", "Priya", "Shah", "ICT Manager", "riverside", (roles.STAFF, roles.ICT_MANAGERS)),
    DemoAccount("head.riverside", "Helen", "Ward", "Headteacher", "riverside", (roles.STAFF, roles.HEADTEACHERS)),
    DemoAccount("staff.hillcrest", "Mark", "Okafor", "Head of music", "hillcrest", (roles.STAFF,)),
    DemoAccount("staff2.hillcrest", "Lucy", "Brown", "Science teacher", "hillcrest", (roles.STAFF,)),
    DemoAccount("staff3.hillcrest", "Owen", "Jones", "Librarian", "hillcrest", (roles.STAFF,)),
    DemoAccount("ict.hillcrest", "Tom", "Evans", "ICT Manager", "hillcrest", (roles.STAFF, roles.ICT_MANAGERS)),
    DemoAccount("head.hillcrest", "David", "Clarke", "Headteacher", "hillcrest", (roles.STAFF, roles.HEADTEACHERS)),
    DemoAccount("ict.central", "Ian", "Kerr", "Trust ICT Manager", "central", (roles.STAFF, roles.ICT_MANAGERS)),
    DemoAccount(
        "ceo",
        "Ruth",
        "Adams",
        "Chief Executive Officer",
        "central",
        (roles.STAFF, roles.HEADTEACHERS, roles.TRUST_ADMINISTRATORS),
    ),
    DemoAccount("comms", "Chloe", "Martin", "Communications officer", "central", (roles.STAFF, roles.COMMUNICATIONS)),
    DemoAccount(
        "policy.editor",
        "Nadia",
        "Ali",
        "Governance and policy officer",
        "central",
        # The Trust's Data Protection Officer too: it adds no permission she lacks (she works in the admin
        # already), only the requests waiting at that step.
        (roles.STAFF, roles.POLICY_EDITORS, roles.DATA_PROTECTION_OFFICERS),
    ),
    DemoAccount("admin", "Site", "Administrator", "Trust IT services", "", (), is_superuser=True),
]


def load_schools() -> dict[str, School]:
    """Create the demo schools and central team if missing; return them by slug."""
    schools = {}
    for name, slug, is_central in SCHOOLS:
        schools[slug], _ = School.objects.get_or_create(
            slug=slug,
            defaults={"name": name, "is_central_team": is_central, "email_domains": SCHOOL_EMAIL_DOMAINS[slug]},
        )
    return schools


def load_accounts(schools: dict[str, School]) -> dict[str, User]:
    """Create missing demo accounts with ``DEMO_PASSWORD``; existing accounts are not touched."""
    names = (*roles.ALL_ROLES, roles.DATA_PROTECTION_OFFICERS)
    groups = {group.name: group for group in Group.objects.filter(name__in=names)}
    accounts = {}
    for account in ACCOUNTS:
        user = User.objects.filter(username=account.username).first()
        if user is None:
            user = User(
                username=account.username,
                first_name=account.first_name,
                last_name=account.last_name,
                email=f"{account.username}@example.org",
                job_title=account.job_title,
                school=schools.get(account.school),
                is_superuser=account.is_superuser,
                is_staff=account.is_superuser,
            )
            user.set_password(DEMO_PASSWORD)
            user.save()
            user.groups.set([groups[name] for name in account.roles])
        accounts[account.username] = user
    return accounts


def load_pages() -> dict[str, Page]:
    """Give the default site a HomePage, a private staff area and an accessibility statement.

    Replaces Wagtail's "Welcome to your new Wagtail site!" page on a fresh database;
    leaves an existing HomePage and its children as they are.
    """
    site = Site.objects.get(is_default_site=True)
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        home = HomePage(
            title="Welcome",
            slug="welcome",
            intro="<p>News, guidance and policies for families and staff across our schools.</p>",
        )
        root.add_child(instance=home)
        old_root = site.root_page
        site.root_page = home
        site.site_name = TRUST_NAME
        site.save()
        if old_root.specific_class is Page and old_root.depth == 2:
            old_root.delete()

    staff_home = StaffHomePage.objects.first()
    if staff_home is None:
        staff_home = StaffHomePage(
            title="Staff area",
            slug="staff",
            show_in_menus=True,
            intro="<p>Everything staff need to run the trust's social media safely.</p>",
        )
        home.add_child(instance=staff_home)

    statement = StandardPage.objects.filter(slug="accessibility").first()
    if statement is None:
        statement = StandardPage(
            title="Accessibility statement",
            slug="accessibility",
            intro="How accessible this website is, and how to tell us about a problem.",
            body=[
                ("heading", {"text": "Using this website", "level": "h2"}),
                (
                    "paragraph",
                    "<p>We want as many people as possible to be able to use this website. You should be "
                    "able to zoom to 400% without text spilling off the screen, move around using just a "
                    "keyboard, and use a screen reader.</p>",
                ),
                ("heading", {"text": "How we test this website", "level": "h2"}),
                (
                    "paragraph",
                    "<p>We test every page type against the Web Content Accessibility Guidelines (WCAG) 2.2 "
                    "level AA with automated checks and by hand with a keyboard.</p>",
                ),
                ("heading", {"text": "Reporting a problem", "level": "h2"}),
                (
                    "paragraph",
                    "<p>If you find a problem, contact the trust office. We aim to reply within 10 working days.</p>",
                ),
            ],
        )
        home.add_child(instance=statement)

    trust_settings = TrustSettings.load()
    if trust_settings.trust_name == TrustSettings._meta.get_field("trust_name").default:
        trust_settings.trust_name = TRUST_NAME
    if trust_settings.accessibility_statement_id is None:
        trust_settings.accessibility_statement = statement
    if not trust_settings.contact_email:
        trust_settings.contact_email = "office@example.org"
    trust_settings.save()
    return {"home": home, "staff_home": staff_home, "accessibility": statement}


def totp_code(secret: str, at: float | None = None) -> str:
    """The 6-digit authenticator-app code for ``secret`` (base32) at Unix time ``at`` (default now).

    RFC 6238 TOTP with 30-second steps and HMAC-SHA1, as authenticator apps and allauth.mfa use.
    """
    counter = int((time.time() if at is None else at) // 30)
    digest = hmac.new(base64.b32decode(secret, casefold=True), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def load_second_factors(accounts: dict[str, User]) -> None:
    """Give each demo account that needs a second factor an authenticator app with ``DEMO_TOTP_SECRET``.

    Accounts that already have one (the demo's, or one a tester enrolled) keep it.
    """
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    from .accounts.mfa import needs_second_factor

    for user in accounts.values():
        if needs_second_factor(user) and not Authenticator.objects.filter(user=user, type="totp").exists():
            TOTP.activate(user, DEMO_TOTP_SECRET)


@transaction.atomic
def load() -> dict:
    """Load the trust's demo schools, accounts and pages; return them for other apps' demo data."""
    schools = load_schools()
    accounts = load_accounts(schools)
    load_second_factors(accounts)
    pages = load_pages()
    return {"schools": schools, "accounts": accounts, "pages": pages}
