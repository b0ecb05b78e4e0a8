"""What ``scripts/bench_pages.py`` runs on: the throwaway database, gunicorn, the load client and the table.

Kept apart from the benchmark itself so that ``bench_pages.py`` reads as what it measures
(which pages, as whom, in what order), while how a server is started, how a page is loaded
from several threads and how a row is printed live here. Imported by ``bench_pages.py``
when it runs as a script (its own folder is then on the import path).
"""

import http.client
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
HOST = "127.0.0.1"


def free_port() -> int:
    """Return a TCP port on ``HOST`` that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def redis_flushed(url: str) -> bool:
    """Empty the Redis database named in ``url`` (``redis://host:port/db``); False if none answers."""
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).flushdb()
    except redis.exceptions.ConnectionError:
        return False
    return True


def connect(url: str, *, dbname: str | None = None):
    """Open a psycopg2 connection to the server in ``url``, to ``dbname`` (default: ``url``'s database).

    Raises ``psycopg2.OperationalError`` when the server or the database cannot be reached.
    """
    import psycopg2

    parts = urlsplit(url)
    return psycopg2.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=parts.username,
        password=parts.password,
        dbname=dbname or parts.path.lstrip("/"),
        connect_timeout=3,
    )


def fresh_database(url: str) -> str | None:
    """Drop and create the database named in ``url``; return why not, or None when done."""
    try:
        import psycopg2
    except ImportError:
        return "psycopg2 is not installed"
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    try:
        connection = connect(url, dbname="postgres")
    except psycopg2.OperationalError as exc:
        return f"PostgreSQL at {parts.hostname}:{parts.port or 5432} cannot be reached ({str(exc).strip()})"
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()
    return None


def scale_data_present(url: str) -> bool:
    """True when the database named in ``url`` exists and ``build_scale_data`` has run on it."""
    import psycopg2

    try:
        connection = connect(url)
    except psycopg2.OperationalError:
        return False
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM home_school WHERE slug = 'scale-01'")
            return cursor.fetchone() is not None
    except psycopg2.Error:
        return False
    finally:
        connection.close()


def run(args: list[str], env: dict) -> str:
    """Run ``args`` in the project folder with environment ``env``; return its output, or exit with it on failure."""
    result = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True)  # noqa: S603 - our own commands
    if result.returncode:
        sys.exit(f"{' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def wait_for(port: int, process: subprocess.Popen) -> None:
    """Return once ``port`` accepts connections; exit if ``process`` stops or a minute passes first."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"gunicorn on port {port} stopped at start-up")
        try:
            socket.create_connection((HOST, port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.3)
    sys.exit(f"gunicorn on port {port} did not start within a minute")


def gunicorn(app: str, port: int, env: dict) -> subprocess.Popen:
    """Start gunicorn serving ``app`` on ``port`` with ``env`` (2 sync workers, its own session); return it once up."""
    process = subprocess.Popen(  # noqa: S603 - our own gunicorn command
        [PYTHON, "-m", "gunicorn", app, "--bind", f"{HOST}:{port}", "--workers", "2", "--worker-class", "sync"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    wait_for(port, process)
    return process


def worker_memory_mib(server: subprocess.Popen) -> list[float]:
    """Resident memory (MiB) of each gunicorn worker of ``server`` (the master's children), from /proc."""
    try:
        children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    except OSError:
        return []
    sizes = []
    for child in children:
        try:
            status = Path(f"/proc/{child}/status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                sizes.append(int(line.split()[1]) / 1024)
    return sizes


def load(port: int, path: str, cookie: str, *, requests: int, concurrency: int) -> dict:
    """GET ``path`` ``requests`` times from ``concurrency`` threads; return timings (ms) and rate."""
    headers = {"Host": HOST, "X-Forwarded-Proto": "https"}
    if cookie:
        headers["Cookie"] = cookie
    timings: list[float] = []
    statuses: set[int] = set()
    lock = threading.Lock()
    per_thread = max(1, requests // concurrency)

    def worker() -> None:
        connection = http.client.HTTPConnection(HOST, port, timeout=60)
        mine = []
        for _ in range(per_thread):
            started = time.perf_counter()
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            mine.append((time.perf_counter() - started) * 1000)
            with lock:
                statuses.add(response.status)
            if response.getheader("Connection", "").lower() == "close" or response.will_close:
                connection.close()
                connection = http.client.HTTPConnection(HOST, port, timeout=60)
        connection.close()
        with lock:
            timings.extend(mine)

    for _ in range(4):  # warm up: each worker's caches, as in use
        warm = http.client.HTTPConnection(HOST, port, timeout=60)
        warm.request("GET", path, headers=headers)
        warmed = warm.getresponse()
        warmed.read()
        cache_status = warmed.getheader("X-Page-Cache", "-")
        warm.close()
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    timings.sort()

    def pct(p: float) -> float:
        return timings[min(len(timings) - 1, int(round(p / 100 * (len(timings) - 1))))]

    return {
        "rate": len(timings) / elapsed,
        "cache": cache_status,
        "p50": pct(50),
        "p95": pct(95),
        "p99": pct(99),
        "statuses": sorted(statuses),
    }


TABLE_HEADER = f"{'page':<44} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'queries':>8}  status"


def print_table_header() -> None:
    """Print the results table's column names and a rule beneath them."""
    print(TABLE_HEADER)
    print("-" * len(TABLE_HEADER))


def print_row(label: str, figures: dict, queries: int | str) -> None:
    """Print one row of the results table: ``label``, ``figures`` (from ``load``), ``queries`` a request makes."""
    print(
        f"{label:<44} {figures['rate']:>7.1f} {figures['p50']:>8.1f} {figures['p95']:>8.1f} "
        f"{figures['p99']:>8.1f} {queries:>8}  {figures['statuses']}"
    )
