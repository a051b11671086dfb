"""The audit log: a hash chain that verifies, shows tampering, and never holds full numbers."""

from __future__ import annotations

import itertools
import json
import threading
import time

import sqlalchemy as sa

from linli.core.db import Database
from linli.core.models import AuditEntry
from linli.core.services import register_member, update_member, verify_chain
from tests.core.factories import World, id_number, make_world


def register_two(world: World) -> None:
    with world.acting() as ctx:
        first = register_member(ctx, name="张秀英", phone="13812345678", home_node="G0101", id_number=id_number())
        register_member(ctx, name="王建国", phone="13987654321", home_node="G0102")
        update_member(ctx, first.id, phone="13812340000")


def test_a_fresh_chain_verifies(database: Database) -> None:
    world = make_world(database)
    register_two(world)
    with world.database.reading() as session:
        entries = list(session.scalars(sa.select(AuditEntry).order_by(AuditEntry.seq)))
        assert [e.seq for e in entries] == list(range(1, len(entries) + 1))
        assert entries[0].prev_hash == "0" * 64
        assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(entries))
        assert verify_chain(session) == []


def test_an_edited_row_is_detected(database: Database) -> None:
    world = make_world(database)
    register_two(world)
    with world.database.writing() as session:
        target = session.scalar(sa.select(AuditEntry.seq).where(AuditEntry.action == "member.register").order_by(AuditEntry.seq).limit(1))
        session.execute(sa.text("UPDATE audit_entry SET action = 'member.delete' WHERE seq = :seq"), {"seq": target})
    with world.database.reading() as session:
        problems = verify_chain(session)
    assert [(p.seq, p.kind) for p in problems] == [(target, "hash")]
    assert "被改动过" in problems[0].message("zh-CN") and "altered" in problems[0].message("en")


def test_a_deleted_row_is_detected(database: Database) -> None:
    world = make_world(database)
    register_two(world)
    with world.database.writing() as session:
        session.execute(sa.text("DELETE FROM audit_entry WHERE seq = 2"))
    with world.database.reading() as session:
        assert {p.kind for p in verify_chain(session)} == {"gap", "link"}


def test_a_rehashed_row_breaks_the_next_link(database: Database) -> None:
    world = make_world(database)
    register_two(world)
    with world.database.writing() as session:
        session.execute(sa.text("UPDATE audit_entry SET hash = :h WHERE seq = 2"), {"h": "f" * 64})
    with world.database.reading() as session:
        assert [(p.seq, p.kind) for p in verify_chain(session)] == [(2, "hash"), (3, "link")]


def test_summaries_never_hold_full_numbers(database: Database) -> None:
    world = make_world(database)
    register_two(world)
    number = id_number()
    with world.database.reading() as session:
        text = json.dumps([[e.before, e.after] for e in session.scalars(sa.select(AuditEntry))], ensure_ascii=False)
    for secret in ("13812345678", "13987654321", "13812340000", number):
        assert secret not in text
    assert "138****5678" in text and "138****0000" in text


def test_concurrent_writers_extend_the_chain_in_turn(database: Database) -> None:
    world = make_world(database)
    first_written, commit_first = threading.Event(), threading.Event()
    done: list[str] = []

    def register_and_hold() -> None:
        with world.acting() as ctx:
            register_member(ctx, name="张秀英", phone="13812345678", home_node="G0101")
            first_written.set()
            commit_first.wait(10)
        done.append("first")

    def register() -> None:
        first_written.wait(10)
        world.act(lambda ctx: register_member(ctx, name="王建国", phone="13987654321", home_node="G0102"))
        done.append("second")

    threads = [threading.Thread(target=register_and_hold), threading.Thread(target=register)]
    for thread in threads:
        thread.start()
    first_written.wait(10)
    time.sleep(0.2)  # the second writer now waits for the chain's head
    commit_first.set()
    for thread in threads:
        thread.join(20)
    assert sorted(done) == ["first", "second"]
    with world.database.reading() as session:
        assert verify_chain(session) == []
