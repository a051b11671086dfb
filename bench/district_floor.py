"""B1's floor: the rows a stage wrote, written again by the raw engine with nothing in between.

After each linli stage the rows it added to its tables (and, for approval,
the columns it changed) are read back and written into a second, empty copy
of the same schema (same DDL: columns, constraints, indexes) with
``sqlite3.executemany`` in one transaction, or with ``COPY`` on PostgreSQL.
Only that write is timed. Foreign keys are not checked there (raw sqlite3
leaves them off; PostgreSQL's ``session_replication_role = replica`` skips
their triggers): the floor is what the engine needs to store the rows, not
what linli needs to decide them.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Sequence
from dataclasses import dataclass

import psycopg
import sqlalchemy as sa

from linli.core.db import Base

from bench.harness import postgres_dsn


@dataclass(frozen=True)
class Update:
    """Columns a stage changed on existing rows, found by *where* (SQL on the source table)."""

    table: str
    columns: tuple[str, ...]
    where: str


class Floor:
    """A second schema fed with what each stage wrote; :meth:`replay` returns the seconds it took."""

    def __init__(self, source_url: str, floor_url: str) -> None:
        self.source_url, self.floor_url = source_url, floor_url
        engine = sa.create_engine(floor_url)
        Base.metadata.create_all(engine)
        engine.dispose()
        self.postgres = source_url.startswith("postgresql")
        self.marks: dict[str, int] = {}

    def mark(self, tables: Sequence[str]) -> None:
        """Remember how far *tables* go before a stage, so :meth:`replay` takes only what it adds."""
        with self._source() as source:
            for table in tables:
                column = _key(table)
                self.marks[table] = source.execute(f"SELECT COALESCE(MAX({column}), 0) FROM {table}").fetchone()[0]

    def replay(self, inserts: Sequence[str], updates: Sequence[Update] = ()) -> tuple[float, int]:
        """Write what the stage added to *inserts* (since :meth:`mark`) and changed per *updates*; (seconds, rows)."""
        return self._replay_postgres(inserts, updates) if self.postgres else self._replay_sqlite(inserts, updates)

    def _source(self) -> sqlite3.Connection | psycopg.Connection:
        if self.postgres:
            return psycopg.connect(postgres_dsn(self.source_url))
        return sqlite3.connect(sa.engine.make_url(self.source_url).database or "")

    def _replay_sqlite(self, inserts: Sequence[str], updates: Sequence[Update]) -> tuple[float, int]:
        source = sqlite3.connect(sa.engine.make_url(self.source_url).database or "")
        batches: list[tuple[str, list[tuple[object, ...]]]] = []
        for table in inserts:
            rows = source.execute(f"SELECT * FROM {table} WHERE {_key(table)} > ?", (self.marks.get(table, 0),)).fetchall()
            if rows:
                batches.append((f"INSERT INTO {table} VALUES ({', '.join('?' * len(rows[0]))})", rows))
        for update in updates:
            rows = source.execute(f"SELECT {', '.join(update.columns)}, id FROM {update.table} WHERE {update.where}").fetchall()
            assignments = ", ".join(f"{column} = ?" for column in update.columns)
            batches.append((f"UPDATE {update.table} SET {assignments} WHERE id = ?", rows))
        source.close()
        floor = sqlite3.connect(sa.engine.make_url(self.floor_url).database or "")
        start = time.perf_counter()
        with floor:
            for statement, rows in batches:
                floor.executemany(statement, rows)
        seconds = time.perf_counter() - start
        floor.close()
        return seconds, sum(len(rows) for _, rows in batches)

    def _replay_postgres(self, inserts: Sequence[str], updates: Sequence[Update]) -> tuple[float, int]:
        with psycopg.connect(postgres_dsn(self.source_url)) as source:
            copies: list[tuple[str, bytes, int]] = []
            for table in inserts:
                data, count = _copy_out(source, f"SELECT * FROM {table} WHERE {_key(table)} > {int(self.marks.get(table, 0))}")
                copies.append((table, data, count))
            changed = [
                (update, *_copy_out(source, f"SELECT {', '.join(update.columns)}, id FROM {update.table} WHERE {update.where}"))
                for update in updates
            ]
        with psycopg.connect(postgres_dsn(self.floor_url)) as floor:
            floor.execute("SET session_replication_role = replica")
            floor.commit()
            start = time.perf_counter()
            with floor.transaction():
                for table, data, _ in copies:
                    _copy_in(floor, f"COPY {table} FROM STDIN", data)
                for update, data, _ in changed:
                    columns = ", ".join(update.columns)
                    floor.execute(f"CREATE TEMP TABLE changed ON COMMIT DROP AS SELECT {columns}, id FROM {update.table} WITH NO DATA")
                    _copy_in(floor, "COPY changed FROM STDIN", data)
                    assignments = ", ".join(f"{column} = changed.{column}" for column in update.columns)
                    floor.execute(f"UPDATE {update.table} SET {assignments} FROM changed WHERE {update.table}.id = changed.id")
            seconds = time.perf_counter() - start
        return seconds, sum(count for *_, count in copies) + sum(count for *_, count in changed)


def _key(table: str) -> str:
    """The column that grows as rows are added (tables keyed by member use the member id)."""
    columns = Base.metadata.tables[table].primary_key.columns
    return "id" if "id" in columns else next(iter(columns)).name


def _copy_out(connection: psycopg.Connection, query: str) -> tuple[bytes, int]:
    chunks: list[bytes] = []
    with connection.cursor() as cursor:
        with cursor.copy(f"COPY ({query}) TO STDOUT") as copy:
            chunks.extend(bytes(chunk) for chunk in copy)
    data = b"".join(chunks)
    return data, data.count(b"\n")


def _copy_in(connection: psycopg.Connection, statement: str, data: bytes) -> None:
    with connection.cursor() as cursor:
        with cursor.copy(statement) as copy:
            copy.write(data)
