"""Read-only queries about the trust's structure."""

from django.db.models import QuerySet

from . import roles
from .models import School, User


def members_in_role(*, school: School, role: str) -> QuerySet[User]:
    """Return the active users of ``school`` who belong to the group ``role``.

    One query when evaluated (a join on groups), whatever the number of schools.
    """
    return User.objects.filter(is_active=True, school=school, groups__name=role).distinct().order_by("last_name")


def ict_managers_for(school: School) -> QuerySet[User]:
    """Return the ICT Managers of ``school`` (Appendix B: the first approver)."""
    return members_in_role(school=school, role=roles.ICT_MANAGERS)


def final_approvers_for(school: School) -> QuerySet[User]:
    """Return the Headteacher(s) of ``school``; for the central team, the trust CEO.

    Appendix B's second approver is the "Head of School/Headteacher"; Preston Primary
    Academy Trust's policy sends central-team business cases to the CEO, who holds the
    Headteachers role for the central team.
    """
    return members_in_role(school=school, role=roles.HEADTEACHERS)


def active_staff() -> QuerySet[User]:
    """Return every active account that belongs to a school of the trust, by surname."""
    return User.objects.filter(is_active=True, school__isnull=False).order_by("last_name", "first_name")
