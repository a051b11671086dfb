"""Engines and transactions for SQLite (embedded default) and PostgreSQL.

SQLite: WAL, foreign keys, a busy timeout, and ``BEGIN IMMEDIATE`` for write
transactions, because a deferred BEGIN that reads and then writes can fail
with "database is locked" even with a timeout. PostgreSQL: READ COMMITTED,
with serialization failures and deadlocks retried a bounded number of times.
A write transaction opened inside another on the same thread is refused at
once: it would commit apart from the outer one, and on SQLite it would wait
for the outer one's lock until the busy timeout ran out.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from linli.core.errors import LinliError

T = TypeVar("T")

SQLITE_BUSY_TIMEOUT_SECONDS = 30
RETRY_ATTEMPTS = 5
# SQLSTATEs PostgreSQL uses for "try the transaction again".
RETRYABLE_SQLSTATES = frozenset({"40001", "40P01"})


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def make_engine(url: str, **kwargs: Any) -> Engine:
    """Create an engine with linli's connection settings for *url*."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS}, **kwargs)
        _configure_sqlite(engine)
        return engine
    return create_engine(url, pool_pre_ping=True, **kwargs)


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event issue BEGIN itself, so we choose its kind.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection: Any) -> None:
        if connection.get_execution_options().get("linli_write"):
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            connection.exec_driver_sql("BEGIN")


def is_retryable(error: BaseException) -> bool:
    """True for errors after which re-running the whole transaction may succeed."""
    if isinstance(error, OperationalError) and "database is locked" in str(error.orig):
        return True
    if isinstance(error, DBAPIError):
        sqlstate = getattr(error.orig, "sqlstate", None)
        return sqlstate in RETRYABLE_SQLSTATES
    return False


class Database:
    """An engine plus the two kinds of session linli opens: reading and writing."""

    def __init__(self, url: str, **engine_kwargs: Any) -> None:
        self.url = url
        self.engine = make_engine(url, **engine_kwargs)
        self._read = sessionmaker(self.engine, expire_on_commit=False)
        self._write = sessionmaker(self.engine.execution_options(linli_write=True), expire_on_commit=False)
        self._writer = threading.local()

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for queries only; it is rolled back at the end."""
        with self._read() as session:
            try:
                yield session
            finally:
                session.rollback()

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """One write transaction: committed on success, rolled back on any error.

        Refused with :class:`~linli.core.errors.LinliError` when this thread is
        already inside one: work given a ``ctx`` must write through ``ctx.session``.
        """
        if getattr(self._writer, "open", False):
            raise LinliError("db.nested_write")
        self._writer.open = True
        try:
            with self._write() as session, session.begin():
                yield session
        finally:
            self._writer.open = False

    def run(self, work: Callable[[Session], T], *, attempts: int = RETRY_ATTEMPTS) -> T:
        """Run *work* in a write transaction, retrying it whole on lock or serialization conflicts.

        After *attempts* conflicts in a row it gives up with a
        :class:`~linli.core.errors.LinliError` saying so; nothing was written.
        """
        for attempt in range(1, attempts + 1):
            try:
                with self.writing() as session:
                    return work(session)
            except DBAPIError as error:
                if not is_retryable(error):
                    raise
                if attempt == attempts:
                    raise LinliError("db.conflict_gave_up", attempts=attempts) from error
                time.sleep(0.01 * 2**attempt)
        raise AssertionError("unreachable")

    def dispose(self) -> None:
        self.engine.dispose()
