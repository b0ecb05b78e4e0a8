"""What an approver reads first on the review page: the request at a glance, then the decision.

Issue 28 (approve from the email on a phone): the request in one screen (reference, school,
platform and account, purpose, audience, who runs it, the policy checks it passed), then the
approver's statement and the two buttons; the full answers and documents follow.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from ..answers import Section
from ..models import SocialMediaSiteRequest
from ..rules import RULES

# The answers shown at a glance, by question name (``answers.SECTIONS``), with the short
# labels a phone has room for, in this order.
GLANCE_FIELDS = {
    "platform": _("Platform"),
    "account_name": _("Account"),
    "aims": _("Purpose"),
    "audience": _("Audience"),
    "administrators": _("Administrators"),
    "moderators": _("Moderators"),
}


@dataclass(frozen=True)
class Glance:
    """The request at a glance.

    ``rows``: ``(label, text)`` pairs: the reference, the school, then the answered questions
    of ``GLANCE_FIELDS`` under their short labels, in that order (list answers one per line).
    ``checks``: one line per rule of ``forms_app.rules.RULES`` that the answers pass (its
    docstring's first line, e.g. "Appendix B and A.5.4: the site must have at least 2 approved
    administrators."); ``failing``: the same for the rules they do not pass now (a go-live
    date that went by while the request waited, an amendment still being written).
    """

    rows: tuple[tuple[str, str], ...]
    checks: tuple[str, ...]
    failing: tuple[str, ...] = ()


def rule_summary(rule) -> str:
    """The first line of ``rule``'s docstring: the clause of the policy it checks."""
    return (rule.__doc__ or rule.__name__).strip().splitlines()[0].strip()


def at_a_glance(site_request: SocialMediaSiteRequest, sections: list[Section], people: list) -> Glance:
    """Return the ``Glance`` of ``site_request`` from the ``sections`` its review page already presents.

    ``people`` are its ``SitePerson`` rows, as the review page loaded them. The rules are run
    on the answers shown, not assumed from the submission, so a check that fails today is
    named. Makes no query once ``platform`` is loaded (``rules.check_all``).
    """
    by_name = {answer.name: answer for section in sections for answer in section.answers}
    rows = [(_("Reference"), site_request.reference)]
    if site_request.school_id:
        rows.append((_("School"), site_request.school.name))
    rows += [(label, by_name[name].text) for name, label in GLANCE_FIELDS.items() if name in by_name]
    failing = {rule for rule in RULES if rule(site_request, people)}
    return Glance(
        rows=tuple(rows),
        checks=tuple(rule_summary(rule) for rule in RULES if rule not in failing),
        failing=tuple(rule_summary(rule) for rule in RULES if rule in failing),
    )
