"""What ``scripts/bench_pages.py`` runs on: the throwaway database, gunicorn, the load client and the table.

Kept apart from the benchmark itself so that ``bench_pages.py`` reads as what it measures
(which pages, as whom, in what order), while how a server is started, how a page is loaded
from several threads and how a row is printed live here. Imported by ``bench_pages.py``
when it runs as a script (its own folder is then on the import path).
"""

import http.client
import json
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
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


WRK = shutil.which("wrk")
# Prints one JSON line of wrk's figures when a run ends (latencies in microseconds).
WRK_SCRIPT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK {"requests": %d, "duration_us": %d, "p50": %f, "p95": %f, "p99": %f, "errors": %d, "bad": %d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), e.connect + e.read + e.write + e.timeout, e.status))
end
"""


def load_generator() -> str:
    """Return the load generator ``load`` uses: ``"wrk"`` when installed, else ``"python"`` (with a warning printed)."""
    if WRK:
        return "wrk"
    print(
        "WARNING: wrk is not installed (Debian: apt-get install wrk); falling back to the Python client, "
        "which tops out near 2,600 req/s on loopback: fast pages and the bare view then measure the client."
    )
    return "python"


def _headers(cookie: str) -> dict:
    headers = {"Host": HOST, "X-Forwarded-Proto": "https"}
    if cookie:
        headers["Cookie"] = cookie
    return headers


def _get(port: int, path: str, headers: dict) -> tuple[int, str]:
    """GET ``path`` once on a new connection; return its status and its ``X-Page-Cache`` header ("-" if none)."""
    connection = http.client.HTTPConnection(HOST, port, timeout=60)
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    response.read()
    connection.close()
    return response.status, response.getheader("X-Page-Cache", "-")


def status_of(port: int, path: str) -> int | str:
    """GET ``path`` from the server on ``HOST``:``port`` once; return its status, or why it did not answer."""
    try:
        return _get(port, path, _headers(""))[0]
    except OSError as exc:
        return f"no answer ({exc})"


def _wrk(port: int, path: str, headers: dict, *, seconds: float, concurrency: int) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT)
    args = [WRK, f"-t{min(2, concurrency)}", f"-c{concurrency}", f"-d{max(1, round(seconds))}s", "-s", script.name]
    for name, value in headers.items():
        args += ["-H", f"{name}: {value}"]
    try:
        result = subprocess.run([*args, f"http://{HOST}:{port}{path}"], capture_output=True, text=True)  # noqa: S603
    finally:
        Path(script.name).unlink()
    line = next((line for line in result.stdout.splitlines() if line.startswith("WRK ")), None)
    if line is None:
        sys.exit(f"wrk failed on {path}:\n{result.stdout}\n{result.stderr}")
    figures = json.loads(line[4:])
    return {
        "rate": figures["requests"] / (figures["duration_us"] / 1e6),
        "p50": figures["p50"] / 1000,
        "p95": figures["p95"] / 1000,
        "p99": figures["p99"] / 1000,
        "failed": figures["errors"] + figures["bad"],
    }


def _python(port: int, path: str, headers: dict, *, seconds: float, concurrency: int) -> dict:
    timings: list[float] = []
    failed = 0
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def worker() -> None:
        nonlocal failed
        connection = http.client.HTTPConnection(HOST, port, timeout=60)
        mine, bad = [], 0
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            mine.append((time.perf_counter() - started) * 1000)
            bad += response.status >= 400
            if response.will_close:
                connection.close()
                connection = http.client.HTTPConnection(HOST, port, timeout=60)
        connection.close()
        with lock:
            timings.extend(mine)
            failed += bad

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

    return {"rate": len(timings) / elapsed, "p50": pct(50), "p95": pct(95), "p99": pct(99), "failed": failed}


def load(port: int, path: str, cookie: str, *, seconds: float, warmup: float, concurrency: int, generator: str) -> dict:
    """Load ``path`` for ``warmup`` seconds (discarded), then for ``seconds`` from ``concurrency`` connections.

    ``generator`` is ``"wrk"`` or ``"python"`` (``load_generator``). Returns requests a
    second, p50/p95/p99 in milliseconds, how many responses failed (4xx/5xx, or a socket
    error) and, from one request after the warm-up, its status and ``X-Page-Cache`` header.
    """
    headers = _headers(cookie)
    run_load = _wrk if generator == "wrk" else _python
    for _ in range(4):  # a request for each worker before the warm-up: a page that fails shows at once
        _get(port, path, headers)
    if warmup:
        run_load(port, path, headers, seconds=warmup, concurrency=concurrency)
    status, cache_status = _get(port, path, headers)
    return {
        **run_load(port, path, headers, seconds=seconds, concurrency=concurrency),
        "status": status,
        "cache": cache_status,
    }


def median_figures(rounds: list[dict]) -> dict:
    """Return each figure's median over ``rounds`` (dicts from ``load``); status and cache from the last round."""
    return {
        **rounds[-1],
        **{name: statistics.median(figures[name] for figures in rounds) for name in ("rate", "p50", "p95", "p99")},
        "failed": sum(figures["failed"] for figures in rounds),
    }


TABLE_HEADER = f"{'page':<48} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'queries':>8}  status"


def print_table_header() -> None:
    """Print the results table's column names and a rule beneath them."""
    print(TABLE_HEADER)
    print("-" * len(TABLE_HEADER))


def print_row(label: str, figures: dict, queries: int | str) -> None:
    """Print one row of the results table: ``label``, ``figures`` (from ``load``), ``queries`` a request makes."""
    print(
        f"{label:<48} {figures['rate']:>7.1f} {figures['p50']:>8.1f} {figures['p95']:>8.1f} "
        f"{figures['p99']:>8.1f} {queries:>8}  {figures['status']}"
        + (f" {figures['cache']}" if figures["cache"] != "-" else "")
        + (f" ({figures['failed']} failed)" if figures["failed"] else "")
    )
