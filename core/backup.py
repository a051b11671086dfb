"""Copying a SQLite program database while it is in use, and putting a copy back.

SQLite's online backup API copies a consistent snapshot page by page even
while other connections write (WAL mode). PostgreSQL has its own tools
(``pg_dump``/``pg_restore``), which linli does not wrap.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from linli.core.db import Database
from linli.core.errors import LinliError

# Tables every linli database has; a file without them is not a linli backup.
REQUIRED_TABLES = ("alembic_version", "audit_entry", "member", "operator")


def backup(database: Database, target: Path) -> None:
    """Write a consistent copy of *database* to the new file *target*."""
    _require_sqlite(database)
    if target.exists():
        raise LinliError("backup.target_exists", path=str(target))
    with database.engine.connect() as connection, sqlite3.connect(target) as copy:
        live = connection.connection.driver_connection
        assert isinstance(live, sqlite3.Connection)
        live.backup(copy)
    copy.close()


def restore(database: Database, source: Path) -> None:
    """Replace *database*'s contents with the backup *source*, after checking it is a sound linli database."""
    _require_sqlite(database)
    _check_backup(source)
    database.engine.dispose()  # pooled connections would otherwise keep reading the old pages
    with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as copy, database.engine.connect() as connection:
        live = connection.connection.driver_connection
        assert isinstance(live, sqlite3.Connection)
        copy.backup(live)
    copy.close()


def _check_backup(source: Path) -> None:
    if not source.is_file():
        raise LinliError("backup.not_found", path=str(source))
    try:
        with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as copy:
            ok = copy.execute("PRAGMA integrity_check").fetchone()
            tables = {row[0] for row in copy.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        copy.close()
    except sqlite3.DatabaseError as error:
        raise LinliError("backup.unreadable", path=str(source), error=str(error)) from error
    if ok != ("ok",) or not set(REQUIRED_TABLES) <= tables:
        raise LinliError("backup.not_linli", path=str(source))


def _require_sqlite(database: Database) -> None:
    if database.engine.dialect.name != "sqlite":
        raise LinliError("backup.not_sqlite", dialect=database.engine.dialect.name)
