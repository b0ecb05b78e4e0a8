"""Backups of a trust's intranet as one encrypted archive, and their restore into an empty site.

- ``crypto``: the encrypted container (Fernet, key ``BACKUP_ENCRYPTION_KEY``), written and
  read in chunks so an archive of any size never sits in memory.
- ``database``: an exact copy of the database: ``pg_dump``/``pg_restore`` on PostgreSQL,
  SQLite's own backup on SQLite, and the check that a database is empty.
- ``archive``: what the archive holds (the database, every file of the media and private
  storages, ``manifest.json`` with each model's row count and each sealed record's
  SHA-256), ``make_backup`` and ``restore_backup``.

Run by ``manage.py backup`` and ``manage.py restore`` (README.md, "Backups").
"""
