"""A leaver hands everything on: the preview lists what they hold, the administrator picks who takes each over.

Issue "No dead ends": nothing was reassigned ("arrange for someone"); the preview for the
comms account said "None" although she owned every guidance page; policies, review
reminders, cover records and page ownership were not mentioned.
"""

import datetime

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry, Page

from forms_app.constants import ApprovalStep, RequestStatus
from forms_app.models import ApproverCover, RegisterEntry
from forms_app.workflow.services import approve_task, submit_request
from home import roles
from tests.factories import UserFactory
from tests.forms_app.built_forms.factories import (
    DPO_GROUP,
    DPO_THEN_HEAD,
    approver_group,
    built_request,
    complete_blocked_content_answers,
    make_approval_form,
)
from tests.forms_app.factories import approved_request, submitted_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(school):
    return UserFactory(username="root", school=school, is_superuser=True, is_staff=True, roles=[])


@pytest.fixture
def holdings(home_page, school, staff_user, ict_manager, headteacher):
    """The ICT Manager owns a page, runs a site, is the only one who can decide a waiting request, and covers."""
    runners = UserFactory.create_batch(3, school=school)
    site = approved_request(
        author=staff_user,
        administrators=[ict_manager, runners[0]],
        moderators=runners[1:],
        ict_manager=UserFactory(username="ict-old", school=school, roles=[roles.STAFF, roles.ICT_MANAGERS]),
        headteacher=headteacher,
    )
    page = home_page.add_child(
        instance=type(home_page)(title="Guidance for parents", slug="parents", owner=ict_manager)
    )
    waiting = submitted_request(author=staff_user)
    deputy = UserFactory(username="deputy", first_name="Dee", last_name="Puty", school=school, roles=[roles.STAFF])
    second_head = UserFactory(username="head2", school=school, roles=[roles.STAFF, roles.HEADTEACHERS])
    cover = ApproverCover.objects.create(
        approver=second_head,
        cover=ict_manager,
        step=ApprovalStep.HEADTEACHER,
        starts_on=datetime.date.today(),
        ends_on=datetime.date.today() + datetime.timedelta(days=5),
    )
    # The old ICT Manager left already; the leaver is now the only ICT Manager.
    type(ict_manager).objects.filter(username="ict-old").update(is_active=False)
    return {"site": site, "page": page, "waiting": waiting, "deputy": deputy, "cover": cover, "head2": second_head}


def test_the_preview_lists_everything_the_leaver_holds(client, superuser, ict_manager, holdings):
    client.force_login(superuser)
    page = client.get(reverse("forms_app_leaver", args=[ict_manager.pk])).text
    assert "Guidance for parents" in page
    assert holdings["site"].account_name in page
    assert holdings["waiting"].reference in page
    assert "covers" in page.lower()
    assert "Who takes over" in page


def test_a_leavers_pages_sites_approvals_and_cover_move_to_the_chosen_people(
    client, superuser, ict_manager, headteacher, holdings
):
    deputy, entry = holdings["deputy"], RegisterEntry.objects.get(request=holdings["site"])
    seat = entry.people.get(user=ict_manager)
    client.force_login(superuser)
    response = client.post(
        reverse("forms_app_leaver", args=[ict_manager.pk]),
        {
            "pages_to": deputy.pk,
            f"site_{seat.pk}": deputy.pk,
            f"role_{ApprovalStep.ICT_MANAGER}": deputy.pk,
            f"cover_{holdings['cover'].pk}": headteacher.pk,
        },
        follow=True,
    )
    assert response.status_code == 200, response.text
    ict_manager.refresh_from_db()
    assert not ict_manager.is_active, response.context["form"].errors if response.context else response.text
    assert Page.objects.get(pk=holdings["page"].pk).owner == deputy
    assert entry.people.filter(user=deputy).exists() and not entry.people.filter(user=ict_manager).exists()
    assert roles.ICT_MANAGERS in roles.role_names(type(deputy).objects.get(pk=deputy.pk))
    holdings["cover"].refresh_from_db()
    assert holdings["cover"].cover == headteacher
    log_entry = ModelLogEntry.objects.filter(action="forms_app.leaver.hand_over").get()
    assert log_entry.data["pages"] == [holdings["page"].pk]
    # The deputy can now decide the step that waited on the leaver alone.
    approved = approve_task(site_request=holdings["waiting"], user=deputy, attested=True)
    assert approved.status == RequestStatus.AWAITING_HEAD


def test_a_choice_that_cannot_stand_moves_nothing(client, superuser, ict_manager, holdings):
    entry = RegisterEntry.objects.get(request=holdings["site"])
    seat = entry.people.get(user=ict_manager)
    elsewhere = UserFactory(username="elsewhere", roles=[roles.STAFF])
    client.force_login(superuser)
    response = client.post(
        reverse("forms_app_leaver", args=[ict_manager.pk]),
        {"pages_to": holdings["deputy"].pk, f"site_{seat.pk}": elsewhere.pk},
    )
    assert response.status_code == 200
    assert "not on the staff of" in response.text
    ict_manager.refresh_from_db()
    assert ict_manager.is_active
    assert Page.objects.get(pk=holdings["page"].pk).owner == ict_manager


def test_the_users_own_page_has_a_leaver_button(client, superuser, ict_manager):
    client.force_login(superuser)
    page = client.get(reverse("wagtailusers_users:edit", args=[ict_manager.pk])).text
    assert reverse("forms_app_leaver", args=[ict_manager.pk]) in page
    assert "Leaver…" in page


def test_a_group_step_waiting_on_the_leaver_names_its_group_and_offers_nobody_for_it(
    client, superuser, staff_home, staff_user, headteacher, other_school, django_capture_on_commit_callbacks
):
    """A group step's group is not a school role (issue 29): nobody can be given it on this page."""
    form = make_approval_form(
        staff_home, title="Start a new parents' app", slug="parents-app", chain=DPO_THEN_HEAD, prefix="PA"
    )
    approver_group(DPO_GROUP)
    dpo = UserFactory(username="dpo", school=other_school, roles=[roles.STAFF, DPO_GROUP])
    draft = built_request(
        author=staff_user, form=form, answers=complete_blocked_content_answers(form.current_version())
    )
    waiting = submit_request(site_request=draft, user=staff_user)
    client.force_login(superuser)
    url = reverse("forms_app_leaver", args=[dpo.pk])

    page = client.get(url)

    assert page.status_code == 200
    assert f"{waiting.reference}: Awaiting Data Protection Officer" in page.text
    assert (
        "The Data Protection Officers group decides a step these requests wait at. A group is not a role of the "
        "school, so nobody can be chosen for it here: a site administrator adds members to the group in Settings "
        "→ Groups. The Trust administrators and the CEO are emailed about these requests."
    ) in page.text
    assert "Who becomes" not in page.text and "Choose who takes the role over" not in page.text
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, follow=True).status_code == 200
    dpo.refresh_from_db()
    assert not dpo.is_active
