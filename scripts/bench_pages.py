"""Benchmark the intranet's pages at trust scale under gunicorn, next to a bare Django view.

    make bench        # or: .venv/bin/python scripts/bench_pages.py [--seconds 10] [--scale 10] [--keep-data]

Builds a throwaway PostgreSQL database (``BENCH_DATABASE_URL``, default
``postgres://postgres@127.0.0.1:5432/intranet_bench``; dropped and created again each run)
with the demo content and ``manage.py build_scale_data --scale N`` (at 1: 50 schools, 5,000
staff, 20,000 requests, 8,000 register entries, 1,000 policies, 200 guidance pages; ``--scale
10`` ten times each; built with the development settings, since the production ones refuse
the demo content's published password), collects the static files, then serves the production settings with
gunicorn (2 sync workers) on loopback, with the shared Redis cache when one answers on
``BENCH_REDIS_URL`` (default ``redis://127.0.0.1:6379/15``). A bare Django view returning 30
KB runs under the same gunicorn settings beside it (``scripts/bench_bare.py``).

Load comes from ``wrk`` (Debian package ``wrk``) when it is installed: the Python client
tops out near 2,600 req/s on loopback, so on fast pages it measures itself, not the server;
without wrk it is used all the same, with a warning. Every row (the bare view, every page
rendered on a server with ``PUBLIC_PAGE_CACHE_SECONDS=0``, then the anonymous public pages
on a server with the public page cache on) gets ``--warmup`` seconds of load, not counted,
then ``--seconds`` (default 10) from ``--concurrency`` connections; the rows are measured in
``--rounds`` interleaved rounds (default 3), each starting with the load average printed, and
the table gives each figure's median: requests a second, the 50th, 95th and 99th percentile
times in milliseconds, and the database queries one request makes (counted in-process with
Django's test client on the same database, the page cache off). Every rate is then given as a
share of the bare view's. Signed-in pages use sessions made with Django's session store;
admin roles' sessions carry a second-factor record, as allauth writes it at sign-in. The
rendering server's workers' resident memory is printed after start-up and after the benchmark.

``--cached-only`` loads only the bare view and the cached rows, for a quicker comparison of the
two (the public page cache's hits are answered before Django, ``core.http.page_cache_wsgi``).

``--compare NAME=URL`` (repeatable) adds a page served by another server on this machine,
say a reference Wagtail site, loaded in the same interleaved rounds as the rows above; the
table then gives each dashboard's req/s as a ratio of that page's, medians and round by
round. The script neither starts nor configures that server: its settings, data, workers
and database are whatever whoever started it chose, and the report says so.

Without a reachable PostgreSQL server it prints why and exits 0. A benchmark, not a test:
it prints figures and asserts nothing; ``make test`` and CI never run it. The database,
server and load-client helpers and the table printing are in ``scripts/bench_support.py``.
"""

import argparse
import json
import os
import secrets
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

from bench_support import (
    HOST,
    PYTHON,
    ROOT,
    free_port,
    fresh_database,
    gunicorn,
    load,
    load_generator,
    median_figures,
    print_row,
    print_table_header,
    redis_flushed,
    run,
    scale_data_present,
    status_of,
    worker_memory_mib,
)


def prepare() -> None:
    """(Run inside the production settings.) Print JSON: each page's path, cookie and query count."""
    import django

    django.setup()
    from allauth.account.internal.flows.login import record_authentication
    from django.conf import settings
    from django.contrib.auth import login
    from django.contrib.sessions.backends.base import SessionBase
    from django.db import connection
    from django.test import Client, RequestFactory
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from django.utils.module_loading import import_string

    from forms_app.constants import RequestStatus
    from forms_app.models import SocialMediaSiteRequest
    from forms_app.request_form.steps import STEPS
    from home.models import User
    from policy.models import ParentGuidancePage, PolicyIndexPage, PolicyPage

    store: type[SessionBase] = import_string(f"{settings.SESSION_ENGINE}.SessionStore")

    def cookie_for(username: str, *, second_factor: bool) -> str:
        user = User.objects.get(username=username)
        request = RequestFactory().get("/", REMOTE_ADDR=HOST)
        request.session = store()
        login(request, user, backend="home.accounts.backends.SignInBackend")
        if second_factor:
            record_authentication(request, user, "mfa", type="totp", reauthenticated=False)
        request.session.save()
        return f"{settings.SESSION_COOKIE_NAME}={request.session.session_key}"

    staff, ict, head = "scale-01.005", "scale-01.000", "scale-01.001"
    staff_user = User.objects.get(username=staff)
    draft = SocialMediaSiteRequest.objects.filter(author=staff_user, status=RequestStatus.DRAFT).first()
    if draft is None:
        draft = SocialMediaSiteRequest.objects.filter(status=RequestStatus.DRAFT, school=staff_user.school).first()
        staff_user = draft.author
        staff = staff_user.username
    approved = SocialMediaSiteRequest.objects.filter(status=RequestStatus.APPROVED, author=staff_user).first()
    cookies = {
        "": "",
        "staff": cookie_for(staff, second_factor=False),
        "ict": cookie_for(ict, second_factor=True),
        "head": cookie_for(head, second_factor=True),
        "trust": cookie_for("ceo", second_factor=True),
    }
    public_index = PolicyIndexPage.objects.live().public().order_by("depth", "pk").first()
    policy = PolicyPage.objects.live().public().filter(slug__startswith="scale-policy").order_by("pk").first()
    guidance = ParentGuidancePage.objects.live().filter(slug__startswith="scale-guidance").order_by("pk").first()
    register = reverse("forms_app_registerentry_modeladmin_index")
    # (label, path, who, a public Wagtail page that anonymous visitors get from the page cache)
    pages = [
        ("Policy index (anonymous)", public_index.url, "", True),
        ("Register, one school (ICT Manager)", register, "ict", False),
        ("Register, trust-wide (CEO)", register, "trust", False),
        ("Search 'moderators' (anonymous)", "/search/?q=moderators", "", False),
        ("Search 'moderators' (staff)", "/search/?q=moderators", "staff", False),
        ("Dashboard (ICT Manager)", "/admin/", "ict", False),
        ("Dashboard (Headteacher)", "/admin/", "head", False),
        ("Dashboard (CEO)", "/admin/", "trust", False),
        ("Staff home", "/staff/", "staff", False),
        (
            "Form step",
            reverse("forms_app:step", kwargs={"public_id": draft.public_id, "slug": STEPS[1].slug}),
            "staff",
            False,
        ),
        ("My requests", reverse("forms_app:my_requests"), "staff", False),
        ("Approval record", reverse("approval_record", args=[approved.public_id]), "staff", False)
        if approved
        else None,
        ("Long policy page (anonymous)", policy.url, "", True),
        ("Guidance page (anonymous)", guidance.url if guidance else "/", "", True),
        ("Home page (anonymous)", "/", "", True),
    ]
    rows = []
    for page in filter(None, pages):
        label, path, who, public = page
        client = Client(HTTP_HOST=HOST, HTTP_X_FORWARDED_PROTO="https")
        if cookies[who]:
            name, value = cookies[who].split("=", 1)
            client.cookies[name] = value
        client.get(path)
        with CaptureQueriesContext(connection) as captured:
            status = client.get(path).status_code
        rows.append(
            {
                "label": label,
                "path": path,
                "cookie": cookies[who],
                "queries": len(captured),
                "status": status,
                "public": public,
            }
        )
    print(json.dumps(rows))


def external_rows(specs: list[str]) -> list[dict]:
    """Return a plan row for each ``--compare NAME=URL``, after checking its server answers.

    Exits with a sentence when a spec is not ``NAME=http://127.0.0.1:PORT/path`` (a server
    on loopback: a remote one's figures would include the network) or its page does not
    answer 200.
    """
    rows = []
    for spec in specs:
        name, _, url = spec.partition("=")
        parts = urlsplit(url)
        if not name or parts.scheme != "http" or parts.hostname not in {HOST, "localhost"} or not parts.port:
            sys.exit(f"--compare {spec!r}: give NAME=http://{HOST}:PORT/path, a page served on this machine.")
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        status = status_of(parts.port, path)
        if status != 200:
            sys.exit(f"--compare {spec!r}: {url} answered {status}, not 200; start its server first.")
        rows.append({"label": f"{name} [external]", "port": parts.port, "path": path, "cookie": "", "queries": "-"})
    return rows


def print_comparison(plan: list[dict], figures: dict[str, list[dict]], medians: dict[str, dict]) -> None:
    """Print each dashboard row's req/s as a ratio of each external row's: of the medians, then round by round."""
    external = [row["label"] for row in plan if row["label"].endswith("[external]")]
    dashboards = [row["label"] for row in plan if row["label"].startswith("Dashboard")]
    if not external:
        return
    print(
        "\nDashboards against the external pages (req/s ratio, > 1 is faster; medians, then each round).\n"
        "The external servers were set up by whoever ran this benchmark, not by this script: their\n"
        "settings, data, workers, database and cache are theirs to make comparable."
    )
    for other in external:
        for label in dashboards:
            pairs = zip(figures[label], figures[other], strict=True)
            rounds = " ".join(f"{mine['rate'] / theirs['rate']:.2f}" for mine, theirs in pairs)
            ratio = medians[label]["rate"] / medians[other]["rate"]
            print(f"  {label:<30} / {other:<30} {ratio:>5.2f}x  (rounds: {rounds})")


def measure(plan: list[dict], args, generator: str) -> dict[str, list[dict]]:
    """Load every row of ``plan`` once per round, rounds interleaved; return each label's figures, round by round."""
    figures: dict[str, list[dict]] = {row["label"]: [] for row in plan}
    for number in range(1, args.rounds + 1):
        one, five, fifteen = os.getloadavg()
        print(f"Round {number} of {args.rounds}: load average {one:.2f} {five:.2f} {fifteen:.2f}", flush=True)
        for row in plan:
            result = load(
                row["port"],
                row["path"],
                row["cookie"],
                seconds=args.seconds,
                warmup=args.warmup,
                concurrency=args.concurrency,
                generator=generator,
            )
            figures[row["label"]].append(result)
            print(f"  {row['label']:<48} {result['rate']:>7.1f} req/s  p95 {result['p95']:.1f} ms", flush=True)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10, help="seconds of load per page and round (default 10)")
    parser.add_argument("--warmup", type=float, default=2, help="seconds of load before each, not counted (default 2)")
    parser.add_argument(
        "--rounds", type=int, default=3, help="rounds, interleaved; the table gives medians (default 3)"
    )
    parser.add_argument("--concurrency", type=int, default=4, help="connections (default 4)")
    parser.add_argument("--scale", type=int, default=1, help="build_scale_data --scale: 1 (default) or 10")
    parser.add_argument(
        "--keep-data",
        action="store_true",
        help="reuse the database of an earlier run when it holds the scale data (default: build it afresh)",
    )
    parser.add_argument(
        "--compare",
        action="append",
        default=[],
        metavar="NAME=URL",
        help="also load this page of a server you started on loopback, in the same rounds (repeatable)",
    )
    parser.add_argument(
        "--cached-only",
        action="store_true",
        help="load only the bare view and the pages served from the public page cache",
    )
    parser.add_argument("--prepare", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.prepare:
        prepare()
        return
    generator = load_generator()
    external = external_rows(args.compare)
    for row in external:
        print(
            f"Comparing with {row['label']} on port {row['port']}, path {row['path']}: "
            "a server this script did not start or configure (its set-up is yours)."
        )

    database_url = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/intranet_bench")
    reuse = args.keep_data and scale_data_present(database_url)
    why_not = None if reuse else fresh_database(database_url)
    if why_not:
        print(
            f"Benchmark skipped: {why_not}. Set BENCH_DATABASE_URL to a PostgreSQL server it may create a database on."
        )
        return
    port, bare_port = free_port(), free_port()
    work = Path(tempfile.mkdtemp(prefix="bench-pages-"))
    redis_url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15")
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "intranet.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "MFA_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": f"{HOST},localhost",
        "WAGTAILADMIN_BASE_URL": f"http://{HOST}:{port}",
        "DATABASE_URL": database_url,
        "EMAIL_HOST": HOST,
        "DEFAULT_FROM_EMAIL": "bench@example.org",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "SEALED_RECORDS_ROOT": str(work / "sealed"),
    }
    if redis_flushed(redis_url):
        env["REDIS_URL"] = redis_url
        cache = f"Redis ({redis_url})"
    else:
        env.pop("REDIS_URL", None)
        cache = "per-process memory (no Redis answered)"
    print(f"Database {database_url}; cache {cache}; gunicorn 2 sync workers; {os.cpu_count()} CPUs")
    started = time.monotonic()
    run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], env)
    run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], env)
    if reuse:
        print("Reusing the scale data of an earlier run (--keep-data).")
    else:
        # build_scale_data loads the demo content first, whose accounts share a published password,
        # so the production settings refuse it; this database is the benchmark's own and thrown away.
        build_env = {**env, "DJANGO_SETTINGS_MODULE": "intranet.settings.dev"}
        print(run([PYTHON, "manage.py", "build_scale_data", "--scale", str(args.scale)], build_env).rstrip())
    print(f"Data ready in {time.monotonic() - started:.0f} s.\n")
    pages = json.loads(
        run([PYTHON, str(Path(__file__).resolve()), "--prepare"], {**env, "PUBLIC_PAGE_CACHE_SECONDS": "0"})
        .strip()
        .splitlines()[-1]
    )

    servers = []
    try:
        rendering = gunicorn("intranet.wsgi", port, {**env, "PUBLIC_PAGE_CACHE_SECONDS": "0"})
        servers.append(rendering)
        cached_port = free_port()
        servers.append(gunicorn("intranet.wsgi", cached_port, env))
        servers.append(gunicorn("scripts.bench_bare:application", bare_port, env))
        for _ in range(4):  # one request for each worker: memory after start-up, as in use
            load(port, "/", "", seconds=0.2, warmup=0, concurrency=1, generator="python")
        memory_before = worker_memory_mib(rendering)

        bare_label = "Bare Django view (30 KB)"
        plan = [{"label": bare_label, "port": bare_port, "path": "/", "cookie": "", "queries": 0}, *external]
        if not args.cached_only:
            plan += [{**page, "port": port} for page in pages]
        plan += [
            {**page, "label": f"{page['label']} [cached]", "port": cached_port, "queries": 0}
            for page in pages
            if page["public"] and not page["cookie"]
        ]
        print(
            f"{len(plan)} rows, {args.rounds} rounds of {args.seconds:g} s each after {args.warmup:g} s of warm-up, "
            f"{args.concurrency} connections, load from {generator}.\n"
        )
        figures = measure(plan, args, generator)

        print(f"\nMedians of {args.rounds} rounds ({generator}, {args.concurrency} connections):")
        print_table_header()
        medians = {label: median_figures(rounds) for label, rounds in figures.items()}
        for row in plan:
            print_row(row["label"], medians[row["label"]], row["queries"])
        bare = medians[bare_label]["rate"]
        print("\nAs a share of the bare view's req/s (medians):")
        for row in plan[1:]:
            print(f"  {row['label']:<48} {100 * medians[row['label']]['rate'] / bare:>6.1f} %")
        print_comparison(plan, figures, medians)

        memory_after = worker_memory_mib(rendering)
        print(
            "\nRendering server's worker memory (MiB): after start-up "
            + ", ".join(f"{m:.0f}" for m in memory_before)
            + "; after the benchmark "
            + ", ".join(f"{m:.0f}" for m in memory_after)
            + (
                f" ({100 * (sum(memory_after) / sum(memory_before) - 1):+.0f} %)"
                if memory_before and memory_after
                else ""
            )
        )
    finally:
        for server in servers:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
