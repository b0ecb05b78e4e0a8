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


# Roles that oversee their own school's social media sites: its requests, register entries
# and their history (Appendix B's two approvers).
SCHOOL_OVERSIGHT_ROLES = (roles.ICT_MANAGERS, roles.HEADTEACHERS)


def sees_every_school(user: User) -> bool:
    """True for active superusers and Trust administrators, who oversee every school of the trust."""
    return bool(user.is_active and (user.is_superuser or roles.TRUST_ADMINISTRATORS in roles.role_names(user)))


def overseen_school_ids(user: User) -> frozenset[int] | None:
    """Return the ids of the schools whose requests, register entries and history ``user`` may see.

    ``None`` means every school (superusers and Trust administrators); an ICT Manager or
    Headteacher sees their own school; anyone else, no school (an empty set). This is the
    one rule every school-scoped admin listing, report, chooser and export applies. No
    query once the user's roles are cached (``roles.role_names``).
    """
    if not (user.is_authenticated and user.is_active):
        return frozenset()
    if sees_every_school(user):
        return None
    if user.school_id is not None and roles.has_role(user, *SCHOOL_OVERSIGHT_ROLES):
        return frozenset({user.school_id})
    return frozenset()


def filter_to_overseen_schools(queryset: QuerySet, user: User, *, field: str = "school_id") -> QuerySet:
    """Narrow ``queryset`` to the rows whose ``field`` is a school ``user`` oversees (``overseen_school_ids``)."""
    school_ids = overseen_school_ids(user)
    if school_ids is None:
        return queryset
    return queryset.filter(**{f"{field}__in": school_ids})


def trust_oversight() -> QuerySet[User]:
    """Return the Trust administrators and the CEO (the Headteachers of the central team), active, by surname.

    Who is told when a step waits too long or has nobody to decide it.
    """
    from django.db.models import Q

    return (
        User.objects.filter(
            Q(groups__name=roles.TRUST_ADMINISTRATORS)
            | Q(groups__name=roles.HEADTEACHERS, school__is_central_team=True),
            is_active=True,
        )
        .distinct()
        .order_by("last_name", "first_name")
    )
