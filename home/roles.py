"""The intranet's roles, as Django group names.

Groups are created by the data migration ``home/migrations/0002_roles.py`` so every
database, test databases included, has them. Code refers to a role through these
constants, never through a string literal.
"""

from django.utils.translation import gettext_lazy as _

STAFF = "Staff"
ICT_MANAGERS = "ICT Managers"
# Final approvers: a school's Headteacher, or for the trust's central team the CEO
# (Preston Primary Academy Trust policy: central-team business cases go to the CEO).
HEADTEACHERS = "Headteachers"
COMMUNICATIONS = "Communications"
POLICY_EDITORS = "Policy editors"
# Trust-wide oversight of the register of social media sites (group created by
# forms_app migration 0005_register_roles).
TRUST_ADMINISTRATORS = "Trust administrators"

ALL_ROLES = (STAFF, ICT_MANAGERS, HEADTEACHERS, COMMUNICATIONS, POLICY_EDITORS, TRUST_ADMINISTRATORS)
# A Trust role that decides a step of some approval forms' chains (issue 29; group, its
# Trust-wide step and a chain created by forms_app migration 0025). Not in ``ALL_ROLES``:
# the single sign-on does not assign it, a site administrator does.
DATA_PROTECTION_OFFICERS = "Data Protection Officers"

# Who a policy asks to acknowledge it (``PolicyPage.acknowledged_by``): any of these roles, or
# the staff who run a school social media account. Those are not a group: the register
# (``forms_app``) says who they are, answering the Wagtail hook ``SITE_RUNNERS_HOOK`` with a
# queryset of their user ids, so this floor imports neither app.
SITE_RUNNERS = "site-runners"
SITE_RUNNERS_HOOK = "site_runner_user_ids"
ACKNOWLEDGEMENT_AUDIENCES = (
    (SITE_RUNNERS, _("Staff who run a school social media account (its administrators and moderators)")),
    (ICT_MANAGERS, _("ICT Managers")),
    (HEADTEACHERS, _("Headteachers")),
    (COMMUNICATIONS, _("Communications")),
    (POLICY_EDITORS, _("Policy editors")),
    (TRUST_ADMINISTRATORS, _("Trust administrators")),
)

# Roles that work in the Wagtail admin. Staff use the front-end staff area only.
ADMIN_ROLES = (ICT_MANAGERS, HEADTEACHERS, COMMUNICATIONS, POLICY_EDITORS, TRUST_ADMINISTRATORS)


def role_names(user) -> frozenset[str]:
    """Return the names of the groups (roles) ``user`` belongs to; empty for an anonymous visitor.

    The answer is cached on the user object, so a page that asks several times (the task's
    rules, the register's visibility, the dashboard panels) costs one query per HTTP
    request. The cache lives as long as that user object, which Django builds afresh for
    each request.
    """
    cached = getattr(user, "_role_names", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True)) if user.is_authenticated else frozenset()
        user._role_names = cached
    return cached


def has_role(user, *names: str) -> bool:
    """Return True if ``user`` is active and belongs to at least one of the groups ``names``."""
    return bool(user.is_active and role_names(user) & set(names))
