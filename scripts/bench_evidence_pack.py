"""Benchmark the evidence pack: time and peak Python memory for a school with 200 sites and a trust
with 2,000, in a throwaway SQLite database.

    .venv/bin/python scripts/bench_evidence_pack.py [--sites-per-school 200] [--schools 10]

Builds its own data with bulk inserts (schools, staff, approved requests, register entries with
four people each, three history events each, and one sealed PDF per site, a real signed PDF
copied under distinct names), then builds the school's pack with ``build_evidence_pack`` into a
file and streams the trust's with ``stream_evidence_pack``. Each is timed without tracing, then
run again under ``tracemalloc`` for the peak. Prints one line per measurement and deletes its
database and files. Not a test.
"""

import argparse
import datetime
import os
import shutil
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="bench-evidence-pack-"))
os.environ["DATABASE_URL"] = f"sqlite:///{WORK / 'bench.sqlite3'}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "intranet.settings.test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402

from forms_app.constants import ApprovalStep, DecisionOutcome, RequestStatus, SiteRole  # noqa: E402
from forms_app.models import (  # noqa: E402
    ApprovalDecision,
    Platform,
    RegisterEntry,
    RegisterEntryPerson,
    RegisterStatus,
    SchoolLogEntry,
    SealedRecord,
    SocialMediaSiteRequest,
)
from forms_app.register.pack import build_evidence_pack, stream_evidence_pack  # noqa: E402
from forms_app.register.records import seal_pdf  # noqa: E402
from forms_app.register.signing_certificates import write_self_signed_certificate  # noqa: E402
from home.models import School, User  # noqa: E402


def sample_pdf() -> bytes:
    """A three-page signed PDF, the size of a real sealed record."""
    import weasyprint
    from pyhanko.sign import signers

    write_self_signed_certificate(key_path=WORK / "k.pem", cert_path=WORK / "c.pem", common_name="Bench")
    paragraphs = "".join(f"<h2>Section {n}</h2><p>{'Answer text of the approval form. ' * 40}</p>" for n in range(12))
    pdf = weasyprint.HTML(string=f"<h1>Approval record</h1>{paragraphs}").write_pdf()
    return seal_pdf(pdf, signer=signers.SimpleSigner.load(str(WORK / "k.pem"), str(WORK / "c.pem")))


def build_data(*, schools: int, per_school: int) -> list[School]:
    now = timezone.now()
    platform = Platform.objects.first()
    school_rows = School.objects.bulk_create(
        School(name=f"Bench School {n:02d}", slug=f"bench-{n:02d}") for n in range(schools)
    )
    users = User.objects.bulk_create(
        User(username=f"bench-{s.pk}-{n}", first_name=f"Person{n}", last_name=f"School{s.pk}", school=s)
        for s in school_rows
        for n in range(6)
    )
    by_school = {}
    for user in users:
        by_school.setdefault(user.school_id, []).append(user)
    requests = []
    for school in school_rows:
        staff = by_school[school.pk]
        for n in range(per_school):
            requests.append(
                SocialMediaSiteRequest(
                    school=school,
                    author=staff[0],
                    status=RequestStatus.APPROVED,
                    reference=f"SM-B{school.pk:02d}-{n:05d}",
                    account_name=f"{school.name} club {n}",
                    aims="Share news with families.",
                    platform=platform,
                    go_live_date=datetime.date(2026, 1, 10),
                    closure_date=datetime.date(2027, 7, 20),
                    submitted_at=now,
                )
            )
    requests = SocialMediaSiteRequest.objects.bulk_create(requests, batch_size=500)
    ApprovalDecision.objects.bulk_create(
        (
            ApprovalDecision(
                request=r,
                step=ApprovalStep.HEADTEACHER,
                outcome=DecisionOutcome.APPROVED,
                approver=by_school[r.school_id][1],
                approver_name="Head",
                decided_at=now,
            )
            for r in requests
        ),
        batch_size=500,
    )
    entries = RegisterEntry.objects.bulk_create(
        (
            RegisterEntry(
                request=r,
                school_id=r.school_id,
                platform=platform,
                account_name=r.account_name,
                status=RegisterStatus.LIVE,
                url="https://example.org/club",
                closure_date=r.closure_date,
                approved_at=now,
                approved_by=by_school[r.school_id][1],
                notes="=SUM(A1:A9)",
            )
            for r in requests
        ),
        batch_size=500,
    )
    RegisterEntryPerson.objects.bulk_create(
        (
            RegisterEntryPerson(
                entry=e, role=role, user=by_school[e.school_id][2 + n + (2 if role == "moderator" else 0)]
            )
            for e in entries
            for role in (SiteRole.ADMINISTRATOR, SiteRole.MODERATOR)
            for n in range(2)
        ),
        batch_size=1000,
    )
    content_type = ContentType.objects.get_for_model(RegisterEntry)
    SchoolLogEntry.objects.bulk_create(
        (
            SchoolLogEntry(
                content_type=content_type,
                object_id=str(e.pk),
                school_id=e.school_id,
                action=action,
                label=e.account_name,
                timestamp=now,
                data={"url": "https://example.org/club", "reference": "x"},
            )
            for e in entries
            for action in ("forms_app.register.create", "forms_app.register.sealed", "forms_app.register.mark_live")
        ),
        batch_size=1000,
    )
    pdf = sample_pdf()
    storage_root = Path(settings.STORAGES["sealed_records"]["OPTIONS"]["location"])
    records = []
    for r in requests:
        name = f"{r.school_id}/{r.reference}-1.pdf"
        (storage_root / str(r.school_id)).mkdir(parents=True, exist_ok=True)
        (storage_root / name).write_bytes(pdf)
        records.append(
            SealedRecord(
                request=r,
                approval_round=1,
                pdf=name,
                sha256=f"{r.pk:064x}",
                size=len(pdf),
                certificate_sha256="0" * 64,
                approved_at=now,
            )
        )
    SealedRecord.objects.bulk_create(records, batch_size=500)
    print(f"data: {len(school_rows)} schools, {len(entries)} sites, one {len(pdf) // 1024} KB sealed PDF each")
    return school_rows


def measure(label: str, run) -> None:
    started = time.perf_counter()
    size = run()
    elapsed = time.perf_counter() - started
    tracemalloc.start()
    run()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"{label}: {elapsed:.2f} s, peak Python memory {peak / 2**20:.1f} MiB (tracemalloc), ZIP {size / 2**20:.1f} MiB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schools", type=int, default=10)
    parser.add_argument("--sites-per-school", type=int, default=200)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    schools = build_data(schools=args.schools, per_school=args.sites_per_school)
    out = WORK / "pack.zip"

    def school_pack() -> int:
        with out.open("wb") as handle:
            build_evidence_pack(school_ids=frozenset({schools[0].pk}), out=handle)
        return out.stat().st_size

    def trust_pack() -> int:
        size = 0
        with out.open("wb") as handle:
            for chunk in stream_evidence_pack(school_ids=None):
                handle.write(chunk)
                size += len(chunk)
        return size

    measure(f"school pack ({args.sites_per_school} sites, build_evidence_pack to a file)", school_pack)
    measure(f"trust pack ({args.schools * args.sites_per_school} sites, streamed)", trust_pack)
    shutil.rmtree(WORK, ignore_errors=True)
    shutil.rmtree(settings.STORAGES["sealed_records"]["OPTIONS"]["location"], ignore_errors=True)


if __name__ == "__main__":
    main()
