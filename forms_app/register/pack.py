"""The evidence pack: one ZIP answering "show me every official account, who approved it, under which
version of the policy", for a school or the whole trust.

Inside: ``index.html`` (what is inside, for whom, when it was made), the register as
``register.csv`` and ``register.xlsx`` (the register listing's export columns), every sealed
approval record under ``records/``, each site's history (created, live, transfers,
closure) in ``site-history.csv``, and under ``policies/`` the Social Media Policy
revision in force at each approval, as HTML.

The pack is written entry by entry into a ``zipfile`` that writes to any binary stream:
``build_evidence_pack`` writes to a file (a background task can call it), and
``stream_evidence_pack`` yields the bytes as they are made for a
``StreamingHttpResponse``. Rows are read in chunks, so memory does not grow with the
number of sites.
"""

import bisect
import csv
import datetime
import io
import shutil
import tempfile
import zipfile
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, Prefetch
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import PageLogEntry, Revision

from core.files.spreadsheets import uk_local
from home.models import School

from ..models import RegisterEntry, RegisterEntryPerson, SchoolLogEntry, SealedRecord
from .records import LONDON

__all__ = ["build_evidence_pack", "neutralise_cell", "pack_filename", "stream_evidence_pack"]

CHUNK = 200  # rows per query: memory stays flat whatever the number of sites
# OWASP "CSV injection": a cell a spreadsheet would read as a formula starts with one of these.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
HISTORY_COLUMNS = ["Reference", "Account name", "School", "When (Europe/London)", "Action", "What happened", "By"]


def neutralise_cell(value) -> str:
    """Return ``value`` as text that a spreadsheet will not run: a leading = + - @ tab or CR gets a quote."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def pack_filename(*, school_ids: frozenset[int] | None, now: datetime.datetime) -> str:
    """The download's name, e.g. ``evidence-pack-riverside-primary-school-2026-11-29.zip``."""
    if school_ids is None:
        scope = "trust"
    else:
        names = School.objects.filter(pk__in=school_ids).order_by("name").values_list("name", flat=True)
        scope = "-".join(slugify(name) for name in names) or "none"
    return f"evidence-pack-{scope}-{now.astimezone(LONDON):%Y-%m-%d}.zip"


def _entries(school_ids: frozenset[int] | None):
    queryset = RegisterEntry.objects.select_related("school", "platform", "request").prefetch_related(
        Prefetch("people", queryset=RegisterEntryPerson.objects.select_related("user"))
    )
    if school_ids is not None:
        queryset = queryset.filter(school_id__in=school_ids)
    return queryset.order_by("school__name", "request__reference", "pk")


def _export_columns() -> tuple[list[str], list]:
    """The register listing's export columns: headings and one getter per column."""
    from .admin import RegisterEntryAdmin

    admin = RegisterEntryAdmin()
    headings, getters = [], []
    for name in admin.list_export:
        method = getattr(admin, name, None)
        if callable(method):
            headings.append(str(getattr(method, "short_description", name)).capitalize())
            getters.append(method)
        else:
            field = RegisterEntry._meta.get_field(name)
            headings.append(str(field.verbose_name).capitalize())
            getters.append(lambda obj, name=name: getattr(obj, name))
    return headings, getters


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, Model):
        return str(value)
    if isinstance(value, datetime.date):
        return uk_local(value)
    return value


def _register_rows(school_ids) -> Iterator[list]:
    _, getters = _export_columns()
    for entry in _entries(school_ids).iterator(chunk_size=CHUNK):
        yield [_cell(getter(entry)) for getter in getters]


class _CsvBuffer:
    """Lets ``csv.writer`` write one row at a time into the ZIP member as UTF-8."""

    def __init__(self, member):
        self.member = member

    def write(self, text: str) -> int:
        return self.member.write(text.encode("utf-8"))


def _write_csv(archive: zipfile.ZipFile, name: str, headings: list[str], rows: Iterable[list]) -> int:
    count = 0
    with archive.open(name, "w") as member:
        member.write("\ufeff".encode())  # so Excel opens it as UTF-8
        writer = csv.writer(_CsvBuffer(member))
        writer.writerow(headings)
        for row in rows:
            writer.writerow([neutralise_cell(cell) for cell in row])
            count += 1
    return count


def _write_xlsx(archive: zipfile.ZipFile, name: str, headings: list[str], rows: Iterable[list]) -> None:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Register")
    sheet.append(headings)
    for row in rows:
        # Text cells are stored as strings (openpyxl never writes them as formulas once quoted).
        sheet.append([neutralise_cell(cell) if isinstance(cell, str) else cell for cell in row])
    with tempfile.TemporaryFile() as handle:
        workbook.save(handle)
        handle.seek(0)
        with archive.open(name, "w") as member:
            shutil.copyfileobj(handle, member)


def _records(school_ids) -> Iterator[SealedRecord]:
    queryset = SealedRecord.objects.select_related("request").order_by("request__reference", "approval_round")
    if school_ids is not None:
        queryset = queryset.filter(request__school_id__in=school_ids)
    return queryset.iterator(chunk_size=CHUNK)


def _history_rows(school_ids) -> Iterator[list]:
    entries = RegisterEntry.objects.select_related("request", "school")
    if school_ids is not None:
        entries = entries.filter(school_id__in=school_ids)
    by_id = {
        str(pk): (reference, account, school)
        for pk, reference, account, school in entries.values_list(
            "pk", "request__reference", "account_name", "school__name"
        ).iterator(chunk_size=CHUNK)
    }
    logs = SchoolLogEntry.objects.filter(content_type=ContentType.objects.get_for_model(RegisterEntry)).select_related(
        "user"
    )
    if school_ids is not None:
        logs = logs.filter(school_id__in=school_ids)
    for log_entry in logs.order_by("object_id", "timestamp", "pk").iterator(chunk_size=CHUNK):
        site = by_id.get(log_entry.object_id)
        if site is None:
            continue
        yield [
            *site,
            uk_local(log_entry.timestamp),
            log_entry.action,
            str(log_entry.message),
            log_entry.user.get_full_name() if log_entry.user_id and log_entry.user else "",
        ]


def _policies_in_force(school_ids) -> dict[int, list[str]]:
    """The policy revision in force at each approval: ``{revision_id: [request references]}``.

    The revision published most recently before the final approval (from the page's
    publish log); when the log has none, the latest revision saved before it.
    """
    entries = RegisterEntry.objects.filter(request__policy_page__isnull=False)
    if school_ids is not None:
        entries = entries.filter(school_id__in=school_ids)
    approvals = defaultdict(list)
    for page_id, approved_at, reference in entries.values_list(
        "request__policy_page_id", "approved_at", "request__reference"
    ).iterator(chunk_size=CHUNK):
        approvals[page_id].append((approved_at, reference))
    in_force: dict[int, list[str]] = defaultdict(list)
    for page_id, items in approvals.items():
        published = list(
            PageLogEntry.objects.filter(page_id=page_id, action="wagtail.publish", revision__isnull=False)
            .order_by("timestamp")
            .values_list("timestamp", "revision_id")
        )
        saved = list(
            Revision.page_revisions.filter(object_id=str(page_id))
            .order_by("created_at")
            .values_list("created_at", "pk")
        )
        for approved_at, reference in items:
            for history in (published, saved):
                index = bisect.bisect_right([when for when, _ in history], approved_at)
                if index:
                    in_force[history[index - 1][1]].append(reference)
                    break
    return in_force


def _policy_filename(revision: Revision, page) -> str:
    return f"policies/{slugify(page.title)}-revision-{revision.pk}.html"


def _write_pack(archive: zipfile.ZipFile, *, school_ids, generated_by: str, now: datetime.datetime) -> Iterator[None]:
    """Write every member of the pack into ``archive``; yields after each file so a stream can flush."""
    headings, _ = _export_columns()
    site_count = _write_csv(archive, "register.csv", headings, _register_rows(school_ids))
    yield
    _write_xlsx(archive, "register.xlsx", headings, _register_rows(school_ids))
    yield
    records = []
    for record in _records(school_ids):
        name = f"records/{record.filename}"
        with (
            record.pdf.open("rb") as source,
            archive.open(zipfile.ZipInfo(name, _zip_time(record.created_at)), "w") as member,
        ):
            shutil.copyfileobj(source, member)
        records.append(name)
        yield
    history_count = _write_csv(archive, "site-history.csv", HISTORY_COLUMNS, _history_rows(school_ids))
    yield
    policies = []
    for revision_id, references in sorted(_policies_in_force(school_ids).items()):
        revision = Revision.objects.filter(pk=revision_id).first()
        if revision is None:
            continue
        page = revision.as_object()
        name = _policy_filename(revision, page)
        html = render_to_string(
            "forms_app/records/pack_policy.html", {"page": page, "revision": revision, "references": references}
        )
        archive.writestr(name, html)
        policies.append({"name": name, "page": page, "revision": revision, "references": references})
        yield
    schools = None if school_ids is None else list(School.objects.filter(pk__in=school_ids).order_by("name"))
    index = render_to_string(
        "forms_app/records/pack_index.html",
        {
            "schools": schools,
            "generated_at": now.astimezone(LONDON),
            "generated_by": generated_by,
            "site_count": site_count,
            "history_count": history_count,
            "records": records,
            "policies": policies,
        },
    )
    archive.writestr("index.html", index)
    yield


def _zip_time(when: datetime.datetime) -> tuple:
    return when.astimezone(LONDON).timetuple()[:6]


def _archive(out: BinaryIO) -> zipfile.ZipFile:
    # PDFs are already compressed; text compresses well. Deflate everything for simplicity.
    return zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6)


def build_evidence_pack(
    *,
    school_ids: frozenset[int] | None,
    out: BinaryIO,
    generated_by: str = "",
    now: datetime.datetime | None = None,
) -> None:
    """Write the evidence pack of the schools ``school_ids`` (None: the whole trust) as a ZIP into ``out``.

    ``out`` is any writable binary file (seekable or not); ``generated_by`` names who
    asked, for the index; ``now`` (aware, default now) is when it was made. Callers check
    access first (``home.selectors.overseen_school_ids``). For a background task: open a
    file, call this, then hand the file to the user.
    """
    with _archive(out) as archive:
        for _ in _write_pack(archive, school_ids=school_ids, generated_by=generated_by, now=now or timezone.now()):
            pass


class _Chunks(io.RawIOBase):
    """A write-only stream that keeps what was written until the generator takes it."""

    def __init__(self):
        self.parts: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self.parts.append(bytes(data))
        return len(data)

    def take(self) -> bytes:
        data, self.parts = b"".join(self.parts), []
        return data


def stream_evidence_pack(
    *, school_ids: frozenset[int] | None, generated_by: str = "", now: datetime.datetime | None = None
) -> Iterator[bytes]:
    """Yield the evidence pack's ZIP bytes as they are made (for a ``StreamingHttpResponse``).

    Same contents as ``build_evidence_pack``; at most one member's compressed bytes are
    held at a time.
    """
    buffer = _Chunks()
    with _archive(buffer) as archive:
        for _ in _write_pack(archive, school_ids=school_ids, generated_by=generated_by, now=now or timezone.now()):
            data = buffer.take()
            if data:
                yield data
    data = buffer.take()
    if data:
        yield data
