"""Every email the intranet sends is an outbox row first, and only the task worker delivers it.

The kinds come from the code: each template trio under ``templates/<app>/emails/`` is an
email the intranet's own code sends, and each must have a walk below that makes the
product send it. A new template without a walk fails ``test_every_email_template_has_a_walk``;
a walk whose email skips the outbox fails its own test. Beside them, the emails that
Django, Wagtail and allauth build themselves (a moderation email, both password resets,
an allauth notice, ``mail_admins``) and the emails sent with Django's ``send_mail`` (the
sign-in unlock link) are walked the same way.

Each walk runs with the real database task backend: after the walk nothing has been
delivered and the email is a queued ``OutgoingEmail``; the real worker (``db_worker``)
then delivers it, once, through the delivery mailer (locmem in tests).
"""

import datetime
import io
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from core.mail.models import OutgoingEmail
from forms_app.models import SitePerson
from home import roles
from tests.factories import UserFactory
from tests.forms_app.factories import approved_request, submitted_request
from tests.forms_app.register.conftest import signing, signing_files  # noqa: F401 - fixtures
from tests.forms_app.task_backends import use_task_backend
from tests.policy.factories import make_index, make_policy

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TEMPLATES = Path(settings.BASE_DIR) / "templates"
LONDON = ZoneInfo("Europe/London")


def template_kinds() -> list[str]:
    """Every template trio under ``templates/<app>/emails/``, as the path ``send_email`` takes."""
    return sorted(
        str(subject.relative_to(TEMPLATES)).removesuffix("_subject.txt")
        for subject in TEMPLATES.glob("*/emails/*_subject.txt")
    )


# --- walks: each makes the product send one kind of email -----------------------------------------


def trust_people(central_team):
    ceo = UserFactory(username="ceo", school=central_team, roles=[roles.STAFF, roles.HEADTEACHERS])
    trust_admin = UserFactory(username="trust-admin", school=central_team, roles=[roles.STAFF])
    trust_admin.groups.add(Group.objects.get(name=roles.TRUST_ADMINISTRATORS))
    return ceo, trust_admin


def approved(f, **answers):
    return approved_request(
        author=f("staff_user"), ict_manager=f("ict_manager"), headteacher=f("headteacher"), **answers
    )


def walk_submitted(f):
    f("ict_manager")
    submitted_request(author=f("staff_user"))


def walk_ict_approval(f):
    from forms_app.workflow.services import approve_task

    f("headteacher")
    site_request = submitted_request(author=f("staff_user"))
    approve_task(site_request=site_request, user=f("ict_manager"), attested=True)


def walk_step_reached(f):
    """A built form's chain moves from the ICT Manager to a group step: its group's members are told."""
    from forms_app.constants import ApprovalStep
    from forms_app.workflow.services import approve_task, submit_request
    from tests.forms_app.built_forms.factories import (
        approver_group,
        built_request,
        chain,
        complete_blocked_content_answers,
        group_step,
        make_approval_form,
    )

    school = f("school")
    group = approver_group("Designated Safeguarding Leads")
    UserFactory(username="dsl-riverside", school=school, roles=[group.name])
    step = group_step("Designated Safeguarding Lead", group=group)
    chain("ICT Manager, DSL, then Headteacher", ApprovalStep.ICT_MANAGER, step, ApprovalStep.HEADTEACHER)
    form = make_approval_form(
        f("staff_home"), title="Invite a visiting speaker", slug="speaker", chain="ICT Manager, DSL, then Headteacher"
    )
    f("headteacher")
    draft = built_request(
        author=f("staff_user"), form=form, answers=complete_blocked_content_answers(form.current_version())
    )
    site_request = submit_request(site_request=draft, user=f("staff_user"))
    approve_task(site_request=site_request, user=f("ict_manager"), attested=True)


def walk_final_approval(f):
    approved(f)


def walk_changes_requested_later(f):
    from forms_app.workflow.services import approve_task, request_changes

    site_request = submitted_request(author=f("staff_user"))
    approve_task(site_request=site_request, user=f("ict_manager"), attested=True)
    request_changes(site_request=site_request, user=f("headteacher"), reason="Name a second moderator.")


def walk_amendment_abandoned(f):
    from forms_app.workflow.amendments import abandon_amendment
    from forms_app.workflow.services import start_amendment, submit_request

    site_request = approved(f)
    start_amendment(site_request=site_request, user=f("staff_user"))
    submit_request(site_request=site_request, user=f("staff_user"))
    abandon_amendment(site_request=site_request, user=f("staff_user"))


def walk_approval_reminders(f):
    f("ict_manager")
    trust_people(f("central_team"))
    with time_machine.travel(datetime.datetime(2027, 6, 1, 9, tzinfo=LONDON), tick=False):
        submitted_request(author=f("staff_user"))
    with time_machine.travel(datetime.datetime(2027, 6, 14, 6, tzinfo=LONDON), tick=False):
        call_command("approval_reminders", stdout=io.StringIO())


def walk_steps_without_approver(f):
    from home.models import User

    f("ict_manager")
    trust_people(f("central_team"))
    submitted_request(author=f("staff_user"))
    User.objects.filter(username="ict").update(is_active=False)  # the step's only approver leaves
    call_command("check_approval_steps", stdout=io.StringIO())


def walk_leaver_escalation(f):
    from forms_app.leavers.services import deactivate_user

    trust_people(f("central_team"))
    submitted_request(author=f("staff_user"))
    deactivate_user(user=f("ict_manager"), by=None)


def walk_leaver_register_transfer(f):
    from forms_app.leavers.services import deactivate_user

    runners = UserFactory.create_batch(4, school=f("school"))
    approved(f, administrators=runners[:2], moderators=runners[2:])
    deactivate_user(user=runners[0], by=None)


def walk_register_closure_reminder(f):
    approved(f, closure_date=datetime.date(2027, 7, 20))
    with time_machine.travel(datetime.datetime(2027, 6, 20, 6, tzinfo=LONDON), tick=False):
        call_command("closure_reminders", stdout=io.StringIO())


def walk_runner_acknowledgement(f):
    from forms_app.constants import SiteRole
    from forms_app.runners.services import send_acknowledgement_reminders

    make_policy(make_index(f("home_page")), school=f("school"), version="3.0", requires_acknowledgement=True)
    site_request = submitted_request(author=f("staff_user"))
    SitePerson.objects.create(
        request=site_request, role=SiteRole.MODERATOR, name="Pat Volunteer", email="pat@example.net", sort_order=9
    )
    send_acknowledgement_reminders(site_request=site_request, user=f("staff_user"))


def walk_sealed_record(f):
    from forms_app.register.records import seal_and_send_record

    f("signing")
    site_request = approved(f)
    # Run here, in the worker's place, the task the final approval queued: it seals the
    # record, then queues the email (which only the worker run below may deliver).
    queued = DBTaskResult.objects.filter(task_path=seal_and_send_record.module_path, status="READY")
    assert queued.count() == 1
    queued.delete()
    seal_and_send_record.call(request_pk=site_request.pk)


def walk_policy_review_reminder(f):
    from policy.notifications import remind_policy_owners

    owner = UserFactory(username="owner", school=f("school"), roles=[roles.STAFF, roles.POLICY_EDITORS])
    today = datetime.date(2026, 11, 21)
    policy = make_policy(
        make_index(f("home_page")), school=f("school"), owner=owner, next_review_due=today + datetime.timedelta(30)
    )
    remind_policy_owners(policy=policy, today=today)


def walk_policy_acknowledgement_reminder(f):
    f("staff_user")
    make_policy(make_index(f("home_page")), school=f("school"), requires_acknowledgement=True)
    call_command("policy_acknowledgement_reminders", stdout=io.StringIO())


def governed_policy(f, submitter):
    from policy.demo_policies import grant_policy_permissions

    index = make_index(f("home_page"))
    grant_policy_permissions(index)
    policy = make_policy(index, title="Riverside Uniform Policy", school=f("school"))
    policy.title += " (revised)"
    policy.save_revision(user=submitter)
    return policy, policy.get_workflow().start(policy, submitter)


def walk_policy_awaiting_approval(f):
    f("headteacher")
    editor = UserFactory(username="editor-riverside", school=f("school"), roles=[roles.STAFF, roles.POLICY_EDITORS])
    governed_policy(f, editor)


WALKS = {
    "forms_app/emails/submitted": walk_submitted,
    "forms_app/emails/awaiting_final": walk_ict_approval,
    "forms_app/emails/decision": walk_ict_approval,
    "forms_app/emails/final_approval_ict": walk_final_approval,
    "forms_app/emails/step_reached": walk_step_reached,
    "forms_app/emails/named_on_site": walk_final_approval,
    "forms_app/emails/changes_requested_later": walk_changes_requested_later,
    "forms_app/emails/amendment_abandoned": walk_amendment_abandoned,
    "forms_app/emails/approval_reminder": walk_approval_reminders,
    "forms_app/emails/approval_escalation": walk_approval_reminders,
    "forms_app/emails/steps_without_approver": walk_steps_without_approver,
    "forms_app/emails/leaver_escalation": walk_leaver_escalation,
    "forms_app/emails/leaver_register_transfer": walk_leaver_register_transfer,
    "forms_app/emails/register_closure_reminder": walk_register_closure_reminder,
    "forms_app/emails/runner_acknowledgement": walk_runner_acknowledgement,
    "forms_app/emails/sealed_record": walk_sealed_record,
    "policy/emails/review_reminder": walk_policy_review_reminder,
    "policy/emails/acknowledgement_reminder": walk_policy_acknowledgement_reminder,
    "policy/emails/awaiting_approval": walk_policy_awaiting_approval,
}


# --- emails that Django, Wagtail and allauth build themselves ---------------------------------------


def walk_wagtail_workflow_approved(f):
    """Wagtail emails the submitter when the policy they submitted is approved (its own notification)."""
    editor = UserFactory(username="editor-riverside", school=f("school"), roles=[roles.STAFF, roles.POLICY_EDITORS])
    policy, workflow_state = governed_policy(f, editor)
    OutgoingEmail.objects.all().delete()  # only the approval's email is walked here
    workflow_state.current_task_state.approve(user=f("headteacher"))
    return editor.email, "approved"


def walk_password_reset_on_the_site(f):
    """allauth's "Forgotten your password?" on /login/."""
    user = f("staff_user")
    f("client").post(reverse("account_reset_password"), {"email": user.email})
    return user.email, "Password Reset"


def walk_password_reset_in_the_admin(f):
    """Django's password reset form, behind the Wagtail admin's "Forgotten password?"."""
    user = f("headteacher")
    f("client").post("/admin/password_reset/", {"email": user.email})
    return user.email, "Password reset"


def walk_allauth_security_notice(f):
    """allauth's notices (here "password changed"), sent through its adapter like its MFA notices."""
    from allauth.account.adapter import get_adapter
    from allauth.core.context import request_context

    f("settings").ACCOUNT_EMAIL_NOTIFICATIONS = True
    user = f("staff_user")
    with request_context(f("rf").get("/")):
        get_adapter().send_notification_mail("account/email/password_changed", user, email=user.email)
    return user.email, "Password Changed"


def walk_unlock_link(f):
    """The intranet's own "unlock signing in" link, sent with Django's ``send_mail``."""
    from home.accounts.unlock import send_unlock_link

    user = f("staff_user")
    assert send_unlock_link(f("rf").get("/login/"), user)
    return user.email, "Unlock signing in"


def walk_mail_admins(f):
    from django.core.mail import mail_admins

    f("settings").ADMINS = ["operations@example.org"]
    mail_admins("The worker stopped", "Restart intranet-worker.")
    return "operations@example.org", "The worker stopped"


LIBRARY_WALKS = {
    "wagtail workflow approved": walk_wagtail_workflow_approved,
    "password reset on the site (allauth)": walk_password_reset_on_the_site,
    "password reset in the admin (Django)": walk_password_reset_in_the_admin,
    "allauth security notice": walk_allauth_security_notice,
    "mail_admins": walk_mail_admins,
    "sign-in unlock link (send_mail)": walk_unlock_link,
}


# --- the tests ----------------------------------------------------------------------------------


def run_worker() -> None:
    """Run the worker the way production does, until no task is ready (``--batch``)."""
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--queue-name", "*", stdout=io.StringIO())


@pytest.fixture
def database_tasks():
    with use_task_backend("django_tasks_db.DatabaseBackend"):
        yield


def assert_delivered_by_the_worker(emails: list[OutgoingEmail]) -> None:
    """Nothing was sent before the worker ran; the worker sends each of ``emails`` once, as stored."""
    assert emails, "the walk queued no email in the outbox"
    assert mail.outbox == [], "an email was sent before the worker ran: it skipped the outbox"
    assert {email.status for email in emails} == {OutgoingEmail.Status.QUEUED}

    run_worker()

    for email in emails:
        email.refresh_from_db()
        assert email.status == OutgoingEmail.Status.SENT, email.last_error
        delivered = [m for m in mail.outbox if m.subject == email.subject and m.to == email.to]
        assert len(delivered) == 1, f"{email.subject!r} was not delivered exactly once"


def test_every_email_template_has_a_walk():
    kinds = template_kinds()
    assert "forms_app/emails/submitted" in kinds and "policy/emails/review_reminder" in kinds
    missing = sorted(set(kinds) - set(WALKS))
    assert not missing, f"email templates no walk sends (add one to WALKS): {missing}"
    assert not sorted(set(WALKS) - set(kinds)), "a walk names a template that no longer exists"


@pytest.mark.parametrize("kind", template_kinds())
def test_each_templated_email_is_queued_then_delivered_by_the_worker(kind, request, database_tasks):
    walk = WALKS.get(kind)
    if walk is None:
        pytest.fail(f"no walk sends {kind}: add one to WALKS")

    walk(request.getfixturevalue)

    assert_delivered_by_the_worker(list(OutgoingEmail.objects.filter(template=kind)))


@pytest.mark.parametrize("kind", sorted(LIBRARY_WALKS))
def test_each_email_django_wagtail_and_allauth_send_is_queued_then_delivered_by_the_worker(
    kind, request, database_tasks
):
    address, subject_part = LIBRARY_WALKS[kind](request.getfixturevalue)

    emails = [e for e in OutgoingEmail.objects.all() if address in e.to and subject_part in e.subject]
    assert_delivered_by_the_worker(emails)
    assert all(email.template == "" for email in emails)
