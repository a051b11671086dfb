"""Write transactions: conflicts on PostgreSQL are retried a bounded number of times; a write inside a write fails at once."""

from __future__ import annotations

import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from linli.core import Context, LinliError
from linli.core.db import Database
from linli.core.models import Member
from linli.core.plugins import make_plugin_host
from linli.core.runtime import Runtime
from linli.core.services import register_member
from tests.core.factories import make_world

TALLY = "CREATE TABLE tally (id integer PRIMARY KEY, n integer NOT NULL)"


def tally(url: str, **engine: str) -> Database:
    """A database with a two-row table ``tally`` to fight over."""
    database = Database(url, **engine)
    with database.engine.begin() as connection:
        connection.execute(sa.text(TALLY))
        connection.execute(sa.text("INSERT INTO tally VALUES (1, 0), (2, 0)"))
    return database


def counts(database: Database) -> tuple[int, ...]:
    with database.reading() as session:
        return tuple(session.scalars(sa.text("SELECT n FROM tally ORDER BY id")))


def bump_behind_its_back(url: str) -> None:
    """Another connection commits a change to row 1."""
    other = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with other.connect() as connection:
        connection.execute(sa.text("UPDATE tally SET n = n + 100 WHERE id = 1"))
    other.dispose()


@pytest.mark.postgres
def test_a_serialization_failure_is_retried_and_the_work_done_once(postgres_url: str) -> None:
    database = tally(postgres_url, isolation_level="REPEATABLE READ")
    attempts: list[int] = []

    def work(session: Session) -> None:
        attempts.append(1)
        seen = session.scalar(sa.text("SELECT n FROM tally WHERE id = 1"))  # the snapshot is taken here
        if len(attempts) == 1:
            bump_behind_its_back(postgres_url)
        session.execute(sa.text("UPDATE tally SET n = :n WHERE id = 1"), {"n": seen + 1})

    database.run(work)
    assert len(attempts) == 2 and counts(database) == (101, 0)  # the first attempt's stale +1 never landed
    database.dispose()


@pytest.mark.postgres
def test_a_deadlock_is_retried_and_both_transactions_complete(postgres_url: str) -> None:
    database = tally(postgres_url)  # READ COMMITTED, as linli runs
    both_hold_one = threading.Barrier(2, timeout=20)
    attempts: Counter[int] = Counter()

    def move(first: int, second: int) -> None:
        def work(session: Session) -> None:
            attempts[first] += 1
            session.execute(sa.text("UPDATE tally SET n = n + 1 WHERE id = :id"), {"id": first})
            if attempts[first] == 1:
                both_hold_one.wait()  # each holds one row and now wants the other's: a deadlock
            session.execute(sa.text("UPDATE tally SET n = n + 10 WHERE id = :id"), {"id": second})

        database.run(work)

    with ThreadPoolExecutor(2) as pool:
        for done in [pool.submit(move, 1, 2), pool.submit(move, 2, 1)]:
            done.result(timeout=60)
    assert sum(attempts.values()) == 3  # PostgreSQL chose one victim, which ran again
    assert counts(database) == (11, 11)
    database.dispose()


@pytest.mark.postgres
def test_endless_conflicts_give_up_after_the_bound_with_a_plain_message(postgres_url: str) -> None:
    database = tally(postgres_url, isolation_level="REPEATABLE READ")
    attempts: list[int] = []

    def work(session: Session) -> None:
        attempts.append(1)
        session.scalar(sa.text("SELECT n FROM tally WHERE id = 1"))
        bump_behind_its_back(postgres_url)
        session.execute(sa.text("UPDATE tally SET n = -1 WHERE id = 1"))

    with pytest.raises(LinliError) as gave_up:
        database.run(work, attempts=3)
    assert len(attempts) == 3 and gave_up.value.key == "db.conflict_gave_up"
    assert "3" in gave_up.value.render("zh-CN") and "Traceback" not in str(gave_up.value)
    assert counts(database) == (300, 0)  # only the other connection's changes
    database.dispose()


def test_a_write_inside_a_write_fails_at_once_and_the_outer_one_still_commits(database: Database) -> None:
    world = make_world(database)
    started = time.monotonic()
    with database.writing() as session:
        session.execute(sa.update(Member).values(name="x"))  # holds SQLite's write lock
        with pytest.raises(LinliError) as refused, database.writing():
            pass
    assert refused.value.key == "db.nested_write" and "ctx" in refused.value.render("zh-CN")
    assert time.monotonic() - started < 5  # not the busy timeout

    runtime = Runtime(world.program, make_plugin_host(autoload=False), database)

    def nested(ctx: Context) -> None:
        register_member(ctx, name="张秀英", phone="13800000001", home_node="G0101")
        runtime.act("admin", lambda inner: register_member(inner, name="李建华", phone="13800000002", home_node="G0101"))

    with pytest.raises(LinliError, match="ctx"):
        runtime.act("admin", nested)
    runtime.act("admin", lambda ctx: register_member(ctx, name="王芳", phone="13800000003", home_node="G0101"))
    with database.reading() as session:
        assert list(session.scalars(sa.select(Member.name))) == ["王芳"]  # the refused pair left nothing; writing works again
