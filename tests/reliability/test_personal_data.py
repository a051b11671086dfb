"""Full phone and ID numbers never reach the audit log; erasing a member keeps every total and the chains intact."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import sqlalchemy as sa

from linli.core import PermissionDenied, Refused, ledger
from linli.core.db import Database, sqlite_url
from linli.core.models import AuditEntry, Member
from linli.core.services import (
    MemberRow,
    register_members,
    reveal_identity,
    review,
    update_member,
    verify_chain,
)
from linli.core.services.erase import erase_member
from linli.core.services.reports import build_report
from tests.core.factories import id_number
from tests.plugins.incentives.helpers import activity, incentives_world, served
from tests.reliability.cli import fresh_program
from tests.reliability.world import dump

RULES = [{"id": "base", "name": "每小时 1 分", "kind": "rate", "points": 1, "per": "hour"}]
ERASED_TABLES = {"member", "member_tag", "audit_entry"}
PEOPLE = [("张秀英", "13800000001", id_number(sequence="101")), ("李建国", "13800000002", id_number(sequence="202"))]


def flow(database: Database):  # type: ignore[no-untyped-def]
    """Register, change a phone, unmask, serve, approve: what a month of a station's work writes."""
    world = incentives_world(database, RULES)
    ids = world.act(lambda ctx: [m.id for m in register_members(ctx, [MemberRow(n, p, "G0101", id_number=i) for n, p, i in PEOPLE])])
    world.act(lambda ctx: update_member(ctx, ids[1], phone="13900000002", id_number=id_number(sequence="303")))
    world.act(lambda ctx: reveal_identity(ctx, ids[0]))
    held = activity(world, "2024-03-02 09:00")
    records = [served(world, member, held, "2024-03-02 09:00", 90) for member in ids]
    world.act(lambda ctx: review(ctx, approve=records))
    return world, ids


def full_numbers() -> list[str]:
    return [*(p for _, p, _ in PEOPLE), "13900000002", *(i for _, _, i in PEOPLE), id_number(sequence="303")]


def audit_text(database: Database) -> str:
    with database.reading() as session:
        return "\n".join(repr((e.target_id, e.before, e.after)) for e in session.scalars(sa.select(AuditEntry)))


def test_the_audit_log_never_holds_a_full_number(database: Database) -> None:
    world, _ = flow(database)
    text = audit_text(world.database)
    assert [number for number in full_numbers() if number in text] == []
    assert re.search(r"1\d{10}", text) is None  # nor any other unmasked mobile


def test_erasing_keeps_totals_ledger_and_chain(database: Database) -> None:
    world, ids = flow(database)
    report = world.act(lambda ctx: build_report(ctx))
    untouched = {name: rows for name, rows in dump(world.database).items() if name not in ERASED_TABLES}
    world.act(lambda ctx: erase_member(ctx, ids[0]))
    with world.database.reading() as session:
        erased = session.get(Member, ids[0])
        assert erased is not None
        assert (erased.name, erased.id_number, erased.birth_date, erased.skills, list(erased.tags)) == (f"已注销#{ids[0]}", None, None, [], [])
        assert erased.phone.startswith("0") and erased.masked_phone != PEOPLE[0][1]
        assert ledger.check_invariants(session) == [] and verify_chain(session) == []
    # Ledger, hours, roles, stars: nothing but the member's own row, its tags and one new audit entry changes.
    assert {name: rows for name, rows in dump(world.database).items() if name not in ERASED_TABLES} == untouched
    assert world.act(lambda ctx: build_report(ctx)) == report
    with pytest.raises(Refused):
        world.act(lambda ctx: erase_member(ctx, ids[0]))
    outsider = world.operator("huayuan", "S02")
    with pytest.raises(PermissionDenied):
        world.act(lambda ctx: erase_member(ctx, ids[1]), outsider)


def test_member_erase_on_the_command_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    linli = fresh_program(sqlite_url(tmp_path / "linli.db"), tmp_path)
    sheet = tmp_path / "名册.csv"
    sheet.write_text("姓名,手机号,所属组织\n张秀英,13800000001,BBT\n", encoding="utf-8")
    assert linli("import", "members", str(sheet)).exit_code == 0
    erased = linli("member", "erase", "13800000001", "--yes")
    assert erased.exit_code == 0 and "已注销" in erased.stdout
    assert linli("member", "erase", "13800000001", "--yes").exit_code == 1  # the number is gone
    assert linli("audit", "verify").exit_code == 0
