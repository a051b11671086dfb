"""Erasing a member who asked for help and gave it reaches the dispatch plugin's tables; totals and chains stay."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from linli.core import Database, ledger
from linli.core.models import ServiceRecord
from linli.core.services import register_member, review, verify_chain
from linli.core.services.erase import erase_member
from linli.plugins.dispatch.completion import complete_order
from linli.plugins.dispatch.models import Need, Requester
from linli.plugins.dispatch.needs import NeedRow, raise_need
from linli.plugins.dispatch.orders import accept_order, dispatch_order, make_order
from tests.reliability.world import dump, populated_world

# What 张秀英 told the station about herself when she asked for help.
PERSONAL = ("张秀英", "13800000001", "安居苑3栋2单元101", "腿脚不便，周三需陪同就医", "周三上午")


def serve(world: Any, order_id: int, member_id: int) -> int:
    """*member_id* takes the order, does it in an hour; returns the service record awaiting review."""
    world.act(lambda ctx: dispatch_order(ctx, order_id, member_id))
    world.act(lambda ctx: accept_order(ctx, order_id, member_id))
    return world.act(lambda ctx: complete_order(ctx, order_id, minutes=60).record_id)


def totals(database: Database) -> tuple[Any, ...]:
    """Every account's balance, every member's approved minutes, and what the ledger and the chain report."""
    with database.reading() as session:
        balances = sorted(session.execute(sa.select(ledger.Account.kind, ledger.Account.owner, ledger.Account.unit, ledger.Account.balance)).all())
        minutes = sorted(
            session.execute(
                sa.select(ServiceRecord.member_id, sa.func.sum(ServiceRecord.approved_minutes))
                .where(ServiceRecord.state == "approved")
                .group_by(ServiceRecord.member_id)
            ).all()
        )
        return balances, minutes, ledger.check_invariants(session), verify_chain(session)


def test_erasing_a_member_removes_what_dispatch_holds_about_them(database: Database) -> None:
    world, target = populated_world(database)
    name, phone, address, description, preferred = PERSONAL
    served_by_her = serve(world, target.order, target.member)  # she helped 王奶奶
    asked = NeedRow(name=name, node="G0101", category="elderly", phone=phone, address=address, description=description, preferred_time=preferred)
    need_id = world.act(lambda ctx: raise_need(ctx, asked, channel="door").id)
    her_order = world.act(lambda ctx: make_order(ctx, need_id).id)
    served_for_her = serve(world, her_order, target.other_member)  # 李建华 helped her
    world.act(lambda ctx: review(ctx, approve=[served_by_her, served_for_her]))
    before = totals(database)
    assert before[2:] == ([], []) and any(amount for *_, amount in before[0])

    world.act(lambda ctx: erase_member(ctx, target.member))

    assert totals(database) == before  # points, hours, ledger and audit chain: as they were
    with database.reading() as session:
        requester = session.scalars(sa.select(Requester).where(Requester.member_id == target.member)).one()
        assert (requester.name, requester.phone, requester.address) == (f"已注销#{target.member}", None, None)
        need = session.get(Need, need_id)
        assert need is not None and (need.description, need.preferred_time, need.category) == (None, None, "elderly")
        record = session.get(ServiceRecord, served_for_her)
        assert record is not None and record.served_member_id == target.member  # her service archive still counts
    tables = {table: rows for table, rows in dump(database).items() if table != "audit_entry"}
    left = [(table, value) for table, rows in tables.items() for row in rows for value in PERSONAL if value in repr(row)]
    assert left == []


def test_someone_else_asking_from_the_erased_members_phone_loses_only_the_phone(database: Database) -> None:
    world, _ = populated_world(database)
    asked = NeedRow(name="赵大妈", node="G0101", category="elderly", phone="13800000009", address="安居苑5栋")
    world.act(lambda ctx: raise_need(ctx, asked, channel="door"))  # before her son registered with that phone
    son = world.act(lambda ctx: register_member(ctx, name="赵敏", phone="13800000009", home_node="G0101").id)
    world.act(lambda ctx: erase_member(ctx, son))
    with database.reading() as session:
        mother = session.scalars(sa.select(Requester).where(Requester.name == "赵大妈")).one()
        assert (mother.phone, mother.address, mother.member_id) == (None, "安居苑5栋", None)
