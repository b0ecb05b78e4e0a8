"""Policy page types: where they go, what a reader sees (contents, dates, overdue notice), filters."""

import datetime

import pytest
from wagtail.test.utils import WagtailPageTestCase

from home.models import HomePage, StaffHomePage
from policy.models import PolicyCategory, PolicyIndexPage, PolicyPage
from tests.factories import TEST_PASSWORD

from .factories import make_policy, section


class TestPolicyPageTree(WagtailPageTestCase):
    def test_policy_indexes_sit_on_the_home_page_or_in_the_staff_area(self):
        self.assertAllowedParentPageTypes(PolicyIndexPage, {HomePage, StaffHomePage})

    def test_policies_live_in_an_index_and_have_no_children(self):
        self.assertAllowedParentPageTypes(PolicyPage, {PolicyIndexPage})
        self.assertAllowedSubpageTypes(PolicyPage, set())


@pytest.mark.django_db
def test_policy_page_shows_contents_dates_and_keeps_clause_numbers(client, policy_index):
    policy = make_policy(
        policy_index,
        title="Online Safety Policy",
        last_reviewed=datetime.date(2025, 1, 1),
        version="3.1",
        lead_member_of_staff="Designated Safeguarding Lead",
        body=[
            section("1", "Scope", ("1.1", "Applies to all staff.")),
            (
                "appendix",
                {
                    "number": "Appendix A",
                    "heading": "Checklist",
                    "content": [section("A.1", "Before posting", ("A.1.1", "Check the photo consent list."))],
                },
            ),
        ],
    )

    html = client.get(policy.url).content.decode()

    assert html.count("<h1") == 1
    assert '<nav class="policy-toc" aria-labelledby="contents-heading">' in html
    assert 'href="#section-1-scope"' in html and 'id="section-1-scope"' in html
    assert 'href="#section-a-1-before-posting"' in html and '<h3 id="section-a-1-before-posting">' in html
    assert '<span class="policy-clause-number">A.1.1</span>' in html
    assert "<dt>Last reviewed</dt><dd>1 January 2025</dd>" in html
    assert "<dt>Next review due</dt><dd>1 January 2027</dd>" in html
    assert "Designated Safeguarding Lead" in html and "3.1" in html
    assert 'media="print"' in html and "policy-print.css" in html


@pytest.mark.django_db
def test_overdue_notice_is_for_signed_in_staff_only(client, policy_index, staff_user):
    policy = make_policy(policy_index, title="Old Policy", last_reviewed=datetime.date(2020, 1, 1))

    assert "Overdue for review" not in client.get(policy.url).content.decode()
    client.login(username=staff_user.username, password=TEST_PASSWORD)
    assert "Overdue for review" in client.get(policy.url).content.decode()


@pytest.mark.django_db
def test_index_lists_a_to_z_and_filters_by_school_and_category(client, policy_index, school, other_school):
    make_policy(policy_index, title="Behaviour Policy", slug="b", school=school, category=PolicyCategory.BEHAVIOUR)
    make_policy(policy_index, title="Anti-bullying Policy", slug="a", category=PolicyCategory.BEHAVIOUR)
    make_policy(
        policy_index, title="Charging Policy", slug="c", school=other_school, category=PolicyCategory.GOVERNANCE
    )

    html = client.get(policy_index.url).content.decode()
    assert html.index("Anti-bullying Policy") < html.index("Behaviour Policy") < html.index("Charging Policy")
    assert 'id="letter-A"' in html and 'for="id_school"' in html and 'for="id_category"' in html

    riverside = client.get(policy_index.url, {"school": school.slug}).content.decode()
    assert "Behaviour Policy" in riverside and "Charging Policy" not in riverside
    assert "Anti-bullying Policy" not in riverside
    trust_wide = client.get(policy_index.url, {"school": "trust"}).content.decode()
    assert "Anti-bullying Policy" in trust_wide and "Behaviour Policy" not in trust_wide
    governance = client.get(policy_index.url, {"category": "governance"}).content.decode()
    assert "Charging Policy" in governance and "Behaviour Policy</a>" not in governance


@pytest.mark.django_db
def test_editors_can_open_an_imported_policy_in_the_page_editor(client, policy_index, tmp_path, django_user_model):
    from django.core.management import call_command

    source = tmp_path / "code-of-conduct.md"
    source.write_text("# Code of Conduct\n\n## 1.0 SCOPE\n\n1.1 Applies to all staff.\n\n- Be kind.\n  - Always.\n")
    call_command("import_policy", str(source), stdout=None)
    page = PolicyPage.objects.get(import_source="code-of-conduct.md")
    admin = django_user_model.objects.create_superuser("boss", "boss@example.org", TEST_PASSWORD)
    client.force_login(admin)

    assert client.get(f"/admin/pages/{page.pk}/edit/").status_code == 200
    assert client.get(f"/admin/pages/add/policy/policypage/{policy_index.pk}/").status_code == 200


@pytest.mark.django_db
def test_recording_a_review_in_the_editor_moves_the_next_review_date(client, policy_index, django_user_model):
    from wagtail.test.utils.form_data import querydict_from_html

    policy = make_policy(policy_index, title="Old Policy", last_reviewed=datetime.date(2020, 1, 1))
    assert policy.next_review_due == datetime.date(2022, 1, 1)
    admin = django_user_model.objects.create_superuser("boss", "boss@example.org", TEST_PASSWORD)
    client.force_login(admin)
    edit_url = f"/admin/pages/{policy.pk}/edit/"

    def form_data():
        data = querydict_from_html(client.get(edit_url).content.decode(), form_id="page-edit-form")
        data["body-count"] = "0"  # the StreamField editor is drawn by JavaScript; an empty body will do here
        return data

    data = form_data()
    data["last_reviewed"] = "2026-03-01"
    response = client.post(edit_url, data)
    assert response.status_code == 302, response.content.decode()[:500]
    draft = PolicyPage.objects.get(pk=policy.pk).get_latest_revision_as_object()
    assert draft.next_review_due == datetime.date(2028, 3, 1)

    data = form_data()
    data["next_review_due"] = "2026-12-31"
    client.post(edit_url, data)
    draft = PolicyPage.objects.get(pk=policy.pk).get_latest_revision_as_object()
    assert draft.next_review_due == datetime.date(2026, 12, 31), "a date the editor types in is kept"


@pytest.mark.django_db
def test_tables_definitions_and_document_downloads_render(client, policy_index):
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    document = get_document_model().objects.create(
        title="Request form", file=ContentFile(b"%PDF-1.4 form", name="request-form.pdf")
    )
    policy = make_policy(
        policy_index,
        title="Forms Policy",
        body=[
            (
                "section",
                {
                    "number": "1",
                    "heading": "Forms",
                    "content": [
                        ("document", {"document": document, "title": "", "description": "Print it."}),
                        ("definitions", {"items": [{"term": "Moderator", "definition": "<p>Checks comments.</p>"}]}),
                        (
                            "table",
                            {
                                "caption": "Who does what",
                                "table": {
                                    "data": [["Role", "Task"], ["ICT Manager", "Checks security"]],
                                    "first_row_is_table_header": True,
                                    "first_col_is_header": False,
                                },
                            },
                        ),
                    ],
                },
            )
        ],
    )

    html = client.get(policy.url).content.decode()

    assert f'href="{document.url}" download>Request form</a>' in html and "(PDF" in html
    assert "<dt>Moderator</dt>" in html
    assert "Who does what" in html
    assert '<th scope="col"' in html and "<td" in html and "ICT Manager" in html
