"""The periodic jobs run in the real task worker and scheduler, once per trust.

These tests start the processes a trust runs (``manage.py db_worker`` and
``manage.py run_scheduler``, plus ``runserver`` as ``make run`` starts them) and wait for the
minute to turn, so each takes one to two minutes:
- a page scheduled one minute ahead answers 200 within two minutes with only what
  ``make run`` starts (on a SQLite file of its own, migrated by the test, as ``make run`` uses);
- with two workers and two schedulers on one PostgreSQL database (two servers), each job runs
  once a minute, and when the scheduler holding the lease stops, the other takes over.
"""

import os
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from core.models import Lease
from tests.ports import free_port

requests = pytest.importorskip("requests")

ROOT = Path(__file__).resolve().parents[2]


class Process:
    """A ``manage.py`` command run in the background, its output in a temporary log."""

    def __init__(self, name: str, args: list[str], env: dict[str, str]):
        self.name = name
        self.log = tempfile.NamedTemporaryFile(prefix=f"{name}-", suffix=".log", delete=False)  # noqa: SIM115
        self.process = subprocess.Popen(  # noqa: S603 - our own manage.py command
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.final_output: str | None = None

    def output(self) -> str:
        if self.final_output is not None:
            return self.final_output
        return Path(self.log.name).read_text()

    def stop(self) -> None:
        if self.final_output is not None:
            return
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log.close()
        self.final_output = Path(self.log.name).read_text()
        Path(self.log.name).unlink(missing_ok=True)


def manage(args: list[str], env: dict[str, str], timeout: int = 300) -> str:
    done = subprocess.run(  # noqa: S603 - our own manage.py command
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    assert done.returncode == 0, f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def base_env(**overrides: str) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), **overrides}
    env.pop("DATABASE_URL_TEST", None)
    return env


SCHEDULE_A_PAGE = textwrap.dedent(
    """
    from datetime import timedelta
    from django.utils import timezone
    from wagtail.models import Site
    from home.models import StandardPage

    root = Site.objects.get(is_default_site=True).root_page
    page = root.add_child(instance=StandardPage(title="Sports day moved", slug="sports-day-moved", live=False))
    page.go_live_at = timezone.now() + timedelta(minutes=1)
    page.save_revision().publish()
    page.refresh_from_db()
    assert not page.live
    print(page.url_path.removeprefix(root.url_path))
    """
)


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
    reason="make run serves a SQLite file; the PostgreSQL run has the two-server test below",
)
def test_a_page_scheduled_a_minute_ahead_is_live_within_two_minutes_with_make_run(tmp_path):
    env = base_env(
        DJANGO_SETTINGS_MODULE="intranet.settings.dev",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    manage(["migrate", "--noinput", "-v", "0"], env)
    port = free_port()
    # What `make run` starts beside its demo data (Makefile, target run).
    processes = [
        Process("worker", ["db_worker", "--queue-name", "*", "--no-reload"], env),
        Process("scheduler", ["run_scheduler"], env),
        Process("runserver", ["runserver", f"127.0.0.1:{port}", "--noreload"], env),
    ]
    try:
        path = "/" + manage(["shell", "-c", SCHEDULE_A_PAGE], env).strip().splitlines()[-1].lstrip("/")
        scheduled_at = time.monotonic()
        url = f"http://127.0.0.1:{port}{path}"
        answers = []
        while time.monotonic() - scheduled_at < 120:
            try:
                answers.append(requests.get(url, timeout=10).status_code)
            except requests.ConnectionError:
                answers.append(None)
            if answers[-1] == 200:
                break
            time.sleep(2)
        waited = time.monotonic() - scheduled_at
        logs = "\n".join(f"--- {p.name}\n{p.output()[-3000:]}" for p in processes)
        assert answers[-1] == 200, f"{path} still answered {answers[-1]} after {waited:.0f}s\n{logs}"
        assert 404 in answers, "the page was live before its time"
        assert waited >= 55, f"live after {waited:.0f}s, before its time"
    finally:
        for process in processes:
            process.stop()


def database_url() -> str:
    database = connection.settings_dict
    return (
        f"postgres://{database['USER']}:{database['PASSWORD'] or ''}@{database['HOST'] or '127.0.0.1'}:"
        f"{database['PORT'] or 5432}/{database['NAME']}"
    )


def wait_for(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"{what}: not within {seconds:.0f}s")
        time.sleep(0.5)


def next_minute_after(moment):
    return moment.replace(second=0, microsecond=0) + timedelta(minutes=1)


@pytest.mark.postgres(reason="Two servers' workers and schedulers share one PostgreSQL database")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_each_job_runs_once_a_minute_with_two_workers_and_two_schedulers():
    env = base_env(DJANGO_SETTINGS_MODULE="tests.deployment.scheduler_settings", DATABASE_URL=database_url())
    servers = {
        name: {
            "worker": Process(
                f"worker-{name}", ["db_worker", "--queue-name", "*", "--no-reload", "--interval", "0.5"], env
            ),
            "scheduler": Process(f"scheduler-{name}", ["run_scheduler"], env),
        }
        for name in ("a", "b")
    }
    jobs = [f"intranet.tasks.{name}" for name in settings.SCHEDULED_JOBS]
    try:
        wait_for(lambda: Lease.objects.exclude(holder="").exists(), 60, "a scheduler to take the lease")
        started = timezone.now()

        # The first minute that turns with both schedulers running: every job once.
        first = next_minute_after(started)
        wait_for(lambda: timezone.now() > first + timedelta(seconds=5), 70, "the minute to turn")
        holder = Lease.objects.get().holder
        stopped = next(name for name, procs in servers.items() if holder.endswith(f":{procs['scheduler'].process.pid}"))
        # The scheduler holding the lease stops (its server is taken out): the other takes over.
        servers[stopped]["scheduler"].stop()
        second = next_minute_after(timezone.now())
        wait_for(lambda: timezone.now() > second + timedelta(seconds=5), 70, "the next minute to turn")

        def all_done():
            return not DBTaskResult.objects.filter(status__in=["READY", "RUNNING"]).exists()

        wait_for(all_done, 60, "the workers to finish the jobs")
        logs = "\n".join(f"--- {p.name}\n{p.output()[-2000:]}" for procs in servers.values() for p in procs.values())
        for minute in (first, second):
            ran = list(
                DBTaskResult.objects.filter(
                    task_path__in=jobs, enqueued_at__gte=minute, enqueued_at__lt=minute + timedelta(seconds=30)
                ).values_list("task_path", "status", "worker_ids")
            )
            paths = sorted(path for path, _status, _workers in ran)
            assert paths == sorted(jobs), f"at {minute:%H:%M} the jobs ran {paths}\n{logs}"
            assert {status for _path, status, _workers in ran} == {"SUCCESSFUL"}, ran
    finally:
        for procs in servers.values():
            for process in procs.values():
                process.stop()
