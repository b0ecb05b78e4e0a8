"""factory_boy factories for the trust's structure; apps add their own below."""

import factory
import faker
import pytest
from django.contrib.auth.models import Group

from home import roles
from home.models import School, TrustSettings, User

TEST_PASSWORD = "correct-horse-battery"


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Test School {n}")
    slug = factory.Sequence(lambda n: f"test-school-{n}")


BRITISH_NAMES = faker.Faker("en_GB")


class UserFactory(factory.django.DjangoModelFactory):
    """A member of staff. ``roles=[...]`` adds group memberships (default: Staff)."""

    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    # Names without apostrophes: pages escape "O'Neill" as "O&#x27;Neill", so a test comparing a
    # random name with a page would pass or fail by chance (escaping has its own sweep).
    first_name = factory.LazyFunction(lambda: BRITISH_NAMES.first_name().replace("'", ""))
    last_name = factory.LazyFunction(lambda: BRITISH_NAMES.last_name().replace("'", ""))
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    school = factory.SubFactory(SchoolFactory)
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        names = [roles.STAFF] if extracted is None else list(extracted)
        if create:
            self.groups.set(Group.objects.filter(name__in=names))
            self.save()


def change_trust_settings(**fields) -> TrustSettings:
    """Set ``fields`` on the trust's settings (made with their defaults if there are none yet), save and return them."""
    trust = TrustSettings.load()
    for name, value in fields.items():
        setattr(trust, name, value)
    trust.save()
    return trust


def staff_fixture(username: str, school: str, *extra_roles: str):
    """Return a pytest fixture: the member of staff ``username`` at the school fixture named ``school``.

    They hold Staff and ``extra_roles``. Assign it to the fixture's name in a conftest
    (``headteacher = staff_fixture("head", "school", roles.HEADTEACHERS)``). The school is
    asked for by fixture name, so each test gets the school its own fixtures set up.
    """

    @pytest.fixture
    def member(request) -> User:
        school_instance = request.getfixturevalue(school)
        return UserFactory(username=username, school=school_instance, roles=[roles.STAFF, *extra_roles])

    return member
