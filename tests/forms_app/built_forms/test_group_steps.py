"""Chains with a step decided by a named group (a school's) or a Trust role (issue 29).

Two built forms: one whose chain is the Trust's Data Protection Officer (any member of
the group, at any school) then the Headteacher, and one whose chain is the ICT Manager,
the school's Designated Safeguarding Leads (members at the request's own school), then
the Headteacher. Each of the engine's rules is checked once on them.
"""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from forms_app.constants import ApprovalStep, GroupScope, RequestStatus
from forms_app.models import ApprovalDecision, SocialMediaApprovalTask, SocialMediaSiteRequest, chain_errors
from forms_app.register.records import seal_record
from forms_app.workflow.separation import steps_nobody_can_decide
from forms_app.workflow.services import (
    RequestActionError,
    approve_task,
    request_changes,
    start_amendment,
    submit_request,
)
from forms_app.workflow.timeline import timeline_for
from home import roles
from tests.clock import at, run_on
from tests.factories import UserFactory
from tests.forms_app.built_forms.factories import (
    DPO_GROUP,
    DPO_THEN_HEAD,
    approver_group,
    built_request,
    chain,
    complete_blocked_content_answers,
    group_step,
    make_approval_form,
)
from tests.forms_app.built_forms.test_engine_after_approval import pdf_text
from tests.forms_app.factories import approval_form
from tests.forms_app.register.conftest import signing, signing_files  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db

DSL_GROUP = "Designated Safeguarding Leads"
DSL_CHAIN = "Approval form: ICT Manager, Designated Safeguarding Lead, then Headteacher"


def review_url(site_request) -> str:
    return reverse(SocialMediaSiteRequest.snippet_viewset.get_url_name("review"), args=[site_request.pk])


@pytest.fixture
def dpo_form(staff_home):
    return make_approval_form(
        staff_home, title="Start a new parents' app", slug="parents-app", chain=DPO_THEN_HEAD, prefix="PA"
    )


@pytest.fixture
def dsl_form(staff_home):
    step = group_step("Designated Safeguarding Lead", group=approver_group(DSL_GROUP), scope=GroupScope.SCHOOL)
    chain(DSL_CHAIN, ApprovalStep.ICT_MANAGER, step, ApprovalStep.HEADTEACHER)
    return make_approval_form(
        staff_home, title="Invite a visiting speaker", slug="visiting-speaker", chain=DSL_CHAIN, prefix="VS"
    )


@pytest.fixture
def dpo(other_school):
    """The Trust's Data Protection Officer, who works at another school than the request's."""
    approver_group(DPO_GROUP)  # the data migration's group, with its admin access
    return UserFactory(username="dpo", first_name="Dana", last_name="Protect", school=other_school, roles=[DPO_GROUP])


@pytest.fixture
def dsl(school):
    approver_group(DSL_GROUP)
    return UserFactory(username="dsl", first_name="Sam", last_name="Guard", school=school, roles=[DSL_GROUP])


def submit(form, author, capture):
    draft = built_request(author=author, form=form, answers=complete_blocked_content_answers(form.current_version()))
    with capture(execute=True):
        return submit_request(site_request=draft, user=author)


def dashboard_rows(client) -> str:
    page = client.get("/admin/").text
    marker = "Social media site requests awaiting your review"
    return page[page.index(marker) :] if marker in page else ""


# -- a Trust role: the Data Protection Officer, then the Headteacher -----------------------


def test_the_trust_dpo_at_another_school_is_emailed_sees_it_and_approves_it_on_the_review_page(
    dpo_form, staff_user, dpo, headteacher, client, django_capture_on_commit_callbacks
):
    site_request = submit(dpo_form, staff_user, django_capture_on_commit_callbacks)

    assert site_request.status == RequestStatus.AWAITING_GROUP
    assert site_request.get_status_display() == "Awaiting Data Protection Officer"
    (email,) = mail.outbox
    assert email.to == [dpo.email]
    assert "Data Protection Officer's approval" in email.body

    client.force_login(dpo)
    assert site_request.reference in dashboard_rows(client)
    assert "Data Protection Officer" in dashboard_rows(client)
    inbox = client.get("/admin/social-media/requests/?show=awaiting_me")
    assert inbox.status_code == 200 and site_request.reference in inbox.text
    assert "Awaiting Data Protection Officer" in inbox.text
    by_form = client.get(f"/admin/social-media/requests/?show=awaiting_me&form={dpo_form.pk}")
    assert site_request.reference in by_form.text
    assert site_request.reference not in client.get("/admin/social-media/requests/?form=appendix_b").text

    page = client.get(review_url(site_request)).text
    assert "Approve as Data Protection Officer" in page
    assert "I have read this request&#x27;s answers and approve it for the role this step asks for." in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(review_url(site_request), approval_form(site_request))
    assert response.status_code == 302
    site_request.refresh_from_db()
    assert site_request.status == RequestStatus.AWAITING_HEAD
    assert headteacher.email in mail.outbox[-2].to + mail.outbox[-1].to
    (decision,) = ApprovalDecision.objects.filter(request=site_request)
    assert (decision.step, decision.step_name, decision.approver_id) == (
        ApprovalStep.GROUP,
        "Data Protection Officer",
        dpo.pk,
    )


@pytest.mark.usefixtures("signing")
def test_the_headteachers_final_approval_after_the_dpo_seals_a_record_naming_both(
    dpo_form, staff_user, dpo, headteacher, django_capture_on_commit_callbacks
):
    site_request = submit(dpo_form, staff_user, django_capture_on_commit_callbacks)
    site_request = approve_task(site_request=site_request, user=dpo, attested=True)
    site_request = approve_task(site_request=site_request, user=headteacher, attested=True)

    assert site_request.status == RequestStatus.APPROVED
    text = pdf_text(seal_record(site_request=site_request).pdf_bytes())
    assert "DataProtectionOfficer" in text and dpo.display_name().replace(" ", "") in text
    labels = [entry.label for entry in timeline_for(site_request)]
    assert labels == [
        "Submitted",
        "Approved by the Data Protection Officer",
        "Approved by the Head of School/Headteacher",
    ]
    assert [entry.who for entry in timeline_for(site_request)][1] == dpo.display_name()


def test_an_amendment_of_an_approved_request_restarts_at_the_dpo(
    dpo_form, staff_user, dpo, headteacher, django_capture_on_commit_callbacks
):
    site_request = submit(dpo_form, staff_user, django_capture_on_commit_callbacks)
    site_request = approve_task(site_request=site_request, user=dpo, attested=True)
    site_request = approve_task(site_request=site_request, user=headteacher, attested=True)

    start_amendment(site_request=site_request, user=staff_user)
    site_request = submit_request(site_request=SocialMediaSiteRequest.objects.get(pk=site_request.pk), user=staff_user)

    assert site_request.status == RequestStatus.AMEND_GROUP
    assert site_request.get_status_display() == "Amendment awaiting Data Protection Officer"
    site_request = approve_task(site_request=site_request, user=dpo, attested=True)
    assert site_request.status == RequestStatus.AMEND_HEAD


def test_the_author_who_is_the_dpo_is_refused_with_the_reason(
    dpo_form, dpo, headteacher, other_school, django_capture_on_commit_callbacks
):
    UserFactory(username="dpo-two", school=other_school, roles=[DPO_GROUP])
    site_request = submit(dpo_form, dpo, django_capture_on_commit_callbacks)

    with pytest.raises(RequestActionError, match="you wrote"):
        approve_task(site_request=site_request, user=dpo, attested=True)
    assert dpo.email not in [address for email in mail.outbox for address in email.to]


def test_a_superuser_outside_the_group_cannot_decide_the_group_step(
    dpo_form, staff_user, dpo, school, django_capture_on_commit_callbacks
):
    site_request = submit(dpo_form, staff_user, django_capture_on_commit_callbacks)
    admin = UserFactory(username="root", school=school, is_superuser=True, is_staff=True)

    with pytest.raises(RequestActionError, match="Only members of Data Protection Officers"):
        approve_task(site_request=site_request, user=admin, attested=True)


def test_nobody_in_the_group_leaves_no_request_waiting_for_nobody(
    dpo_form, staff_user, headteacher, client, django_capture_on_commit_callbacks
):
    draft = built_request(
        author=staff_user, form=dpo_form, answers=complete_blocked_content_answers(dpo_form.current_version())
    )

    (problem,) = steps_nobody_can_decide(draft, submitter=staff_user)
    assert "Nobody can decide the “Data Protection Officer” step" in problem
    assert "Data Protection Officers has no active member in the trust" in problem

    client.force_login(staff_user)
    check = client.get(reverse("forms_app:check", kwargs={"public_id": draft.public_id}))
    assert "Nobody can decide the “Data Protection Officer” step" in check.text
    client.post(reverse("forms_app:check", kwargs={"public_id": draft.public_id}))
    draft.refresh_from_db()
    assert draft.status == RequestStatus.DRAFT


def test_the_group_is_reminded_of_a_step_waiting_too_long(dpo_form, staff_user, dpo, headteacher):
    with at(datetime.date(2027, 5, 27), hour=15):
        draft = built_request(
            author=staff_user, form=dpo_form, answers=complete_blocked_content_answers(dpo_form.current_version())
        )
        submit_request(site_request=draft, user=staff_user)
    mail.outbox.clear()

    run_on(datetime.date(2027, 6, 2), "approval_reminders")

    (reminder,) = mail.outbox
    assert reminder.to == [dpo.email]
    assert "Data Protection Officer" in reminder.body


# -- a named group of the school: ICT Manager, the school's DSL, then the Headteacher ------


def test_the_schools_dsl_decides_after_the_ict_manager_and_a_dsl_elsewhere_does_not_see_it(
    dsl_form, staff_user, ict_manager, dsl, headteacher, other_school, client, django_capture_on_commit_callbacks
):
    hillcrest_dsl = UserFactory(username="hill-dsl", school=other_school, roles=[DSL_GROUP])
    site_request = submit(dsl_form, staff_user, django_capture_on_commit_callbacks)
    assert site_request.status == RequestStatus.AWAITING_ICT

    with django_capture_on_commit_callbacks(execute=True):
        site_request = approve_task(site_request=site_request, user=ict_manager, attested=True)
    assert site_request.status == RequestStatus.AWAITING_GROUP
    assert site_request.get_status_display() == "Awaiting Designated Safeguarding Lead"
    reached = next(email for email in mail.outbox if "Designated Safeguarding Lead's approval" in email.body)
    assert reached.to == [dsl.email]

    client.force_login(hillcrest_dsl)
    assert client.get(review_url(site_request)).status_code == 404
    assert site_request.reference not in dashboard_rows(client)
    with pytest.raises(RequestActionError, match="at the request's school"):
        approve_task(site_request=site_request, user=hillcrest_dsl, attested=True)

    client.force_login(dsl)
    assert site_request.reference in client.get("/admin/social-media/requests/?show=awaiting_me").text
    assert site_request.reference in dashboard_rows(client)
    site_request = approve_task(site_request=site_request, user=dsl, attested=True)
    assert site_request.status == RequestStatus.AWAITING_HEAD
    site_request = approve_task(site_request=site_request, user=headteacher, attested=True)
    assert site_request.status == RequestStatus.APPROVED


def test_after_the_final_approval_each_earlier_approver_is_told_naming_the_step_they_approved(
    dsl_form, staff_user, ict_manager, dsl, headteacher, django_capture_on_commit_callbacks
):
    site_request = submit(dsl_form, staff_user, django_capture_on_commit_callbacks)
    site_request = approve_task(site_request=site_request, user=ict_manager, attested=True)
    site_request = approve_task(site_request=site_request, user=dsl, attested=True)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        approve_task(site_request=site_request, user=headteacher, attested=True)

    told = {tuple(email.to): email.body for email in mail.outbox if email.to != [staff_user.email]}
    assert set(told) == {(ict_manager.email,), (dsl.email,)}
    assert "which you approved as ICT Manager." in told[(ict_manager.email,)]
    assert "which you approved as Designated Safeguarding Lead." in told[(dsl.email,)]


def test_whoever_approved_an_earlier_step_is_refused_at_the_group_step(
    dsl_form, staff_user, school, dsl, headteacher, django_capture_on_commit_callbacks
):
    ict_and_dsl = UserFactory(username="both", school=school, roles=[roles.STAFF, roles.ICT_MANAGERS, DSL_GROUP])
    site_request = submit(dsl_form, staff_user, django_capture_on_commit_callbacks)
    site_request = approve_task(site_request=site_request, user=ict_and_dsl, attested=True)

    with pytest.raises(RequestActionError, match="You approved an earlier step"):
        approve_task(site_request=site_request, user=ict_and_dsl, attested=True)
    site_request = approve_task(site_request=site_request, user=dsl, attested=True)
    assert site_request.status == RequestStatus.AWAITING_HEAD


def test_request_changes_at_the_group_step_restarts_at_the_chains_first_step(
    dsl_form, staff_user, ict_manager, dsl, headteacher, django_capture_on_commit_callbacks
):
    site_request = submit(dsl_form, staff_user, django_capture_on_commit_callbacks)
    site_request = approve_task(site_request=site_request, user=ict_manager, attested=True)

    site_request = request_changes(site_request=site_request, user=dsl, reason="Name the speaker's organisation.")
    assert site_request.status == RequestStatus.CHANGES_REQUESTED
    site_request = submit_request(site_request=site_request, user=staff_user)
    assert site_request.status == RequestStatus.AWAITING_ICT
    labels = [entry.label for entry in timeline_for(site_request, include_future=True)]
    assert "Changes requested by the Designated Safeguarding Lead" in labels
    assert labels[-3:] == [
        "Review by the Designated Safeguarding Lead",
        "Review by the Head of School/Headteacher",
        "Approval record sealed",
    ]


# -- the chain and the step themselves -------------------------------------------------------


def test_chain_errors_explain_a_group_step_without_its_group_and_a_chain_not_ending_with_the_headteacher(db):
    nameless = group_step("Safeguarding", group=None)
    assert chain_errors(chain("No group", nameless, ApprovalStep.HEADTEACHER)) == [
        "The step “Safeguarding” names no group: choose whose members decide it."
    ]

    dpo_step = SocialMediaApprovalTask.objects.get(name="Data Protection Officer")
    (problem,) = chain_errors(chain("Ends with the DPO", ApprovalStep.HEADTEACHER, dpo_step))
    assert "must end with the Headteacher approval step" in problem


def test_a_leaving_dpo_at_another_school_is_told_the_requests_waiting_only_on_them(
    dpo_form, staff_user, dpo, other_school, django_capture_on_commit_callbacks
):
    from forms_app.leavers.selectors import leaver_impact

    site_request = submit(dpo_form, staff_user, django_capture_on_commit_callbacks)
    impact = leaver_impact(dpo)
    assert (impact.waiting_only_on_them, impact.waiting_on_others_too) == ([site_request], [])

    UserFactory(username="dpo2", school=other_school, roles=[DPO_GROUP])  # a second DPO, anywhere in the trust
    impact = leaver_impact(dpo)
    assert (impact.waiting_only_on_them, impact.waiting_on_others_too) == ([], [site_request])


def test_a_step_name_with_markup_is_shown_as_text_wherever_the_request_waits(
    staff_home, staff_user, dsl, client, django_capture_on_commit_callbacks
):
    step = group_step('<img src=x onerror="alert(1)">DSL', group=approver_group(DSL_GROUP))
    chain("Marked-up step", step, ApprovalStep.HEADTEACHER)
    form = make_approval_form(staff_home, title="Invite a speaker", slug="speaker", chain="Marked-up step")
    site_request = submit(form, staff_user, django_capture_on_commit_callbacks)

    client.force_login(dsl)
    for url in ("/admin/", "/admin/social-media/requests/?show=awaiting_me", review_url(site_request)):
        html = client.get(url).text
        assert site_request.reference in html, url
        assert '<img src=x onerror="alert(1)">' not in html, url
        assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;DSL" in html, url
    client.force_login(staff_user)
    html = client.get(reverse("forms_app:my_requests")).text
    assert site_request.reference in html and '<img src=x onerror="alert(1)">' not in html


def test_a_chain_whose_group_cannot_open_the_admin_is_explained_and_not_offered(db):
    from django.contrib.auth.models import Group

    from forms_app.built_forms.builder import chain_choices

    outside = Group.objects.create(name="Governors")  # no admin access: they could never open a review page
    governors = group_step("Governors' approval", group=outside)
    workflow = chain("Governors, then Headteacher", governors, ApprovalStep.HEADTEACHER)
    assert chain_errors(workflow) == [
        "The members of the group of the step “Governors' approval” cannot open the admin, where requests are "
        "decided: give the group “Can access Wagtail admin” (Settings → Groups)."
    ]
    assert workflow.pk not in chain_choices()

    approver_group("Governors")  # gives the group its admin access
    assert chain_errors(workflow) == []
    assert workflow.pk in chain_choices()


def test_a_group_step_needs_its_group_and_the_role_steps_stay_unique(db):
    with pytest.raises(ValidationError) as missing:
        SocialMediaApprovalTask(name="Safeguarding", role=ApprovalStep.GROUP).full_clean()
    assert "Choose the group whose members decide this step." in missing.value.message_dict["approver_group"]

    with pytest.raises(ValidationError) as second_head:
        SocialMediaApprovalTask(name="Another Head", role=ApprovalStep.HEADTEACHER).full_clean()
    assert "The ICT Manager and Headteacher approval steps exist once each" in second_head.value.messages[0]

    with pytest.raises(ValidationError) as group_on_a_role:
        SocialMediaApprovalTask(
            name="ICT with a group", role=ApprovalStep.ICT_MANAGER, approver_group=approver_group(DSL_GROUP)
        ).full_clean()
    assert "Only a group approval step has a group" in group_on_a_role.value.message_dict["approver_group"][0]


def test_the_dpo_chain_is_offered_to_form_editors(db):
    from forms_app.built_forms.builder import chain_choices

    chain("Groupless", group_step("Safeguarding", group=None), ApprovalStep.HEADTEACHER)

    labels = chain_choices().values()
    assert "Data Protection Officer, then Head of School/Headteacher" in labels
    assert not any("Safeguarding" in label for label in labels)
