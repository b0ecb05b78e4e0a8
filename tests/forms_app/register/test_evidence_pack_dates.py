"""The evidence pack's CSV and Excel files write UK local dates and times, as every export does."""

import csv
import io
import re
import zipfile

import pytest

from core.files.spreadsheets import uk_local
from forms_app.models import SchoolLogEntry
from forms_app.register.pack import build_evidence_pack

pytestmark = pytest.mark.django_db

UK_DATE_TIME = re.compile(r"^\d{1,2} [A-Z][a-z]+ \d{4} \d{2}:\d{2}$")


def test_site_history_in_the_pack_is_in_uk_local_time(entry):
    out = io.BytesIO()
    build_evidence_pack(school_ids=None, out=out)
    archive = zipfile.ZipFile(out)
    rows = list(csv.reader(io.StringIO(archive.read("site-history.csv").decode("utf-8-sig"))))
    when = rows[1][3]
    assert UK_DATE_TIME.match(when), when
    assert when in {uk_local(stamp) for stamp in SchoolLogEntry.objects.values_list("timestamp", flat=True)}
    register = list(csv.DictReader(io.StringIO(archive.read("register.csv").decode("utf-8-sig"))))
    for value in register[0].values():
        assert not re.match(r"^\d{4}-\d{2}-\d{2}", value), value
