"""An exact copy of the database: ``pg_dump``/``pg_restore`` on PostgreSQL, SQLite's backup API on SQLite.

Each function takes a Django connection (``django.db.connections[alias]``). The PostgreSQL
tools get the address and password through libpq's environment variables, never on a
command line other users could read.
"""

import contextlib
import os
import sqlite3
import subprocess
from pathlib import Path

from django.apps import apps
from django.db import transaction

__all__ = ["dump_database", "model_counts", "restore_database", "table_count", "vendor_of"]


def vendor_of(connection) -> str:
    """``"postgresql"`` or ``"sqlite"``; ``ValueError`` for any other database."""
    if connection.vendor not in {"postgresql", "sqlite"}:
        raise ValueError(f"Backups support PostgreSQL and SQLite, not {connection.vendor}.")
    return connection.vendor


def _libpq_env(connection) -> dict[str, str]:
    config = connection.settings_dict
    env = {**os.environ, "PGDATABASE": str(config["NAME"])}
    for variable, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"), ("PGPASSWORD", "PASSWORD")):
        if config.get(key):
            env[variable] = str(config[key])
    return env


def _run(command: list[str], connection) -> None:
    done = subprocess.run(command, env=_libpq_env(connection), capture_output=True, text=True)  # noqa: S603
    if done.returncode != 0:
        raise RuntimeError(f"{command[0]} failed: {done.stderr.strip()}")


def _models() -> list:
    models = apps.get_models(include_auto_created=True)
    return sorted((m for m in models if m._meta.managed and not m._meta.proxy), key=lambda m: m._meta.label)


def model_counts(connection) -> dict[str, int]:
    """Return the row count of every table Django manages, keyed ``app_label.ModelName`` (many-to-many tables too)."""
    return {model._meta.label: model._base_manager.using(connection.alias).count() for model in _models()}


def dump_database(connection, target: Path) -> dict[str, int]:
    """Write an exact copy of the database to ``target``; return ``model_counts`` of that same copy.

    PostgreSQL: ``pg_dump --format=custom`` of the snapshot (repeatable read) the counts
    were taken in. SQLite: its online backup (a database file), counted afterwards. Raises
    ``RuntimeError`` with the tool's message when ``pg_dump`` fails.
    """
    vendor_of(connection)
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        connection.connection.backup(copy := sqlite3.connect(target))
        with contextlib.closing(copy):
            count = 'SELECT count(*) FROM "{}"'  # Django's own table names
            return {m._meta.label: copy.execute(count.format(m._meta.db_table)).fetchone()[0] for m in _models()}
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        counts = model_counts(connection)
        _run(
            ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}", "-f", target],
            connection,
        )
    return counts


def table_count(connection) -> int:
    """How many tables the database holds (0 for a new, empty database)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()")
        else:
            cursor.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        return cursor.fetchone()[0]


def restore_database(connection, source: Path) -> None:
    """Load the copy ``source`` (made by ``dump_database`` on the same kind of database) into this empty database.

    PostgreSQL: ``pg_restore`` in one transaction (all or nothing), objects owned by the
    connecting user. SQLite: the file is copied in with SQLite's backup API. Raises
    ``RuntimeError`` when ``pg_restore`` fails.
    """
    connection.ensure_connection()
    if connection.vendor == "postgresql":
        _run(
            [
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                "-d",
                connection.settings_dict["NAME"],
                source,
            ],
            connection,
        )
    else:
        with sqlite3.connect(source) as copy:
            copy.backup(connection.connection)
    connection.close()
