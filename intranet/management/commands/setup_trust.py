"""``manage.py setup_trust``: a real trust's site on an empty database, without any demo account."""

import getpass
import os
import tomllib
from pathlib import Path

from django.contrib.auth import password_validation
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.text import slugify
from wagtail.models import Page, Site

from forms_app.built_forms.admin import govern_form, grant_form_building
from forms_app.models import ApprovalFormPage, SocialMediaRequestFormPage
from home import roles
from home.models import HomePage, School, StaffHomePage, TrustSettings, User
from policy.demo_policies import grant_policy_permissions
from policy.guidance.demo import grant_communications_permissions
from policy.models import ParentGuidanceIndexPage, PolicyIndexPage

PASSWORD_VARIABLE = "SETUP_TRUST_ADMIN_PASSWORD"  # noqa: S105 - the variable's name, not a password

EXAMPLE = """\
# setup_trust.toml: run `manage.py setup_trust --config setup_trust.toml`
[trust]
name = "Northbrook Learning Trust"
host = "intranet.northbrook.sch.uk"     # the host name people type; Wagtail's emails link to it
contact_email = "office@northbrook.sch.uk"

[[schools]]
name = "Riverside Primary School"
email_domains = ["riverside.sch.uk"]    # single sign-on gives these addresses Staff accounts here

[[schools]]
name = "Northbrook central team"
central_team = true                     # its requests are signed off by the CEO
email_domains = ["northbrook.sch.uk"]

[administrator]                         # the first site administrator; the password comes from
username = "a.patel"                    # SETUP_TRUST_ADMIN_PASSWORD, or is asked for
email = "a.patel@northbrook.sch.uk"
first_name = "Asha"
last_name = "Patel"
"""


class Command(BaseCommand):
    """Set up the trust's site: host name, page tree, schools, trust settings and the first administrator.

    From ``--config FILE`` (TOML, see ``--example``) or by asking each value. Safe to run again:
    what exists is kept (pages, schools by name, the administrator by username), what is
    missing is added. Creates no demo account and no demo content. The administrator is a
    superuser, so the first sign-in asks them to set up a second factor before anything else
    (``home.accounts.mfa``).
    """

    help = "Set up a real trust's site (host name, pages, schools, first administrator), from a TOML file or by asking."

    def add_arguments(self, parser):
        parser.add_argument("--config", type=Path, help="a TOML file with [trust], [[schools]] and [administrator]")
        parser.add_argument("--example", action="store_true", help="print an example TOML file and stop")

    def handle(self, *args, config=None, example=False, **options):
        if example:
            self.stdout.write(EXAMPLE)
            return
        values = self.read_config(config) if config else self.ask()
        trust, schools, admin = self.validate(values)
        password = os.environ.get(PASSWORD_VARIABLE) or (
            None if User.objects.filter(username=admin["username"]).exists() else self.ask_password(admin)
        )
        with transaction.atomic():
            home = self.set_up_site(trust)
            school_objects = [self.set_up_school(school) for school in schools]
            self.set_up_administrator(admin, password, school_objects)
        self.stdout.write(
            self.style.SUCCESS(
                f"{trust['name']} is ready at https://{trust['host']}/ (home page: {home.title}). "
                f"{admin['username']} signs in at /admin/ and sets up a second factor first."
            )
        )

    # Reading ---------------------------------------------------------------------------

    def read_config(self, path: Path) -> dict:
        try:
            return tomllib.loads(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise CommandError(f"{path} cannot be read: {exc.strerror}.") from exc
        except tomllib.TOMLDecodeError as exc:
            raise CommandError(f"{path} is not valid TOML: {exc}.") from exc

    def prompt(self, question: str, default: str = "") -> str:
        suffix = f" [{default}]" if default else ""
        answer = input(f"{question}{suffix}: ").strip()
        return answer or default

    def ask(self) -> dict:
        trust = {
            "name": self.prompt("Trust name"),
            "host": self.prompt("Host name of the intranet (e.g. intranet.example.sch.uk)"),
            "contact_email": self.prompt("Contact email shown on the site"),
        }
        schools = []
        self.stdout.write("Schools (leave the name empty to finish):")
        while name := self.prompt("  School name"):
            domains = self.prompt("  Its email domains, separated by commas")
            central = self.prompt("  Is it the trust's central team? (y/n)", "n").lower().startswith("y")
            schools.append({"name": name, "email_domains": domains.split(","), "central_team": central})
        admin = {
            "username": self.prompt("First site administrator's username"),
            "email": self.prompt("Their email address"),
            "first_name": self.prompt("Their first name"),
            "last_name": self.prompt("Their last name"),
        }
        return {"trust": trust, "schools": schools, "administrator": admin}

    def ask_password(self, admin: dict) -> str:
        while True:
            password = getpass.getpass(f"Password for {admin['username']}: ")
            if password != getpass.getpass("The same password again: "):
                self.stderr.write("The passwords differ; try again.")
                continue
            try:
                password_validation.validate_password(password, User(**admin))
            except ValidationError as exc:
                self.stderr.write(" ".join(exc.messages))
                continue
            return password

    def validate(self, values: dict) -> tuple[dict, list[dict], dict]:
        """Return the trust, schools and administrator; ``CommandError`` naming every missing or bad value."""
        problems = []
        trust = dict(values.get("trust") or {})
        for field in ("name", "host", "contact_email"):
            if not str(trust.get(field) or "").strip():
                problems.append(f"[trust] {field} is missing")
        trust["host"] = str(trust.get("host") or "").strip().lower().removeprefix("https://").strip("/")
        schools = []
        for number, school in enumerate(values.get("schools") or [], start=1):
            if not str(school.get("name") or "").strip():
                problems.append(f"school {number} has no name")
                continue
            domains = school.get("email_domains") or []
            if isinstance(domains, str):
                domains = domains.split(",")
            schools.append(
                {
                    "name": school["name"].strip(),
                    "slug": school.get("slug") or slugify(school["name"])[:60],
                    "central_team": bool(school.get("central_team")),
                    "email_domains": [d.strip().lower().lstrip("@") for d in domains if d.strip()],
                }
            )
        if not schools:
            problems.append("at least one school is needed")
        admin = dict(values.get("administrator") or {})
        for field in ("username", "email"):
            if not str(admin.get(field) or "").strip():
                problems.append(f"[administrator] {field} is missing")
        addresses = {"[trust] contact_email": trust.get("contact_email"), "[administrator] email": admin.get("email")}
        for label, address in addresses.items():
            if address:
                try:
                    validate_email(address)
                except ValidationError:
                    problems.append(f"{label} is not an email address")
        if problems:
            raise CommandError("; ".join(problems) + ".")
        admin = {key: str(admin.get(key) or "").strip() for key in ("username", "email", "first_name", "last_name")}
        return trust, schools, admin

    # Writing ---------------------------------------------------------------------------

    def set_up_site(self, trust: dict) -> HomePage:
        """The default Wagtail site on ``trust["host"]`` with its page tree; return the home page."""
        site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
        home = HomePage.objects.first()
        if home is None:
            # Not "home": Wagtail's welcome page has that slug until it is replaced below.
            slug = slugify(trust["name"])[:50] or "intranet"
            home = HomePage(title=trust["name"], slug=slug, intro=f"<p>Welcome to {trust['name']}.</p>")
            Page.get_first_root_node().add_child(instance=home)
        if site is None:
            site = Site(is_default_site=True, root_page=home)
        old_root = site.root_page if site.pk else None
        site.hostname, site.port, site.site_name, site.root_page = trust["host"], 443, trust["name"], home
        site.save()
        if old_root is not None and old_root.pk != home.pk and old_root.specific_class is Page and old_root.depth == 2:
            old_root.delete()  # Wagtail's "Welcome to your new Wagtail site!" page

        staff_home = StaffHomePage.objects.first()
        if staff_home is None:
            staff_home = StaffHomePage(title="Staff area", slug="staff", show_in_menus=True)
            home.add_child(instance=staff_home)
        policies = PolicyIndexPage.objects.child_of(home).first()
        if policies is None:
            policies = PolicyIndexPage(title="Policies", slug="policies", show_in_menus=True)
            home.add_child(instance=policies)
        staff_policies = PolicyIndexPage.objects.child_of(staff_home).first()
        if staff_policies is None:
            staff_policies = PolicyIndexPage(title="Staff policies", slug="staff-policies", show_in_menus=True)
            staff_home.add_child(instance=staff_policies)
        for index in (policies, staff_policies):
            grant_policy_permissions(index)
        guidance = ParentGuidanceIndexPage.objects.child_of(home).first()
        if guidance is None:
            guidance = ParentGuidanceIndexPage(
                title="Parent e-safety guidance", slug="parent-guidance", show_in_menus=True
            )
            home.add_child(instance=guidance)
        grant_communications_permissions(section=guidance)
        # Approval forms are built by the trust (none are made here): Trust administrators add
        # them under the staff area and approve their publication.
        grant_form_building(staff_home)
        for form in ApprovalFormPage.objects.child_of(staff_home):
            govern_form(form)
        if not SocialMediaRequestFormPage.objects.exists():
            form_page = SocialMediaRequestFormPage(
                title="Request a new social media site", slug="request-a-social-media-site", show_in_menus=True
            )
            staff_home.add_child(instance=form_page)
        for page in (home, staff_home, policies, staff_policies, guidance, *SocialMediaRequestFormPage.objects.all()):
            if not page.live or page.has_unpublished_changes or not page.last_published_at:
                page.save_revision().publish()

        trust_settings = TrustSettings.load(site)
        trust_settings.trust_name = trust["name"]
        trust_settings.contact_email = trust["contact_email"]
        trust_settings.save()
        return home

    def set_up_school(self, school: dict) -> School:
        found = School.objects.filter(name=school["name"]).first() or School(name=school["name"], slug=school["slug"])
        found.is_central_team = school["central_team"]
        found.email_domains = "\n".join(school["email_domains"])
        found.full_clean()
        found.save()
        return found

    def set_up_administrator(self, admin: dict, password: str | None, schools: list[School]) -> User:
        user = User.objects.filter(username=admin["username"]).first()
        if user is None:
            central = next((school for school in schools if school.is_central_team), schools[0])
            user = User(**admin, school=central, is_superuser=True, is_staff=True)
            if password:
                password_validation.validate_password(password, user)
                user.set_password(password)
            else:
                user.set_unusable_password()
            user.full_clean()
            user.save()
            user.groups.add(*Group.objects.filter(name__in=[roles.STAFF, roles.TRUST_ADMINISTRATORS]))
        return user
