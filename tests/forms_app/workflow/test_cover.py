"""Cover for an approver who is away: who may stand in, only during the period, signed "on behalf of", SoD intact."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from wagtail.models import ModelLogEntry, TaskState

from forms_app.constants import ApprovalStep, RequestStatus
from forms_app.models import ApprovalDecision, ApproverCover
from forms_app.workflow.cover import set_cover
from forms_app.workflow.selectors import after_decision_message
from forms_app.workflow.services import RequestActionError, approve_task, submit_request
from forms_app.workflow.timeline import timeline_for
from home import roles
from home.models import TrustSettings
from tests.clock import on
from tests.factories import UserFactory
from tests.forms_app.factories import complete_request

pytestmark = pytest.mark.django_db
# Monday 8 March 2027; the Headteacher is away Tuesday 9 to Friday 12 March.


@pytest.fixture
def alex_head(school):
    return UserFactory(
        username="alexhead", first_name="Alex", last_name="Head", school=school, roles=[roles.STAFF, roles.HEADTEACHERS]
    )


@pytest.fixture
def trust_may_cover(db):
    settings = TrustSettings.load()
    settings.trust_administrators_may_cover = True
    settings.save()
    return settings


def cover(*, approver, by, step=ApprovalStep.HEADTEACHER, starts=9, ends=12, **kwargs):
    with on(8):
        return set_cover(
            cover_period=ApproverCover(
                approver=approver,
                cover=by,
                step=step,
                starts_on=datetime.date(2027, 3, starts),
                ends_on=datetime.date(2027, 3, ends),
            ),
            user=kwargs.get("user", approver),
        )


@pytest.fixture
def awaiting_head(author, ict_manager, alex_head):
    with on(8):
        site_request = submit_request(site_request=complete_request(author=author, declaration=True), user=author)
        return approve_task(site_request=site_request, user=ict_manager, attested=True)


def test_the_cover_decides_only_inside_the_period_and_signs_on_behalf(
    awaiting_head, alex_head, trust_admin, trust_may_cover
):
    cover(approver=alex_head, by=trust_admin)

    with on(8), pytest.raises(RequestActionError, match="runs from 9 March 2027 to 12 March 2027"):
        approve_task(site_request=awaiting_head, user=trust_admin, attested=True)
    with on(10):
        assert TaskState.objects.reviewable_by(trust_admin).count() == 1
        approve_task(site_request=awaiting_head, user=trust_admin, attested=True)

    decision = ApprovalDecision.objects.get(request=awaiting_head, step=ApprovalStep.HEADTEACHER)
    assert (decision.approver, decision.on_behalf_of) == (trust_admin, alex_head)
    assert decision.on_behalf_of_name == "Alex Head"
    assert decision.signed_by == "Sam Green on behalf of Alex Head (cover)"
    assert [e.who for e in timeline_for(awaiting_head) if e.kind == "approved"][-1] == decision.signed_by
    awaiting_head.refresh_from_db()
    assert awaiting_head.status == RequestStatus.APPROVED
    assert awaiting_head.register_entry.final_approval_by == "Sam Green on behalf of Alex Head (cover)"


def test_the_register_entry_and_the_review_page_name_the_absent_approver(
    client, awaiting_head, alex_head, trust_admin, trust_may_cover, superuser
):
    cover(approver=alex_head, by=trust_admin)
    with on(10):
        approve_task(site_request=awaiting_head, user=trust_admin, attested=True)
        client.force_login(superuser)
        entry = awaiting_head.register_entry
        inspect = client.get(reverse("forms_app_registerentry_modeladmin_inspect", args=[entry.pk]))
        review = client.get(reverse(awaiting_head.snippet_viewset.get_url_name("review"), args=[awaiting_head.pk]))
    assert "final approval by" in inspect.text.lower()
    for response in (inspect, review):
        assert "Sam Green on behalf of Alex Head (cover)" in response.text


def test_the_ict_manager_is_told_the_cover_decides_next(author, ict_manager, alex_head, headteacher):
    cover(approver=alex_head, by=headteacher)
    with on(9):
        site_request = submit_request(site_request=complete_request(author=author, declaration=True), user=author)
        approve_task(site_request=site_request, user=ict_manager, attested=True)
        decision = ApprovalDecision.objects.get(request=site_request)
        message = after_decision_message(decision=decision)
    assert message.endswith("for final sign-off; you will be emailed when it is decided.")
    assert f"{headteacher.display_name()} (covering Alex Head, Headteacher)" in message


def test_expired_cover_is_refused_with_its_dates(awaiting_head, alex_head, trust_admin, trust_may_cover):
    cover(approver=alex_head, by=trust_admin)
    with on(15):
        assert not TaskState.objects.reviewable_by(trust_admin).exists()
        with pytest.raises(RequestActionError, match="you can decide only during it"):
            approve_task(site_request=awaiting_head, user=trust_admin, attested=True)
    assert not ApprovalDecision.objects.filter(step=ApprovalStep.HEADTEACHER).exists()


def test_a_cover_never_decides_their_own_request_nor_both_steps(school, alex_head, trust_may_cover, headteacher):
    both = UserFactory(
        username="ictadmin", school=school, roles=[roles.STAFF, roles.ICT_MANAGERS, roles.TRUST_ADMINISTRATORS]
    )
    cover(approver=alex_head, by=both)
    cover(approver=headteacher, by=both)
    with on(10):
        own = submit_request(site_request=complete_request(author=both, declaration=True), user=both)
        with pytest.raises(RequestActionError, match="you wrote"):
            approve_task(site_request=own, user=both, attested=True)
        author = UserFactory(username="writer", school=school)
        other = submit_request(site_request=complete_request(author=author, declaration=True), user=author)
        approve_task(site_request=other, user=both, attested=True)
        with pytest.raises(RequestActionError, match="another person"):
            approve_task(site_request=other, user=both, attested=True)
        assert not TaskState.objects.reviewable_by(both).filter(status="in_progress").exists()
    other.refresh_from_db()
    assert other.status == RequestStatus.AWAITING_HEAD


def test_the_cover_is_emailed_while_the_cover_lasts(author, ict_manager, alex_head, trust_admin, trust_may_cover):
    cover(approver=alex_head, by=trust_admin)
    with on(10):
        site_request = submit_request(site_request=complete_request(author=author, declaration=True), user=author)
        mail.outbox.clear()
        approve_task(site_request=site_request, user=ict_manager, attested=True)
    to_final_approvers = [m for m in mail.outbox if "awaiting" in m.subject.lower() or trust_admin.email in m.to]
    assert any(trust_admin.email in m.to and alex_head.email in m.to for m in to_final_approvers)


@pytest.mark.parametrize(
    ("who", "message"),
    [
        ("staff", "must be an active Head of School/Headteacher of Riverside"),
        ("ict", "must be an active Head of School/Headteacher of Riverside"),
        ("trust_admin", "if the trust's settings allow it"),
    ],
)
def test_who_may_not_cover(who, message, alex_head, staff_user, ict_manager, trust_admin):
    # A new trust lets Trust administrators cover by default; this trust has switched it off.
    settings = TrustSettings.load()
    settings.trust_administrators_may_cover = False
    settings.save()
    by = {"staff": staff_user, "ict": ict_manager, "trust_admin": trust_admin}[who]
    with pytest.raises(ValidationError, match=message):
        cover(approver=alex_head, by=by)
    assert not ApproverCover.objects.exists()


def test_a_past_period_and_someone_elses_absence_are_refused(alex_head, headteacher, ict_manager):
    with pytest.raises(ValidationError, match="already ended"):
        cover(approver=alex_head, by=headteacher, starts=1, ends=5)
    with pytest.raises(PermissionDenied):
        cover(approver=alex_head, by=headteacher, user=ict_manager)


def test_setting_cover_is_audited(alex_head, headteacher):
    period = cover(approver=alex_head, by=headteacher)
    entry = ModelLogEntry.objects.for_instance(period).get(action="forms_app.cover.set")
    assert entry.user == alex_head
    assert entry.data["cover"] == headteacher.display_name()
    assert period.created_by == alex_head


def test_the_head_records_cover_in_the_admin_and_sees_only_their_own(client, alex_head, headteacher, other_headteacher):
    add_url = reverse("approver_cover:add")
    with on(8):
        client.force_login(alex_head)
        form = client.get(add_url)
        assert form.status_code == 200
        assert f'value="{other_headteacher.pk}"' not in form.text.split('name="cover"')[0]  # only themself
        response = client.post(
            add_url,
            {
                "approver": alex_head.pk,
                "step": ApprovalStep.HEADTEACHER,
                "cover": headteacher.pk,
                "starts_on": "2027-03-09",
                "ends_on": "2027-03-12",
            },
        )
    assert response.status_code == 302, response.text
    period = ApproverCover.objects.get()
    assert (period.approver, period.cover, period.created_by) == (alex_head, headteacher, alex_head)
    with on(8):
        own_listing = client.get(response["Location"])
        assert "Alex Head" in own_listing.text
        client.force_login(other_headteacher)
        listing = client.get(reverse("approver_cover:index"))
    assert listing.status_code == 200
    assert "Alex Head" not in listing.text


def test_an_invalid_period_is_shown_next_to_the_field(client, alex_head, headteacher):
    with on(8):
        client.force_login(alex_head)
        response = client.post(
            reverse("approver_cover:add"),
            {
                "approver": alex_head.pk,
                "step": ApprovalStep.HEADTEACHER,
                "cover": headteacher.pk,
                "starts_on": "2027-03-12",
                "ends_on": "2027-03-09",
            },
        )
    assert response.status_code == 200
    assert "The last day must be on or after the first day." in response.text
    assert not ApproverCover.objects.exists()


def test_staff_cannot_reach_cover(client, staff_user):
    client.force_login(staff_user)
    assert client.get(reverse("approver_cover:add")).status_code in (302, 403)
