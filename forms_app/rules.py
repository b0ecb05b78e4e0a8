"""The policy rules an Appendix B request must meet, one small function each.

Each rule takes the request's answers (a ``SocialMediaSiteRequest``, possibly with
unsaved changes from the step being filled in) and the people named on it (a list of
``SitePerson``, possibly unsaved), and returns a list of ``RuleError``: empty when the
rule holds. Every message cites the clause of the Education Partnership Trust Social
Media Policy (or the Appendix B question) it enforces.

The same rules run on each step (only the errors about that step's questions are
shown there) and again, all together, before submission (``check_all``).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .constants import EXTERNAL_GROUPS, MINIMUM_ADMINISTRATORS, MINIMUM_MODERATORS, AudienceGroup, Host, SiteRole

__all__ = ["RuleError", "RULES", "REQUIRED", "REQUIRED_MESSAGES", "check_all", "check_fields", "distinct_people"]


@dataclass(frozen=True)
class RuleError:
    """One broken rule: ``fields`` are the questions it concerns (the first is where the
    message is shown when several are on the page), ``message`` cites its clause."""

    fields: tuple[str, ...]
    message: str


Rule = Callable[..., list[RuleError]]


def _today() -> date:
    """Today's date in the site's time zone (Europe/London), not UTC."""
    return timezone.localdate()


def distinct_people(people: Iterable, role: str) -> set:
    """Return the distinct people in ``role``: staff by account id, others by name (case-insensitive).

    Naming the same colleague twice, or typing the same volunteer's name twice, counts once.
    """
    found = set()
    for person in people:
        if person.role != role:
            continue
        if person.user_id:
            found.add(("user", person.user_id))
        elif person.name.strip():
            found.add(("name", " ".join(person.name.lower().split())))
    return found


def _at_least(people, role: str, minimum: int, field: str, message: str) -> list[RuleError]:
    """Return ``message`` on ``field`` unless ``people`` name at least ``minimum`` different people in ``role``."""
    if len(distinct_people(people, role)) < minimum:
        return [RuleError((field,), message)]
    return []


def a_5_4_administrators(site_request, people) -> list[RuleError]:
    """Appendix B and A.5.4: the site must have at least 2 approved administrators."""
    return _at_least(
        people,
        SiteRole.ADMINISTRATOR,
        MINIMUM_ADMINISTRATORS,
        "administrators",
        _(
            "Name at least 2 different administrators: the site must have at least 2 approved "
            "administrators (Appendix B, A.5.4)."
        ),
    )


def a_5_4_moderators(site_request, people) -> list[RuleError]:
    """Appendix B and A.5.4: the site must have at least 2 approved moderators, to cover absences."""
    return _at_least(
        people,
        SiteRole.MODERATOR,
        MINIMUM_MODERATORS,
        "moderators",
        _(
            "Name at least 2 different moderators: the site must have at least 2 approved moderators "
            "to cover leave and absences (Appendix B, A.5.4)."
        ),
    )


def a_1_6_go_live_not_in_past(site_request, people) -> list[RuleError]:
    """A.1.6: a clear plan from the outset, so the go-live date cannot already have passed."""
    if site_request.go_live_date and site_request.go_live_date < _today():
        return [
            RuleError(("go_live_date",), _("The proposed date of going live must be today or in the future (A.1.6)."))
        ]
    return []


def a_1_6_closure_after_go_live(site_request, people) -> list[RuleError]:
    """A.1.6: "a careful exit strategy and a clear plan from the outset about how long the site will last"."""
    if (
        site_request.go_live_date
        and site_request.closure_date
        and site_request.closure_date <= site_request.go_live_date
    ):
        return [
            RuleError(
                ("closure_date",),
                _("Enter a closure date after the go-live date: plan how long the site will last (A.1.6)."),
            )
        ]
    return []


def _age_range(site_request, prefix: str, label) -> list[RuleError]:
    groups = getattr(site_request, prefix) or []
    if AudienceGroup.PUPILS not in groups:
        return []
    age_from, age_to = getattr(site_request, f"{prefix}_age_from"), getattr(site_request, f"{prefix}_age_to")
    if age_from is None or age_to is None:
        missing = f"{prefix}_age_from" if age_from is None else f"{prefix}_age_to"
        return [
            RuleError(
                (missing,),
                _("Give the age range of the pupils of the school (Appendix B: %(question)s).") % {"question": label},
            )
        ]
    if age_from > age_to:
        return [
            RuleError(
                (f"{prefix}_age_to",),
                _("The oldest pupil's age must be the same as or above the youngest pupil's age (Appendix B)."),
            )
        ]
    return []


def appendix_b_audience_age_range(site_request, people) -> list[RuleError]:
    """Appendix B: "Pupils of the school (provide age range)" in the proposed audience."""
    return _age_range(site_request, "audience", _("proposed audience"))


def appendix_b_contributors_age_range(site_request, people) -> list[RuleError]:
    """Appendix B: "Pupils of the school (provide age range)" among the proposed contributors."""
    return _age_range(site_request, "contributors", _("proposed contributors"))


def _detail_required(site_request, prefix: str, group: str, field: str, message) -> list[RuleError]:
    if group in (getattr(site_request, prefix) or []) and not getattr(site_request, f"{prefix}_{field}").strip():
        return [RuleError((f"{prefix}_{field}",), message)]
    return []


def appendix_b_other_schools_named(site_request, people) -> list[RuleError]:
    """Appendix B: "Pupils from other schools (provide names of schools)"."""
    message = _("Give the names of the other schools (Appendix B: pupils from other schools).")
    return _detail_required(
        site_request, "audience", AudienceGroup.OTHER_SCHOOLS, "other_schools", message
    ) + _detail_required(site_request, "contributors", AudienceGroup.OTHER_SCHOOLS, "other_schools", message)


def appendix_b_others_described(site_request, people) -> list[RuleError]:
    """Appendix B: "Others (please provide details)"."""
    message = _("Give details of the others you have ticked (Appendix B: others, please provide details).")
    return _detail_required(
        site_request, "audience", AudienceGroup.OTHERS, "other_details", message
    ) + _detail_required(site_request, "contributors", AudienceGroup.OTHERS, "other_details", message)


def appendix_b_third_party_host_named(site_request, people) -> list[RuleError]:
    """Appendix B: "Who will host the site? School / Third party (host name)"."""
    if site_request.host == Host.THIRD_PARTY and not site_request.host_name.strip():
        return [
            RuleError(
                ("host_name",),
                _("Give the name of the third party that will host the site (Appendix B: who will host the site?)."),
            )
        ]
    return []


def appendix_b_platform_named(site_request, people) -> list[RuleError]:
    """Business case: when the platform is "Other", the author names it."""
    if site_request.platform_id and site_request.platform.needs_name and not site_request.platform_other_name.strip():
        return [
            RuleError(("platform_other_name",), _("Give the name of the platform (business case: which platform)."))
        ]
    return []


def a_5_2_consent_plan(site_request, people) -> list[RuleError]:
    """Appendix B and A.5.2: contributors who are children or adults with learning disabilities
    need a plan to inform and obtain the consent of parents or responsible adults."""
    children = {AudienceGroup.PUPILS, AudienceGroup.OTHER_SCHOOLS} & set(site_request.contributors or [])
    if (children or site_request.contributors_include_vulnerable_adults) and not site_request.consent_plan.strip():
        return [
            RuleError(
                ("consent_plan",),
                _(
                    "Explain how you will inform and obtain the consent of parents or responsible adults, "
                    "because the contributors include children or adults with learning disabilities (Appendix "
                    "B, A.5.2)."
                ),
            )
        ]
    return []


def _needed_with_external_contributors(site_request, field: str, message: str) -> list[RuleError]:
    """Return ``message`` on ``field`` when people from outside the school contribute and ``field`` is blank."""
    if EXTERNAL_GROUPS & set(site_request.contributors or []) and not getattr(site_request, field).strip():
        return [RuleError((field,), message)]
    return []


def a_5_7_vetting_person(site_request, people) -> list[RuleError]:
    """A.5.7: people from outside the school who contribute "must be checked carefully before
    they are approved", so someone must be named to vet them."""
    return _needed_with_external_contributors(
        site_request,
        "vetting_person",
        _(
            "Name who will vet external contributors: contributors from outside the school must be "
            "checked carefully before they are approved (A.5.7)."
        ),
    )


def a_5_8_contributor_advertising(site_request, people) -> list[RuleError]:
    """A.5.8 and Appendix B: with external contributors, say how they will be advertised for."""
    return _needed_with_external_contributors(
        site_request,
        "contributor_advertising",
        _("Say how you propose to advertise for external contributors; the Headteacher must approve it (A.5.8)."),
    )


def a_2_5_platform_minimum_age(site_request, people) -> list[RuleError]:
    """A.2.5: sites on third-party platforms must comply with the platform's minimum age
    (often 13), so the youngest pupil in the audience must be at least that old."""
    platform = site_request.platform if site_request.platform_id else None
    if (
        platform is None
        or not platform.is_third_party
        or AudienceGroup.PUPILS not in (site_request.audience or [])
        or site_request.audience_age_from is None
        or site_request.audience_age_from >= platform.minimum_age
    ):
        return []
    return [
        RuleError(
            ("audience_age_from", "platform"),
            _(
                "%(platform)s's minimum age is %(minimum)s, but the youngest pupil in the audience is "
                "%(youngest)s. Choose another platform or raise the age range (A.2.5)."
            )
            % {"platform": platform.name, "minimum": platform.minimum_age, "youngest": site_request.audience_age_from},
        )
    ]


def appendix_b_line_manager_is_someone_else(site_request, people) -> list[RuleError]:
    """Appendix B team details: the line manager is another member of staff, not the author."""
    if site_request.line_manager_id and site_request.line_manager_id == site_request.author_id:
        return [
            RuleError(
                ("line_manager",), _("Choose your line manager, not yourself (Appendix B: author's line manager).")
            )
        ]
    return []


# Questions that must be answered before submission: Appendix B asks each of them.
REQUIRED = (
    "school",
    "department",
    "line_manager",
    "aims",
    "proposed_content",
    "platform",
    "account_name",
    "promotion",
    "visibility",
    "audience",
    "contributors",
    "host",
    "go_live_date",
    "closure_date",
    "security_measures",
)


# What to do when a required question is left blank, one message per question in the GOV.UK style
# ("Enter ...", "Choose ..."): the error summary then names each question it links to.
REQUIRED_MESSAGES = {
    "school": _("Choose the school or central team the site is for"),
    "department": _("Enter your department"),
    "line_manager": _("Choose your line manager"),
    "aims": _("Enter the aims you propose to achieve"),
    "proposed_content": _("Enter the proposed content of the site"),
    "platform": _("Choose the platform"),
    "account_name": _("Enter the proposed site or account name"),
    "promotion": _("Enter how the account will be promoted"),
    "visibility": _("Choose whether the account will be open or private"),
    "audience": _("Choose at least one group for the proposed audience"),
    "contributors": _("Choose at least one group for the proposed contributors"),
    "host": _("Choose who will host the site"),
    "go_live_date": _("Enter the proposed date of going live"),
    "closure_date": _("Enter the proposed date for site closure"),
    "security_measures": _("Enter the security measures you will take"),
}


def appendix_b_questions_answered(site_request, people) -> list[RuleError]:
    """Appendix B: every question of the form is answered (the form cannot be submitted incomplete).

    Each blank question gets its own message from ``REQUIRED_MESSAGES``.
    """
    errors = []
    for name in REQUIRED:
        attname = site_request._meta.get_field(name).attname
        if getattr(site_request, attname) in (None, "", []):
            errors.append(RuleError((name,), REQUIRED_MESSAGES[name]))
    return errors


RULES: tuple[Rule, ...] = (
    appendix_b_questions_answered,
    appendix_b_line_manager_is_someone_else,
    appendix_b_platform_named,
    appendix_b_audience_age_range,
    appendix_b_contributors_age_range,
    a_2_5_platform_minimum_age,
    appendix_b_other_schools_named,
    appendix_b_others_described,
    a_5_2_consent_plan,
    a_5_4_administrators,
    a_5_4_moderators,
    a_5_7_vetting_person,
    appendix_b_third_party_host_named,
    a_1_6_go_live_not_in_past,
    a_1_6_closure_after_go_live,
    a_5_8_contributor_advertising,
)


def check_all(site_request, people) -> list[RuleError]:
    """Run every rule; return all the errors, in the form's order of rules. Makes no queries
    when ``site_request.platform`` is already loaded."""
    return [error for rule in RULES for error in rule(site_request, people)]


def check_fields(site_request, people, fields: Iterable[str]) -> dict[str, list[str]]:
    """Run every rule; return ``{field: [message, ...]}`` for the errors about ``fields``.

    An error about several questions is shown on the first of them in ``fields``, so a
    step shows it only when it asks one of those questions.
    """
    wanted = list(fields)
    shown: dict[str, list[str]] = {}
    for error in check_all(site_request, people):
        field = next((f for f in error.fields if f in wanted), None)
        if field is not None:
            shown.setdefault(field, []).append(str(error.message))
    return shown
