"""Cover in a school with one ICT Manager and one Headteacher, under the trust's default settings.

Issue "No dead ends": every person offered in "Covered by" used to be refused, the absent
person among them, and the refusal did not say where the setting was. Now the form
offers only people the rule accepts; by default the school's Headteacher may cover its
ICT Manager and a Trust administrator may cover either; separation of duties still holds.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from forms_app.constants import ApprovalStep, RequestStatus
from forms_app.models import ApprovalDecision, ApproverCover
from forms_app.workflow.cover import ApproverCoverForm, set_cover
from forms_app.workflow.services import RequestActionError, approve_task, submit_request
from home import roles
from home.models import TrustSettings
from tests.clock import on
from tests.factories import UserFactory
from tests.forms_app.factories import complete_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def one_person_school(school, ict_manager, headteacher, staff_user, other_school, trust_admin):
    """Riverside: one ICT Manager, one Headteacher, a member of staff; Hillcrest has its own ICT Manager."""
    UserFactory(username="ict.hillcrest", school=other_school, roles=[roles.STAFF, roles.ICT_MANAGERS])
    return school


def head_covers_the_ict_manager(ict_manager, headteacher) -> ApproverCover:
    """The ICT Manager records that the Headteacher covers them from Monday 8 to Friday 12 March 2027."""
    with on(8):
        return set_cover(
            cover_period=ApproverCover(
                approver=ict_manager,
                cover=headteacher,
                step=ApprovalStep.ICT_MANAGER,
                starts_on=datetime.date(2027, 3, 8),
                ends_on=datetime.date(2027, 3, 12),
            ),
            user=ict_manager,
        )


def offered_covers(user) -> set[str]:
    form = ApproverCoverForm(for_user=user)
    return {person.username for person in form.fields["cover"].queryset}


def record_cover(client, *, approver, cover, step=ApprovalStep.ICT_MANAGER):
    with on(8):
        client.force_login(approver)
        return client.post(
            reverse("approver_cover:add"),
            {
                "approver": approver.pk,
                "step": step,
                "cover": cover.pk,
                "starts_on": "2027-03-08",
                "ends_on": "2027-03-12",
            },
        )


def test_the_ict_manager_is_offered_only_people_the_rule_accepts(one_person_school, ict_manager):
    with on(8):
        assert offered_covers(ict_manager) == {"head", "sam"}  # never themself, staff or another school


def test_the_head_covers_the_only_ict_manager_and_approves_on_their_behalf(
    client, one_person_school, ict_manager, headteacher, staff_user
):
    response = record_cover(client, approver=ict_manager, cover=headteacher)
    assert response.status_code == 302, response.text
    period = ApproverCover.objects.get()
    assert (period.approver, period.cover, period.step) == (ict_manager, headteacher, ApprovalStep.ICT_MANAGER)

    with on(9):
        site_request = submit_request(
            site_request=complete_request(author=staff_user, declaration=True), user=staff_user
        )
        site_request = approve_task(site_request=site_request, user=headteacher, attested=True)
        decision = ApprovalDecision.objects.get(request=site_request)
        assert (decision.approver, decision.on_behalf_of) == (headteacher, ict_manager)
        # Separation of duties: the Head gave the first approval, so cannot give the final one.
        with pytest.raises(RequestActionError, match="one person never gives both approvals"):
            approve_task(site_request=site_request, user=headteacher, attested=True)
    assert site_request.status != RequestStatus.APPROVED


def test_the_head_never_covers_a_request_they_wrote(one_person_school, ict_manager, headteacher):
    head_covers_the_ict_manager(ict_manager, headteacher)
    with on(9):
        own = submit_request(site_request=complete_request(author=headteacher, declaration=True), user=headteacher)
        with pytest.raises(RequestActionError, match="request you wrote"):
            approve_task(site_request=own, user=headteacher, attested=True)


def test_a_trust_administrator_covers_by_default(client, one_person_school, headteacher, trust_admin):
    with on(8):
        assert "sam" in offered_covers(headteacher)
    response = record_cover(client, approver=headteacher, cover=trust_admin, step=ApprovalStep.HEADTEACHER)
    assert response.status_code == 302, response.text
    assert ApproverCover.objects.get().cover == trust_admin


def test_the_absent_person_is_not_offered_and_is_refused(client, one_person_school, ict_manager, headteacher):
    with on(8):
        assert "ict" not in offered_covers(ict_manager)
        assert "head" not in offered_covers(headteacher)
    response = record_cover(client, approver=ict_manager, cover=ict_manager)
    assert response.status_code == 200
    assert "Choose someone other than the person who is away." in response.text
    assert not ApproverCover.objects.exists()


def test_the_refusal_names_the_setting_and_who_can_change_it(one_person_school, ict_manager, headteacher):
    settings = TrustSettings.load()
    settings.headteachers_may_cover_ict_managers = False
    settings.trust_administrators_may_cover = False
    settings.save()
    with on(8):
        assert offered_covers(ict_manager) == set()
        form = ApproverCoverForm(for_user=ict_manager)
        assert "Settings → Trust settings" in str(form.fields["cover"].help_text)
        with pytest.raises(ValidationError) as refused:
            ApproverCover(
                approver=ict_manager,
                cover=headteacher,
                step=ApprovalStep.ICT_MANAGER,
                starts_on=datetime.date(2027, 3, 8),
                ends_on=datetime.date(2027, 3, 12),
            ).full_clean()
    message = " ".join(refused.value.message_dict["cover"])
    assert "Settings → Trust settings → “Headteachers may cover their school's ICT Manager”" in message
    assert "site administrator" in message
