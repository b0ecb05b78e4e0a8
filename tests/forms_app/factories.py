"""Factories for social media site requests; ``complete_request`` builds one ready to submit."""

import datetime

import factory
from django.utils import timezone

from forms_app.constants import Group, Host, RequestStatus, SiteRole, Visibility
from forms_app.models import Platform, SitePerson, SocialMediaSiteRequest
from forms_app.steps import STEPS
from tests.factories import UserFactory


class SocialMediaSiteRequestFactory(factory.django.DjangoModelFactory):
    """A draft request by a member of staff, for the author's school, with no answers yet.

    Use ``complete_request()`` for one with every Appendix B answer given.
    """

    class Meta:
        model = SocialMediaSiteRequest

    author = factory.SubFactory(UserFactory)
    school = factory.LazyAttribute(lambda o: o.author.school)
    status = RequestStatus.DRAFT


class SitePersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SitePerson

    request = factory.SubFactory(SocialMediaSiteRequestFactory)
    role = SiteRole.ADMINISTRATOR
    user = factory.SubFactory(UserFactory, school=factory.SelfAttribute("..request.school"))


def complete_answers(today: datetime.date | None = None) -> dict:
    """Every Appendix B answer (model field values) for a valid staff-only Facebook page."""
    today = today or timezone.localdate()
    return {
        "department": "Year 6",
        "aims": "Share class news with families.",
        "proposed_content": "Photos of work (no faces) and weekly updates.",
        "platform": Platform.objects.get(name="Facebook"),
        "account_name": "Riverside Year 6",
        "promotion": "Newsletter and website.",
        "visibility": Visibility.CLOSED,
        "audience": [Group.STAFF, Group.FAMILIES],
        "contributors": [Group.STAFF],
        "host": Host.SCHOOL,
        "go_live_date": today + datetime.timedelta(days=14),
        "closure_date": today + datetime.timedelta(days=365),
        "security_measures": "Closed group; members approved by two moderators.",
    }


def complete_request(*, author=None, administrators=None, moderators=None, **overrides) -> SocialMediaSiteRequest:
    """Create a draft with every step answered (ready for "Check your answers" and submission).

    Takes an optional ``author`` (default: a new member of staff) and lists of users for
    ``administrators`` and ``moderators`` (default: 2 new colleagues each, of the author's
    school); any other keyword overrides an answer. Returns the saved request.
    """
    author = author or UserFactory()
    answers = complete_answers() | {"line_manager": UserFactory(school=author.school)} | overrides
    request = SocialMediaSiteRequestFactory(author=author, last_completed_step=len(STEPS), **answers)
    for role, users in ((SiteRole.ADMINISTRATOR, administrators), (SiteRole.MODERATOR, moderators)):
        for user in users if users is not None else UserFactory.create_batch(2, school=author.school):
            SitePersonFactory(request=request, role=role, user=user)
    return request
