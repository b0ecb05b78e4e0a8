"""A request on a form built in the admin stays with its school through Wagtail's own doors, not only the project's.

Riverside's teacher submits "Request access to blocked content"; Hillcrest's Headteacher
(who, as in the demo, may add, edit and publish policies, so Wagtail's workflow reports open
for them), ICT Manager and a member of staff go through every other way Wagtail's admin
reaches the same rows: the workflow reports and their filters and spreadsheets, Site
history, the request snippet's own views (listing, history, usage, workflow history,
revisions, locking, the workflow action modals), the chooser, bulk delete, the dashboard
and the admin search; and the project's own: the evidence pack, the outgoing emails and the
records past retention. None of them may show the request's reference, its author's name or
an answer (rule: ``forms_app.workflow.selectors.requests_visible_to``, issue 29). Where the
door is meant for the request's own school, its Headteacher does see it. The inbox, the
review page and the record page are tested in ``test_engine*.py``.
"""

import io
import zipfile

import pytest
from django.contrib.contenttypes.models import ContentType
from django.contrib.messages import get_messages
from django.urls import reverse
from wagtail.models import Revision

from forms_app.models import SocialMediaSiteRequest
from forms_app.register.records import seal_record
from forms_app.workflow.services import approve_task, submit_request
from home import roles
from policy.demo_policies import grant_policy_permissions
from policy.models import PolicyIndexPage
from tests.factories import UserFactory
from tests.forms_app.built_forms.factories import built_request, complete_blocked_content_answers, make_approval_form
from tests.forms_app.register.conftest import signing, signing_files  # noqa: F401  (fixtures)
from tests.policy.factories import make_index, make_policy

pytestmark = pytest.mark.django_db

AUTHOR_NAME = "Rosalind Quennell"
AUTHOR_USERNAME = "author.riverside"
ANSWERS = ("example.org/volcanoes", "a video of an eruption", "Geography, 3 March")
FORM_TITLE = "Request access to blocked content"


@pytest.fixture
def riverside_request(staff_home, school, headteacher, django_capture_on_commit_callbacks) -> SocialMediaSiteRequest:
    """Riverside's teacher's request on a Headteacher-only built form, awaiting Riverside's Headteacher."""
    form = make_approval_form(staff_home)
    author = UserFactory(username=AUTHOR_USERNAME, first_name="Rosalind", last_name="Quennell", school=school)
    draft = built_request(author=author, form=form, answers=complete_blocked_content_answers(form.current_version()))
    with django_capture_on_commit_callbacks(execute=True):
        return submit_request(site_request=draft, user=author)


@pytest.fixture
def hillcrest(other_school, home_page) -> dict:
    """Hillcrest's Headteacher (with the demo's policy permissions), ICT Manager and a member of staff."""
    grant_policy_permissions(make_index(home_page))
    return {
        "head": UserFactory(username="head.hillcrest", school=other_school, roles=[roles.STAFF, roles.HEADTEACHERS]),
        "ict": UserFactory(username="ict.hillcrest", school=other_school, roles=[roles.STAFF, roles.ICT_MANAGERS]),
        "staff": UserFactory(username="staff.hillcrest", school=other_school, roles=[roles.STAFF]),
    }


def body(response) -> str:
    """What the response shows: its HTML, CSV, or the text inside an XLSX file; plus any message it leaves."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(content)) as workbook:
            content = b"".join(workbook.read(name) for name in workbook.namelist() if name.endswith(".xml"))
    shown = content.decode("utf-8", errors="replace")
    return shown + "".join(str(message) for message in get_messages(response.wsgi_request))


def secrets(site_request) -> tuple[str, ...]:
    return (site_request.reference, AUTHOR_NAME, AUTHOR_USERNAME, *ANSWERS)


def assert_hidden(response, site_request) -> None:
    """Neither the response nor a message it leaves names the request, its author or an answer."""
    shown = body(response)
    leaked = [secret for secret in secrets(site_request) if secret in shown]
    assert not leaked, f"{response.request['PATH_INFO']} shows {leaked}"


def snippet_url(name: str, *args) -> str:
    return reverse(SocialMediaSiteRequest.snippet_viewset.get_url_name(name), args=args)


def chooser_url(name: str, *args) -> str:
    return reverse(SocialMediaSiteRequest.snippet_viewset.chooser_viewset.get_url_name(name), args=args)


# --- Reports → Workflows and Workflow tasks ------------------------------------------------------


def workflow_report_urls(site_request) -> list[str]:
    state = site_request.current_workflow_state
    workflow = f"workflow={state.workflow_id}"
    task = f"task={state.current_task_state.task_id}"
    urls = []
    for name in ("workflow", "workflow_tasks"):
        base = reverse(f"wagtailadmin_reports:{name}")
        results = reverse(f"wagtailadmin_reports:{name}_results")
        urls += [base, results, f"{base}?export=csv", f"{base}?export=xlsx", f"{base}?reviewable=true"]
        urls += [f"{base}?{workflow}", f"{base}?status=in_progress", f"{results}?{workflow}&export=csv"]
    urls += [f"{reverse('wagtailadmin_reports:workflow_tasks')}?{workflow}&{task}"]
    urls += [f"{reverse('wagtailadmin_reports:workflow')}?requested_by={site_request.author_id}"]
    return urls


def test_the_workflow_reports_show_another_schools_people_nothing_of_it(client, riverside_request, hillcrest):
    for user in hillcrest.values():
        client.force_login(user)
        for url in workflow_report_urls(riverside_request):
            assert_hidden(client.get(url), riverside_request)
    # The reports do open for Hillcrest's Headteacher (they may edit policies): the rows are what is checked.
    client.force_login(hillcrest["head"])
    assert client.get(reverse("wagtailadmin_reports:workflow")).status_code == 200
    assert client.get(reverse("wagtailadmin_reports:workflow_tasks")).status_code == 200


def test_the_workflow_reports_requested_by_filter_offers_only_the_requesters_of_its_rows(
    client, riverside_request, hillcrest, other_school
):
    # A Hillcrest policy sent for approval: Hillcrest's Headteacher sees its workflow, so its requester is offered.
    editor = UserFactory(username="editor.hillcrest", school=other_school, roles=[roles.STAFF, roles.POLICY_EDITORS])
    policy = make_policy(PolicyIndexPage.objects.get(), title="Hillcrest Acceptable Use", school=other_school)
    policy.save_revision(user=editor)
    policy.get_workflow().start(policy, editor)

    client.force_login(hillcrest["head"])
    page = client.get(reverse("wagtailadmin_reports:workflow"))
    assert page.status_code == 200
    assert "editor.hillcrest" in page.text
    assert AUTHOR_NAME not in page.text and AUTHOR_USERNAME not in page.text
    # Asking for Riverside's author by typing the address is an invalid choice, said beside the field.
    page = client.get(reverse("wagtailadmin_reports:workflow"), {"requested_by": riverside_request.author_id})
    assert page.status_code == 200
    assert "Select a valid choice" in page.text
    assert AUTHOR_USERNAME not in page.text


def test_the_workflow_reports_do_list_it_where_wagtail_lists_snippets(client, riverside_request, school):
    # Wagtail lists a snippet's workflows to whoever may edit the model: a superuser here.
    # Approvers hold no model permission (forms_app migration 0007), so they see requests in
    # the request inbox instead. This is the proof that the rows checked above would show it.
    client.force_login(UserFactory(username="root", school=school, is_superuser=True, roles=[]))
    for name in ("workflow", "workflow_tasks"):
        assert riverside_request.reference in client.get(reverse(f"wagtailadmin_reports:{name}")).text
        export = client.get(reverse(f"wagtailadmin_reports:{name}"), {"export": "csv"})
        assert riverside_request.reference in body(export)


# --- Reports → Site history ------------------------------------------------------------------------


def site_history_urls(site_request) -> list[str]:
    base = reverse("wagtailadmin_reports:site_history")
    content_type = ContentType.objects.get_for_model(SocialMediaSiteRequest).pk
    return [
        base,
        reverse("wagtailadmin_reports:site_history_results"),
        f"{base}?export=csv",
        f"{base}?export=xlsx",
        f"{base}?object_type={content_type}",
        f"{base}?user={site_request.author_id}",
        f"{base}?label=BC-2026",  # not the whole reference: the page repeats what was asked
        f"{base}?action=wagtail.workflow.start",
    ]


def test_site_history_shows_another_schools_people_none_of_its_entries(client, riverside_request, hillcrest):
    for user in hillcrest.values():
        client.force_login(user)
        for url in site_history_urls(riverside_request):
            assert_hidden(client.get(url), riverside_request)


def test_site_history_shows_its_own_schools_headteacher_its_entries(client, riverside_request, headteacher):
    client.force_login(headteacher)
    page = client.get(reverse("wagtailadmin_reports:site_history"))
    assert riverside_request.reference in page.text
    export = client.get(reverse("wagtailadmin_reports:site_history"), {"export": "csv"})
    assert riverside_request.reference in body(export)


# --- The request snippet's own views, its chooser and bulk delete ---------------------------------


def snippet_doors(site_request) -> list[tuple[str, str, dict]]:
    """(method, url, data) of every Wagtail view of the request snippet that names one request."""
    pk = site_request.pk
    state = site_request.current_workflow_state
    task_state = state.current_task_state.pk
    revision = Revision.objects.for_instance(site_request).order_by("pk").first().pk
    doors = [("get", snippet_url(name), {}) for name in ("list", "list_results", "add")]
    doors += [("get", snippet_url(name, pk), {}) for name in ("edit", "delete", "usage", "history", "history_results")]
    doors += [("get", snippet_url(name, pk), {}) for name in ("workflow_history", "confirm_workflow_cancellation")]
    doors += [
        ("get", snippet_url("review", pk), {}),
        ("get", snippet_url("workflow_history_detail", pk, state.pk), {}),
        ("get", snippet_url("revisions_revert", pk, revision), {}),
        ("get", snippet_url("revisions_compare", pk, "earliest", "latest"), {}),
        ("get", snippet_url("revisions_unschedule", pk, revision), {}),
        ("post", snippet_url("lock", pk), {}),
        ("post", snippet_url("unlock", pk), {}),
        ("post", snippet_url("unpublish", pk), {}),
        ("get", snippet_url("workflow_action", pk, "approve", task_state), {}),
        ("post", snippet_url("workflow_action", pk, "approve", task_state), {"attested": "on"}),
        ("get", snippet_url("collect_workflow_action_data", pk, "approve", task_state), {}),
        ("post", snippet_url("collect_workflow_action_data", pk, "approve", task_state), {"attested": "on"}),
        ("get", chooser_url("choose"), {}),
        ("get", chooser_url("choose_results"), {"q": "BC-2026"}),
        ("get", chooser_url("chosen", pk), {}),
        ("get", reverse("wagtail_bulk_action", args=("forms_app", "socialmediasiterequest", "delete")), {"id": pk}),
        # The project's own admin pages that name requests: the emails sent about them, old records.
        ("get", reverse("outgoing_emails:index"), {"q": "BC-2026"}),
        ("get", reverse("forms_app_records_past_retention"), {"export": "csv"}),
    ]
    return doors


def test_the_request_snippets_views_show_another_schools_people_nothing_of_it(client, riverside_request, hillcrest):
    for user in hillcrest.values():
        client.force_login(user)
        for method, url, data in snippet_doors(riverside_request):
            assert_hidden(getattr(client, method)(url, data), riverside_request)
    riverside_request.refresh_from_db()
    assert riverside_request.locked_by_id is None and riverside_request.status == "awaiting_head"


def test_the_workflow_modals_of_a_decided_request_name_it_to_nobody_of_another_school(
    client, riverside_request, headteacher, hillcrest
):
    # Once decided, Wagtail's modals say "… 'BC-2026-0001' is not currently awaiting moderation".
    task_state = riverside_request.current_workflow_task_state.pk
    approve_task(site_request=riverside_request, user=headteacher, attested=True)
    client.force_login(hillcrest["head"])
    for name in ("workflow_action", "collect_workflow_action_data"):
        for method in ("get", "post"):
            url = snippet_url(name, riverside_request.pk, "approve", task_state)
            assert_hidden(getattr(client, method)(url, {"attested": "on"}), riverside_request)
    assert_hidden(client.get(snippet_url("confirm_workflow_cancellation", riverside_request.pk)), riverside_request)


def test_its_own_schools_headteacher_is_sent_from_either_modal_to_the_review_page(
    client, riverside_request, headteacher
):
    # Both of Wagtail's action modals answer alike: decisions are taken on the review page (issue 25).
    task_state = riverside_request.current_workflow_task_state.pk
    client.force_login(headteacher)
    for name in ("workflow_action", "collect_workflow_action_data"):
        response = client.get(snippet_url(name, riverside_request.pk, "approve", task_state))
        assert response.status_code == 302 and response["Location"] == snippet_url("review", riverside_request.pk)
        assert "review page" in body(response)
    riverside_request.refresh_from_db()
    assert riverside_request.status == "awaiting_head"


def test_the_workflow_cancellation_modal_tells_another_school_nothing_of_its_step(
    client, riverside_request, headteacher, hillcrest
):
    # Wagtail's modal checks no permission: it would tell anyone in the admin which step and chain a request is at.
    client.force_login(hillcrest["head"])
    response = client.get(snippet_url("confirm_workflow_cancellation", riverside_request.pk))
    assert response.status_code == 404
    assert "Headteacher approval" not in response.text
    # Its own school's Headteacher, who reads the request, is told as before.
    client.force_login(headteacher)
    response = client.get(snippet_url("confirm_workflow_cancellation", riverside_request.pk))
    assert "Headteacher approval" in response.json()["html"]


def test_its_own_schools_headteacher_chooses_and_reviews_it(client, riverside_request, headteacher):
    client.force_login(headteacher)
    assert riverside_request.reference in client.get(chooser_url("choose")).text
    assert riverside_request.reference in client.get(chooser_url("chosen", riverside_request.pk)).text
    review = client.get(snippet_url("review", riverside_request.pk)).text
    assert FORM_TITLE in review and AUTHOR_NAME in review and ANSWERS[1] in review


# --- The project's evidence pack -------------------------------------------------------------------


@pytest.mark.usefixtures("signing")
def test_the_evidence_pack_holds_its_sealed_record_for_its_own_school_only(
    client, riverside_request, school, other_school, headteacher, hillcrest
):
    record = seal_record(site_request=approve_task(site_request=riverside_request, user=headteacher, attested=True))
    url = reverse("forms_app_evidence_pack")
    client.force_login(hillcrest["head"])
    page = client.get(url)
    assert page.status_code == 200 and school.name not in page.text  # Riverside is not offered
    assert client.get(url, {"scope": school.pk}).status_code == 404
    assert client.get(url, {"scope": "all"}).status_code == 404
    own = client.get(url, {"scope": other_school.pk})
    with zipfile.ZipFile(io.BytesIO(b"".join(own.streaming_content))) as pack:
        assert f"records/{record.filename}" not in pack.namelist()
        for name in pack.namelist():
            shown = pack.read(name).decode("utf-8", errors="replace")
            assert not [secret for secret in secrets(riverside_request) if secret in shown], name

    client.force_login(headteacher)
    theirs = client.get(url, {"scope": school.pk})
    with zipfile.ZipFile(io.BytesIO(b"".join(theirs.streaming_content))) as pack:
        assert pack.read(f"records/{record.filename}") == record.pdf_bytes()


# --- The dashboard and the admin search -----------------------------------------------------------


def test_the_dashboard_shows_it_only_to_its_own_schools_headteacher(client, riverside_request, headteacher, hillcrest):
    for user in (hillcrest["head"], hillcrest["ict"]):
        client.force_login(user)
        dashboard = client.get(reverse("wagtailadmin_home"))
        assert dashboard.status_code == 200
        assert_hidden(dashboard, riverside_request)
    client.force_login(headteacher)
    dashboard = client.get(reverse("wagtailadmin_home")).text
    assert riverside_request.reference in dashboard and FORM_TITLE in dashboard


def test_the_admin_search_finds_none_of_it_for_another_school(client, riverside_request, hillcrest):
    # Wagtail 8's admin search is the page search with its other areas (images, documents, users);
    # requests are not indexed. Each query is a part of what must not show, as the page repeats the query.
    queries = ("BC-2026", "Quennell", "volcanoes", "eruption", FORM_TITLE)
    for user in hillcrest.values():
        client.force_login(user)
        for query in queries:
            for name in ("wagtailadmin_pages:search", "wagtailadmin_pages:search_results"):
                assert_hidden(client.get(reverse(name), {"q": query}), riverside_request)
