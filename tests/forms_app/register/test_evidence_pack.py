"""The evidence pack: one ZIP of the register, sealed records, site history and policy versions."""

import csv
import datetime
import io
import zipfile

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from forms_app.models import RegisterEntry
from forms_app.register.pack import build_evidence_pack, neutralise_cell
from forms_app.register.services import close_entry, mark_entry_live
from home import roles
from tests.factories import UserFactory
from tests.policy.factories import make_index, make_policy, section

pytestmark = pytest.mark.django_db

PACK_URL = "forms_app_evidence_pack"


def download(client, scope) -> zipfile.ZipFile:
    response = client.get(reverse(PACK_URL), {"scope": scope})
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def read_csv(archive, name) -> list[dict]:
    return list(csv.DictReader(io.StringIO(archive.read(name).decode("utf-8-sig"))))


@pytest.fixture
def policy_page(home_page, approved_request, time_machine):
    """The Social Media Policy, version 2026.2 in force at approval; version 2027.1 published afterwards."""
    time_machine.move_to(timezone.now() - datetime.timedelta(days=2))
    page = make_policy(make_index(home_page), version="2026.2")
    in_force = page.live_revision_id
    time_machine.move_to(timezone.now() + datetime.timedelta(days=1))
    RegisterEntry.objects.filter(request=approved_request).update(approved_at=timezone.now())
    type(approved_request).objects.filter(pk=approved_request.pk).update(policy_page=page)
    time_machine.move_to(timezone.now() + datetime.timedelta(days=1))
    page.version = "2027.1"
    page.body = [section("1", "Purpose", ("1.1", "Rewritten after approval."))]
    page.save_revision().publish()
    page.in_force_revision_id = in_force
    return page


def test_a_schools_pack_matches_the_register_at_that_moment(
    client, sealed, entry, other_entry, policy_page, headteacher, ict_manager
):
    mark_entry_live(entry=entry, user=ict_manager, url="https://x.com/riversidepe")
    client.force_login(headteacher)

    archive = download(client, headteacher.school_id)
    names = set(archive.namelist())

    rows = read_csv(archive, "register.csv")
    assert [row["Reference"] for row in rows] == [entry.request.reference]  # not the other school's
    assert rows[0]["Account name"] == "Riverside PE"
    assert rows[0]["Status"] == "Live"
    assert rows[0]["Administrators"] == "Asha Patel; Ben Okafor"
    sheet = load_workbook(io.BytesIO(archive.read("register.xlsx")), read_only=True).active
    sheet_rows = list(sheet.iter_rows(values_only=True))
    assert list(sheet_rows[0]) == list(rows[0].keys())
    assert sheet_rows[1][0] == entry.request.reference
    assert f"records/{sealed.filename}" in names
    assert archive.read(f"records/{sealed.filename}") == sealed.pdf_bytes()
    history = read_csv(archive, "site-history.csv")
    assert [h["Action"] for h in history] == [
        "forms_app.register.create",
        "forms_app.register.sealed",
        "forms_app.register.mark_live",
    ]
    assert all(h["Reference"] == entry.request.reference for h in history)
    policy_files = [name for name in names if name.startswith("policies/")]
    assert policy_files == [f"policies/social-media-policy-revision-{policy_page.in_force_revision_id}.html"]
    policy_html = archive.read(policy_files[0]).decode()
    assert entry.request.reference in policy_html
    assert "2026.2" in policy_html and "Staff keep pupils safe online." in policy_html
    assert "Rewritten after approval." not in policy_html
    index = archive.read("index.html").decode()
    assert "Riverside Primary School" in index and "register.csv" in index and sealed.filename in index


def test_a_trust_administrator_gets_every_school_in_one_pack(client, entry, other_entry, trust_admin):
    client.force_login(trust_admin)

    archive = download(client, "all")

    references = {row["Reference"] for row in read_csv(archive, "register.csv")}
    assert references == {entry.request.reference, other_entry.request.reference}
    assert "the whole trust" in archive.read("index.html").decode()


def test_a_closed_site_shows_its_closure_in_the_history(entry, ict_manager):
    mark_entry_live(entry=entry, user=ict_manager, url="https://x.com/riversidepe")
    close_entry(entry=entry, user=ict_manager, closed_on=datetime.date.today(), reason="End of the season")
    out = io.BytesIO()

    build_evidence_pack(school_ids=frozenset({entry.school_id}), out=out)

    history = read_csv(zipfile.ZipFile(out), "site-history.csv")
    assert history[-1]["Action"] == "forms_app.register.close"
    assert "End of the season" in history[-1]["What happened"]


def test_another_schools_headteacher_gets_not_found(client, entry, other_school, school):
    client.force_login(UserFactory(username="o-head", school=other_school, roles=[roles.STAFF, roles.HEADTEACHERS]))

    assert client.get(reverse(PACK_URL), {"scope": school.pk}).status_code == 404
    assert client.get(reverse(PACK_URL), {"scope": "all"}).status_code == 404
    assert client.get(reverse(PACK_URL), {"scope": other_school.pk}).status_code == 200


def test_staff_without_oversight_get_no_pack(client, entry, staff_user, school):
    client.force_login(staff_user)

    assert client.get(reverse(PACK_URL), {"scope": school.pk}).status_code in (302, 404)  # no admin access at all


def test_the_menu_offers_the_pack_to_approvers(client, entry, headteacher):
    client.force_login(headteacher)

    html = client.get(reverse(PACK_URL)).content.decode()

    assert "Download the evidence pack" in html
    assert "Riverside Primary School" in html
    assert "The whole trust" not in html


@pytest.mark.parametrize("value", ['=HYPERLINK("x")', "+1", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_formula_cells_are_neutralised(value):
    assert neutralise_cell(value) == "'" + value


def test_a_formula_typed_in_the_register_reaches_the_csv_as_text(entry):
    RegisterEntry.objects.filter(pk=entry.pk).update(notes='=HYPERLINK("http://evil")')
    out = io.BytesIO()

    build_evidence_pack(school_ids=frozenset({entry.school_id}), out=out)

    rows = read_csv(zipfile.ZipFile(out), "register.csv")
    assert rows[0]["Notes"] == '\'=HYPERLINK("http://evil")'


def test_the_register_listing_links_to_the_pack(client, entry, ict_manager):
    client.force_login(ict_manager)

    html = client.get(reverse("forms_app_registerentry_modeladmin_index")).content.decode()

    assert reverse(PACK_URL) in html


def test_the_pack_page_leads_to_the_check_page(client, entry, headteacher):
    client.force_login(headteacher)

    html = client.get(reverse(PACK_URL)).content.decode()

    assert reverse("verify_record") in html
