"""Registering, editing and giving roles to members through the members screen's forms, checked in the database."""

from __future__ import annotations

import sqlalchemy as sa
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, OptionList, SelectionList

from linli.core.models import AuditEntry, Member, OrgNode
from linli.core.models.roles import RoleAssignment
from linli.core.runtime import Runtime
from linli.core.services import create_operator, end_role
from linli.tui.app import LinliApp
from linli.tui.screens.members import MembersScreen
from linli.tui.widgets.member_form import MemberForm
from linli.tui.widgets.role_form import RoleForm
from tests.core.factories import id_number
from tests.tui.conftest import Program
from tests.tui.helpers import drive, notices, open_screen, settle, type_into

PHONE = "13912345678"
STATION_HEAD = "yucai"


async def to_table(app: LinliApp, pilot: Pilot[None]) -> None:
    await open_screen(app, pilot, "f3")
    assert isinstance(app.screen, MembersScreen)
    await pilot.press("enter")  # from the search box into the table, where letters are commands
    await settle(app, pilot)


async def fill(app: LinliApp, pilot: Pilot[None], selector: str, text: str) -> None:
    app.screen.query_one(selector, Input).value = ""
    await type_into(app, pilot, selector, text)


async def save(app: LinliApp, pilot: Pilot[None]) -> None:
    await pilot.press("ctrl+s")
    await settle(app, pilot)


def errors(app: LinliApp) -> list[str]:
    return [n.message for n in notices(app) if n.severity == "error"]


def member_by_phone(runtime: Runtime, phone: str) -> Member | None:
    with runtime.reading() as session:
        member = session.scalar(sa.select(Member).where(Member.phone == phone))
        if member is not None:
            session.expunge(member)
        return member


def audit_actions(runtime: Runtime, kind: str, target: int) -> list[str]:
    query = sa.select(AuditEntry.action).where(AuditEntry.target_kind == kind, AuditEntry.target_id == str(target)).order_by(AuditEntry.seq)
    with runtime.reading() as session:
        return list(session.scalars(query))


def test_registering_through_the_form_keeps_it_open_on_refusals_then_creates_the_member(program: Program) -> None:
    runtime = program.runtime

    async def scenario(app: LinliApp, pilot: Pilot[None]) -> None:
        await to_table(app, pilot)
        await pilot.press("n")
        await settle(app, pilot)
        assert isinstance(app.screen, MemberForm)
        await fill(app, pilot, "#form-name", "王建国")
        await fill(app, pilot, "#form-phone", "1391234")
        await fill(app, pilot, "#form-node", "BBT-01-02")
        await save(app, pilot)
        assert isinstance(app.screen, MemberForm) and "不是有效的大陆手机号" in errors(app)[-1]
        assert app.screen.query_one("#form-name", Input).value == "王建国"  # what was typed stays

        await fill(app, pilot, "#form-phone", PHONE)
        await fill(app, pilot, "#form-id", id_number()[:-1] + ("0" if id_number()[-1] != "0" else "1"))
        await save(app, pilot)
        assert isinstance(app.screen, MemberForm) and "校验位不符" in errors(app)[-1]

        await fill(app, pilot, "#form-id", id_number())
        app.screen.query_one("#form-tags", SelectionList).focus()
        await pilot.press("space")  # the program's first tag
        await fill(app, pilot, "#form-skills", "理发、 维修")
        await save(app, pilot)
        assert isinstance(app.screen, MembersScreen)

    drive(runtime, scenario)
    member = member_by_phone(runtime, PHONE)
    assert member is not None and member.name == "王建国" and member.id_number == id_number()
    assert member.skills == ["理发", "维修"] and member.channel == "door"
    with runtime.reading() as session:
        assert session.get_one(OrgNode, member.home_node_id).code == "BBT-01-02"
        assert [tag for tag in session.get_one(Member, member.id).tags] == [next(iter(runtime.program.member_tags))]
    assert audit_actions(runtime, "member", member.id) == ["member.register"]


def test_editing_changes_only_what_was_changed(program: Program) -> None:
    runtime = program.runtime
    with runtime.reading() as session:
        first = session.scalars(sa.select(Member).order_by(Member.id).limit(1)).one()
        member_id, phone, id_before, tags = first.id, first.phone, first.id_number, list(first.tags)
    assert tags  # the form must carry them over untouched

    async def scenario(app: LinliApp, pilot: Pilot[None]) -> None:
        await to_table(app, pilot)
        await pilot.press("e")
        await settle(app, pilot)
        assert isinstance(app.screen, MemberForm)
        assert app.screen.query_one("#form-phone", Input).value == ""  # never the full number
        await fill(app, pilot, "#form-name", "李改名")
        await fill(app, pilot, "#form-skills", "书法")
        await save(app, pilot)
        assert isinstance(app.screen, MembersScreen)
        assert str(app.screen.query_one(DataTable).get_cell_at((0, 1))) == "李改名"

    drive(runtime, scenario)
    with runtime.reading() as session:
        member = session.get_one(Member, member_id)
        assert (member.name, member.skills, member.phone, member.id_number, member.tags) == ("李改名", ["书法"], phone, id_before, tags)
    assert audit_actions(runtime, "member", member_id)[-1] == "member.update"


def test_assigning_a_role_creates_the_assignment_and_a_full_seat_is_refused(program: Program) -> None:
    runtime = program.runtime
    with runtime.reading() as session:
        group = session.scalar(sa.select(OrgNode.id).where(OrgNode.code == "BBT-01-02"))
        held = session.scalars(sa.select(RoleAssignment.id).where(RoleAssignment.node_id == group)).one()
        first = session.scalar(sa.select(Member.id).order_by(Member.id).limit(1))
    roles = list(runtime.program.roles)

    async def choose(app: LinliApp, pilot: Pilot[None], role: str, node: str) -> None:
        app.screen.query_one("#form-role", OptionList).highlighted = roles.index(role)
        await fill(app, pilot, "#form-node", node)
        await save(app, pilot)

    async def scenario(app: LinliApp, pilot: Pilot[None]) -> None:
        await to_table(app, pilot)
        await pilot.press("r")
        await settle(app, pilot)
        assert isinstance(app.screen, RoleForm)
        await choose(app, pilot, "group_leader", "BBT-01-02")
        assert isinstance(app.screen, RoleForm) and "BBT-01-02" in errors(app)[-1]  # the seat is taken
        runtime.act("admin", lambda ctx: end_role(ctx, held).id)
        await save(app, pilot)
        assert isinstance(app.screen, MembersScreen)

    drive(runtime, scenario)
    with runtime.reading() as session:
        new = session.scalars(sa.select(RoleAssignment).where(RoleAssignment.node_id == group, RoleAssignment.ended_on.is_(None))).one()
        assert (new.member_id, new.role) == (first, "group_leader")
        new_id = new.id
    assert audit_actions(runtime, "role_assignment", new_id) == ["role.assign"]


def test_a_station_head_is_refused_outside_the_station(program: Program) -> None:
    runtime = program.runtime
    runtime.act("admin", lambda ctx: create_operator(ctx, username=STATION_HEAD, display_name="育才新城站长", scope_node="BBT-01").id)
    with runtime.reading() as session:
        before = session.scalar(sa.select(sa.func.count()).select_from(RoleAssignment))

    async def scenario(app: LinliApp, pilot: Pilot[None]) -> None:
        await to_table(app, pilot)
        await pilot.press("n")
        await settle(app, pilot)
        await fill(app, pilot, "#form-name", "王建国")
        await fill(app, pilot, "#form-phone", PHONE)
        await fill(app, pilot, "#form-node", "BBT")
        await save(app, pilot)
        assert isinstance(app.screen, MemberForm) and "无权管理" in errors(app)[-1]
        await pilot.press("escape")
        await settle(app, pilot)
        await pilot.press("r")
        await settle(app, pilot)
        app.screen.query_one("#form-role", OptionList).highlighted = list(runtime.program.roles).index("center_director")
        await fill(app, pilot, "#form-node", "BBT")
        await save(app, pilot)
        assert isinstance(app.screen, RoleForm) and "无权管理" in errors(app)[-1]

    drive(runtime, scenario, username=STATION_HEAD)
    assert member_by_phone(runtime, PHONE) is None
    with runtime.reading() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(RoleAssignment)) == before
