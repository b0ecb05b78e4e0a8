"""Configuration mistakes stop start-up with one sentence, not a traceback."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "intranet.settings.production",
    "DJANGO_SECRET_KEY": "k3y-for-tests-only-" + "0123456789abcdefghijklmnopqrstuvwxyz",
    "MFA_SECRET_KEY": "mfa-k3y-for-tests-only-" + "0123456789abcdefghijklmnopqrstuvwxyz",
    "DJANGO_ALLOWED_HOSTS": "intranet.example.org",
    "WAGTAILADMIN_BASE_URL": "https://intranet.example.org",
    "DATABASE_URL": "sqlite:////tmp/never-used.sqlite3",
    "EMAIL_HOST": "smtp.example.org",
    "DEFAULT_FROM_EMAIL": "intranet@example.org",
}


def run_manage(env_changes: dict, *args: str) -> subprocess.CompletedProcess:
    # DJANGO_ALLOW_ASYNC_UNSAFE is set while the browser tests' event loop runs; a real
    # deployment never has it (check --deploy rightly refuses it).
    ignored = set(PRODUCTION_ENV) | {"DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {key: value for key, value in os.environ.items() if key not in ignored}
    env.update(env_changes)
    return subprocess.run(  # noqa: S603  (our own manage.py, fixed arguments)
        [sys.executable, "manage.py", *args], cwd=PROJECT, env=env, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize(
    "missing",
    [
        "DJANGO_SECRET_KEY",
        "MFA_SECRET_KEY",
        "DJANGO_ALLOWED_HOSTS",
        "WAGTAILADMIN_BASE_URL",
        "EMAIL_HOST",
        "DATABASE_URL",
        "DEFAULT_FROM_EMAIL",
    ],
)
def test_missing_production_variable_is_named_in_one_sentence(missing):
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != missing}
    result = run_manage(env, "check")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert missing in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_malformed_database_url_is_explained():
    result = run_manage({"DATABASE_URL": "mysqlx://nobody@nowhere/db"}, "check")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "DATABASE_URL" in result.stderr


def test_unreachable_database_is_explained():
    result = run_manage({"DATABASE_URL": "postgres://postgres@127.0.0.1:1/nothing"}, "migrate", "--check")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "DATABASE_URL" in result.stderr


def test_production_settings_pass_the_deployment_checks():
    result = run_manage(PRODUCTION_ENV, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
