"""Cover at the policy approval step: while a Headteacher is away, the person covering them may decide.

Cover is recorded once, for site requests and policies alike (Admin → Social media →
Approver cover, ``forms_app.models.ApproverCover``). ``policy`` sits below ``forms_app``
and does not import it: the app that records cover registers a function under the
Wagtail hook ``POLICY_COVER_HOOK`` and this module asks it. With no such hook (``policy``
on its own) nobody covers anybody.

The hook function takes keyword arguments ``cover`` (a User, or None for anyone) and
``school_ids`` (an iterable of School ids, or None for any school) and returns the cover
periods that include today (Europe/London) at the **Headteacher** step for an active
Headteacher of their school, as objects with ``approver`` and ``cover`` (Users) whose
``approver.school_id`` is set.

The rule (issue "No dead ends"): the cover of an absent Headteacher of a school decides
that school's policies; the cover of an absent Headteacher of the central team (the CEO)
decides trust-wide ones too. Never on behalf of someone who wrote or submitted the
policy (that would be their own approval by proxy), and never the policy's own submitter
or writer (``author_ids``).
"""

from collections.abc import Iterable
from typing import Any

from wagtail import hooks

from home.models import School

__all__ = ["POLICY_COVER_HOOK", "covered_approver", "covered_school_scope", "covers_for_policy", "covers_today"]

POLICY_COVER_HOOK = "policy_approver_covers"


def covers_today(*, cover=None, school_ids: Iterable[int] | None = None) -> list[Any]:
    """Return today's cover periods at the Headteacher step from every registered hook (see the module docstring)."""
    periods: list[Any] = []
    for find in hooks.get_hooks(POLICY_COVER_HOOK):
        periods.extend(find(cover=cover, school_ids=None if school_ids is None else list(school_ids)))
    return periods


def _central_team_ids() -> list[int]:
    return list(School.objects.filter(is_central_team=True).values_list("pk", flat=True))


def _schools_deciding(school_id: int | None) -> list[int] | None:
    """The schools whose Headteacher approves a policy of ``school_id``: itself, or the central team for None."""
    return [school_id] if school_id is not None else _central_team_ids()


def covers_for_policy(*, school_id: int | None, author_ids: set[int]) -> list[Any]:
    """Return today's cover periods that let their ``cover`` decide a policy of ``school_id`` (None: trust-wide).

    Leaves out periods covering an author and periods whose cover is an author or inactive.
    """
    schools = _schools_deciding(school_id)
    if not schools:
        return []
    return [
        period
        for period in covers_today(school_ids=schools)
        if period.approver.pk not in author_ids and period.cover.pk not in author_ids and period.cover.is_active
    ]


def covered_approver(*, user, school_id: int | None, author_ids: set[int]):
    """Return the Headteacher whom ``user`` covers today for a policy of ``school_id`` (None: trust-wide), or None.

    None too when that Headteacher, or ``user``, wrote or submitted the policy (``author_ids``).
    """
    if not (user.is_authenticated and user.is_active) or user.pk in author_ids:
        return None
    schools = _schools_deciding(school_id)
    if not schools:
        return None
    for period in covers_today(cover=user, school_ids=schools):
        if period.approver.pk not in author_ids:
            return period.approver
    return None


def covered_school_scope(user) -> tuple[set[int], bool]:
    """Return ``(school ids, trust_wide)``: the schools whose policies ``user`` may decide today as a cover.

    ``trust_wide`` is True when they cover a Headteacher of the central team. Authors are
    checked per policy by the task, not here.
    """
    if not (user.is_authenticated and user.is_active):
        return set(), False
    schools = {period.approver.school_id for period in covers_today(cover=user)}
    if not schools:
        return schools, False
    return schools, bool(schools & set(_central_team_ids()))
