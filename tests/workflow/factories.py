"""Complete social media site requests for workflow tests, built directly with the ORM."""

import datetime

from forms_app.constants import Group, Host, SiteRole, Visibility
from forms_app.models import Platform, SitePerson, SocialMediaSiteRequest

# Safeguarding answers: tests check that no email ever repeats them.
CONSENT_PLAN = "Consent letters go home with every pupil in the club"
SECURITY_MEASURES = "Only moderators can accept friend requests after a check"


def build_request(*, author, school=None, **overrides) -> SocialMediaSiteRequest:
    """Save and return a complete draft request by ``author`` (their school unless given)."""
    fields = {
        "school": school or author.school,
        "author": author,
        "department": "Science",
        "aims": "Share the science club's experiments with families.",
        "proposed_content": "Photos of experiments without pupils' faces; weekly news.",
        "platform": Platform.objects.get(name="Instagram"),
        "account_name": "riverside_science",
        "promotion": "Newsletter and the school website.",
        "visibility": Visibility.CLOSED,
        "audience": [Group.FAMILIES, Group.STAFF],
        "contributors": [Group.STAFF],
        "host": Host.THIRD_PARTY,
        "host_name": "Instagram",
        "go_live_date": datetime.date(2027, 1, 10),
        "closure_date": datetime.date(2027, 7, 20),
        "consent_plan": CONSENT_PLAN,
        "security_measures": SECURITY_MEASURES,
        "declaration": True,
        **overrides,
    }
    request = SocialMediaSiteRequest.objects.create(**fields)
    for order, role in enumerate(
        [SiteRole.ADMINISTRATOR, SiteRole.ADMINISTRATOR, SiteRole.MODERATOR, SiteRole.MODERATOR]
    ):
        SitePerson.objects.create(request=request, role=role, name=f"Person {order}", sort_order=order)
    return request
