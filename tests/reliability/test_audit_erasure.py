"""Erasing a member erases their values from earlier audit entries too, and ``audit verify`` still checks every entry.

The chain hashes each personal value as a salted digest; erasure keeps the
digest and drops the value and its salt. Editing a value, a salt, the list of
personal paths or a kept digest breaks the entry's hash; erasing values
outside an erasure is reported because no ``member.erase`` entry names them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from linli.core import Database, PluginError, hookimpl
from linli.core.models import AuditEntry, Member
from linli.core.models.members import PERSONAL_KEYS
from linli.core.runtime import open_runtime
from linli.core.services import ChainProblem, register_member, update_member, verify_chain
from linli.core.services.erase import erase_member
from linli.plugins.dispatch.needs import NeedRow, raise_need
from tests.core.factories import World, id_number, make_world
from tests.reliability.cli import Invoke, fresh_program
from tests.reliability.world import populated_world

NEW_PHONE = "13800000011"
MOTHER = "赵大妈"  # asked from NEW_PHONE before the member had it: someone else


@dataclass
class Erased:
    world: World
    member: int
    other: int
    personal: tuple[str, ...]  # what the audit log holds about the member: name and masked numbers


def entry(database: Database, action: str, target_kind: str, target_id: int) -> AuditEntry:
    with database.reading() as session:
        found = session.scalars(
            sa.select(AuditEntry).where(AuditEntry.action == action, AuditEntry.target_kind == target_kind, AuditEntry.target_id == str(target_id))
        ).one()
        session.expunge(found)  # kept as read, to compare with and to tamper from
        return found


def audit_rows(database: Database) -> str:
    """Every column of every audit row, salts and digests included, as one text to search (JSON decoded: it escapes Chinese)."""
    columns = [column.key for column in sa.inspect(AuditEntry).columns]
    with database.reading() as session:
        return "\n".join(repr([getattr(row, key) for key in columns]) for row in session.scalars(sa.select(AuditEntry).order_by(AuditEntry.seq)))


def set_columns(database: Database, seq: int, **values: Any) -> None:
    """Write to an audit row behind the services' back, as someone with database access could."""
    with database.engine.begin() as connection:
        connection.execute(sa.update(AuditEntry).where(AuditEntry.seq == seq).values(**values))


def kinds(database: Database) -> list[tuple[int, str]]:
    with database.reading() as session:
        return [(problem.seq, problem.kind) for problem in verify_chain(session)]


def her_story(database: Database) -> Erased:
    """张秀英 registers, changes her phone, asks for help; 赵大妈 had asked from that phone earlier."""
    world, target = populated_world(database)
    mother = NeedRow(name=MOTHER, node="G0101", category="elderly", phone=NEW_PHONE, address="安居苑5栋")
    world.act(lambda ctx: raise_need(ctx, mother, channel="door"))
    world.act(lambda ctx: update_member(ctx, target.member, phone=NEW_PHONE))
    own = NeedRow(name="张秀英", node="G0101", category="elderly", phone=NEW_PHONE)
    world.act(lambda ctx: raise_need(ctx, own, channel="door"))
    with database.reading() as session:
        member = session.get(Member, target.member)
        assert member is not None and member.masked_id is not None
        personal = ("张秀英", "138****0001", "138****0011", member.masked_id)
    return Erased(world, target.member, target.other_member, personal)


def test_erasing_a_member_leaves_none_of_their_values_in_the_audit_log_and_the_chain_verifies(database: Database) -> None:
    story = her_story(database)
    held = audit_rows(database)
    assert [value for value in story.personal if value not in held] == []

    story.world.act(lambda ctx: erase_member(ctx, story.member))

    left = audit_rows(database)
    assert [value for value in (*story.personal, "13800000001", NEW_PHONE, id_number()) if value in left] == []
    assert MOTHER in left  # the other requester's name stays; only the member's phone went
    registered = entry(database, "member.register", "member", story.member).after or {}
    assert {key for key, value in registered.items() if value == "已注销"} == PERSONAL_KEYS  # birth date, tags, skills … too
    assert kinds(database) == []
    with database.reading() as session:
        erasure = session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "member.erase")).one()
        redacted = {entry.seq: sorted(entry.redacted or {}) for entry in session.scalars(sa.select(AuditEntry).where(AuditEntry.redacted.is_not(None)))}
        mothers = session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "dispatch.need").order_by(AuditEntry.seq)).all()[1]
        assert erasure.after is not None and {int(seq): sorted(paths) for seq, paths in erasure.after["redacted"].items()} == redacted
        assert len(redacted) == 4  # register, update, her need, her mother's need
        assert mothers.after is not None and (mothers.after["requester"], mothers.after["phone"]) == (MOTHER, "已注销")
        assert sorted(mothers.salts or {}) == ["after.requester"] and sorted(mothers.redacted or {}) == ["after.phone"]


@pytest.mark.parametrize(
    "column, change",
    [
        ("after", lambda entry: entry.after | {"name": "张秀云"}),  # a sealed value
        ("salts", lambda entry: entry.salts | {"after.name": "0" * 32}),
        ("personal", lambda entry: [path for path in entry.personal if path != "after.phone"]),
        ("salts", lambda entry: {path: salt for path, salt in entry.salts.items() if path != "after.phone"}),
    ],
    ids=["value", "salt", "paths", "dropped-salt"],
)
def test_editing_a_sealed_entry_is_detected(database: Database, column: str, change: Any) -> None:
    story = her_story(database)
    registered = entry(database, "member.register", "member", story.member)
    set_columns(database, registered.seq, **{column: change(registered)})
    assert kinds(database) == [(registered.seq, "hash")]


@pytest.mark.parametrize(
    "column, change",
    [
        ("redacted", lambda entry: entry.redacted | {"after.name": "0" * 64}),  # a kept digest
        ("after", lambda entry: entry.after | {"name": "李建华"}),  # the erased value put back
        ("salts", lambda entry: {"after.name": "0" * 32}),  # a salt beside a kept digest
    ],
    ids=["digest", "value-back", "salt-back"],
)
def test_editing_an_erased_entry_is_detected(database: Database, column: str, change: Any) -> None:
    story = her_story(database)
    story.world.act(lambda ctx: erase_member(ctx, story.other))
    registered = entry(database, "member.register", "member", story.other)
    assert registered.redacted and kinds(database) == []
    set_columns(database, registered.seq, **{column: change(registered)})
    assert kinds(database) == [(registered.seq, "hash")]


def test_erasing_values_without_an_erasure_is_reported(database: Database) -> None:
    story = her_story(database)
    story.world.act(lambda ctx: erase_member(ctx, story.member))
    with database.writing() as session:
        # Values no member.erase names: another member's entry, and the name in 赵大妈's need (only its phone was erased).
        registered = session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "member.register", AuditEntry.target_id == str(story.other))).one()
        mothers = session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "dispatch.need").order_by(AuditEntry.seq)).all()[1]
        assert registered.redact() and mothers.redact()
        expected = sorted([(registered.seq, registered.id), (mothers.seq, mothers.id)])
    with database.reading() as session:
        problems = verify_chain(session)
    assert problems == [ChainProblem(seq, entry_id, "redacted") for seq, entry_id in expected]
    assert "member.erase" in problems[0].message("zh-CN")


class NamesTargetsAsText:
    @hookimpl
    def linli_member_erased(self, member_ids: list[int]) -> str:
        return f"member:{member_ids[0]}"


def test_a_plugin_returning_something_else_than_audit_targets_is_named_and_nothing_is_erased(database: Database) -> None:
    world = make_world(database, ("careless", NamesTargetsAsText()))
    member = world.act(lambda ctx: register_member(ctx, name="张秀英", phone="13800000001", home_node="G0101").id)
    held = audit_rows(database)
    with pytest.raises(PluginError) as raised:
        world.act(lambda ctx: erase_member(ctx, member))
    assert (raised.value.plugin, raised.value.hook) == ("careless", "linli_member_erased")
    assert audit_rows(database) == held and "张秀英" in held


@pytest.fixture
def linli(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Invoke:
    monkeypatch.chdir(tmp_path)
    invoke = fresh_program(database_url, tmp_path)
    runtime = open_runtime(Path("bbt/linli.yaml"), database_url=database_url)
    member = runtime.act("admin", lambda ctx: register_member(ctx, name="张秀英", phone="13800000001", home_node="BBT", id_number=id_number()).id)
    runtime.act("admin", lambda ctx: update_member(ctx, member, phone=NEW_PHONE))
    runtime.close()
    return invoke


def test_erasure_on_the_command_line_verifies_and_the_log_still_reads(linli: Invoke) -> None:
    assert "张秀英" in linli("audit", "log", "--action", "member").stdout
    assert linli("member", "erase", NEW_PHONE, "--yes").exit_code == 0
    verified = linli("audit", "verify")
    assert verified.exit_code == 0 and "审计日志完好" in verified.stdout and "迁移 0003" not in verified.stderr
    lines = linli("audit", "log", "--action", "member").stdout.splitlines()
    assert [line.split("\t")[3] for line in lines] == ["member.register", "member.update", "member.erase"]
    assert "张秀英" not in "\n".join(lines) and '"name": "已注销"' in lines[0]


def test_a_tampered_value_is_named_and_older_entries_are_noted(linli: Invoke, database_url: str) -> None:
    engine = sa.create_engine(database_url)
    with engine.begin() as connection:
        # An entry written before 0003 has NULL in the new columns; operator.create has no personal values.
        connection.execute(sa.text("UPDATE audit_entry SET personal = NULL WHERE action = 'operator.create'"))
    noted = linli("audit", "verify")
    assert noted.exit_code == 0 and "1 条审计记录写于个人信息可注销之前" in noted.stderr
    engine.dispose()
    database = Database(database_url)
    registered = entry(database, "member.register", "member", 1)
    assert registered.after is not None
    set_columns(database, registered.seq, after=registered.after | {"name": "张秀云"})
    database.dispose()
    broken = linli("audit", "verify")
    assert broken.exit_code == 1 and f"审计日志第 {registered.seq} 条" in broken.stderr and "哈希不符" in broken.stderr
