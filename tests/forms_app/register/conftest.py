"""Fixtures of the register tests: a school's staff, an approved request and its entry."""

import datetime
import functools

import pytest
from django.contrib.auth.models import Group
from django.core import mail

from forms_app.constants import AudienceGroup, Host, Visibility
from forms_app.models import Platform, RegisterEntry, SocialMediaSiteRequest
from home import roles
from tests.factories import UserFactory
from tests.forms_app.factories import approved_request as build_approved_request

ICT_APPROVED_AT = datetime.datetime(2026, 11, 2, 9, 15, tzinfo=datetime.UTC)
HEAD_APPROVED_AT = datetime.datetime(2026, 11, 3, 16, 40, tzinfo=datetime.UTC)


def pe_answers(**overrides) -> dict:
    """The answers of a PE department's X account for families, followed by pupils aged 9 to 11."""
    return {
        "department": "Physical Education",
        "aims": "Share fixtures and results with families.",
        "proposed_content": "Match reports and photographs of team sheets, no pupil names.",
        "platform": Platform.objects.get(name="X (Twitter)"),
        "visibility": Visibility.OPEN,
        "audience": [AudienceGroup.PUPILS, AudienceGroup.FAMILIES],
        "audience_age_from": 9,
        "audience_age_to": 11,
        "contributors": [AudienceGroup.STAFF],
        "host": Host.THIRD_PARTY,
        "host_name": "X Corp.",
        "go_live_date": datetime.date(2027, 1, 10),
        "closure_date": datetime.date(2027, 7, 20),
        "security_measures": "Replies limited to followers the administrators approve.",
        "policy_version": "2026.2",
        **overrides,
    }


def approve_new_request(*, author, administrators, moderators, ict_manager, headteacher, **answers):
    """Submit and approve, through the real services, a request with ``pe_answers(**answers)``.

    The ICT Manager signs at ``ICT_APPROVED_AT`` and the Headteacher at
    ``HEAD_APPROVED_AT``. Returns the approved ``SocialMediaSiteRequest``.
    """
    return build_approved_request(
        author=author,
        administrators=administrators,
        moderators=moderators,
        ict_manager=ict_manager,
        headteacher=headteacher,
        ict_approved_at=ICT_APPROVED_AT,
        head_approved_at=HEAD_APPROVED_AT,
        **pe_answers(**answers),
    )


@pytest.fixture
def site_staff(school):
    """Two administrators and two moderators of the school, plus a spare member of staff."""
    return {
        "admins": [
            UserFactory(username="admin1", first_name="Asha", last_name="Patel", school=school),
            UserFactory(username="admin2", first_name="Ben", last_name="Okafor", school=school),
        ],
        "mods": [
            UserFactory(username="mod1", first_name="Cara", last_name="Lewis", school=school),
            UserFactory(username="mod2", first_name="Dan", last_name="Hughes", school=school),
        ],
        "spare": UserFactory(username="spare", first_name="Erin", last_name="Walsh", school=school),
    }


@pytest.fixture
def approve_school_request(school, staff_user, site_staff, ict_manager, headteacher):
    """Return ``approve_new_request`` for the school: ``staff_user`` writes, the site staff run the site.

    The school's ICT Manager and Headteacher approve. Call it with the answers that differ
    from ``pe_answers`` as keywords; it returns the approved request.
    """
    return functools.partial(
        approve_new_request,
        author=staff_user,
        administrators=site_staff["admins"],
        moderators=site_staff["mods"],
        ict_manager=ict_manager,
        headteacher=headteacher,
    )


@pytest.fixture
def approved_request(approve_school_request) -> SocialMediaSiteRequest:
    """Riverside PE, approved by the school's ICT Manager and Headteacher through the workflow."""
    return approve_school_request(account_name="Riverside PE")


@pytest.fixture
def entry(approved_request) -> RegisterEntry:
    """The register entry the final approval of ``approved_request`` created (its approval emails cleared)."""
    mail.outbox.clear()
    return RegisterEntry.objects.get(request=approved_request)


@pytest.fixture
def other_entry(other_school):
    """An entry of another school, with its own approvers and staff."""
    ict = UserFactory(username="other-ict", school=other_school, roles=[roles.STAFF, roles.ICT_MANAGERS])
    head = UserFactory(username="other-head", school=other_school, roles=[roles.STAFF, roles.HEADTEACHERS])
    staff = [UserFactory(username=f"other{i}", school=other_school) for i in range(4)]
    site_request = approve_new_request(
        author=staff[0],
        administrators=staff[:2],
        moderators=staff[2:],
        ict_manager=ict,
        headteacher=head,
        account_name="Hillcrest Drama",
    )
    return RegisterEntry.objects.get(request=site_request)


@pytest.fixture
def trust_admin(central_team):
    user = UserFactory(username="trust-admin", school=central_team, roles=[roles.STAFF])
    user.groups.add(Group.objects.get(name=roles.TRUST_ADMINISTRATORS))
    return user


# Sealed records: a certificate made for the test session (never a committed key).

SIGNING_PASSPHRASE = "test-passphrase"


@pytest.fixture(scope="session")
def signing_files(tmp_path_factory) -> dict:
    """A self-signed signing certificate for the session: PEM key and certificate, and a PKCS#12 file."""
    from forms_app.register.signing_certificates import write_self_signed_certificate

    folder = tmp_path_factory.mktemp("signing")
    files = {"key": folder / "key.pem", "cert": folder / "cert.pem", "pkcs12": folder / "seal.p12"}
    write_self_signed_certificate(
        key_path=files["key"],
        cert_path=files["cert"],
        pkcs12_path=files["pkcs12"],
        passphrase=SIGNING_PASSPHRASE.encode(),
        common_name="Test trust approval records",
    )
    return files


@pytest.fixture
def signing(settings, signing_files, pango) -> dict:
    """Configure the trust's signing certificate (PKCS#12 and passphrase) for this test."""
    settings.RECORD_SIGNING_PKCS12 = str(signing_files["pkcs12"])
    settings.RECORD_SIGNING_PASSPHRASE = SIGNING_PASSPHRASE
    settings.RECORD_SIGNING_KEY = ""
    settings.RECORD_SIGNING_CERT = ""
    return signing_files


@pytest.fixture
def sealed(signing, entry, approved_request):
    """The sealed record of ``approved_request`` (sealed as the after-commit receiver does)."""
    from forms_app.register.records import seal_record

    return seal_record(site_request=approved_request)


@pytest.fixture(params=["colleague", "other_ict_manager", "other_headteacher"])
def outsider(request, school, other_school):
    """Someone with no business seeing the school's approval records, one kind per parametrized run.

    A colleague at the same school without a role, another school's ICT Manager, another
    school's Headteacher.
    """
    if request.param == "colleague":
        return UserFactory(username="colleague", school=school)
    role = roles.ICT_MANAGERS if request.param == "other_ict_manager" else roles.HEADTEACHERS
    return UserFactory(username=f"o-{request.param}", school=other_school, roles=[roles.STAFF, role])
