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

# Roles that work in the Wagtail admin. Staff use the front-end staff area only.
ADMIN_ROLES = (ICT_MANAGERS, HEADTEACHERS, COMMUNICATIONS, POLICY_EDITORS, TRUST_ADMINISTRATORS)

ROLE_DESCRIPTIONS = {
    STAFF: _("Members of staff: read staff-only pages and submit social media site requests."),
    ICT_MANAGERS: _("Approve social media site requests for their own school (first step)."),
    HEADTEACHERS: _("Sign off social media site requests for their own school (final step) and approve policies."),
    COMMUNICATIONS: _("Write and publish parent e-safety guidance."),
    POLICY_EDITORS: _("Edit policies and submit them for approval."),
    TRUST_ADMINISTRATORS: _("See every school's entries in the register of social media sites."),
}
