"""An import approving thousands of records banks them in a handful of statements, and concurrent reviews keep the cap."""

from __future__ import annotations

import threading

import sqlalchemy as sa

from linli.core import Database, Refused
from linli.core.models import ServiceRecord
from linli.core.services import MemberRow, ServiceRow, record_imported_service, register_members, review
from tests.core.factories import counting
from tests.plugins.time_bank.bank import make_bank

MEMBERS = 1000


def test_two_thousand_approvals_bank_in_a_bounded_number_of_statements(database: Database) -> None:
    bank = make_bank(database, members=0)
    with bank.world.acting() as ctx:
        rows = [MemberRow(name=f"志愿者{i}", phone=f"139{i:08d}", home_node="G0101") for i in range(MEMBERS)]
        people = [member.id for member in register_members(ctx, rows)]
        # Everyone serves once, then serves the next person, who pays from what they just banked.
        created = record_imported_service(ctx, [ServiceRow(bank.activity, 60, member_id=m) for m in people * 2]).created
        served = [{"id": r.id, "served_member_id": people[(i + 1) % MEMBERS]} for i, r in enumerate(created[MEMBERS:])]
        ctx.session.execute(sa.update(ServiceRecord), served)
    with bank.world.acting() as ctx, counting(ctx.session) as statements:
        review(ctx, approve=[r.id for r in created])
    assert len(statements) < 60, len(statements)
    with database.reading() as session:
        balances = session.execute(sa.text("select balance, count(*) from ledger_account where kind = 'member' group by balance")).all()
    assert [tuple(row) for row in balances] == [(60, MEMBERS)]
    assert bank.account("system", "time_bank") == -60 * MEMBERS
    assert bank.transfers() == 3 * MEMBERS
    assert bank.invariants() == []


def test_concurrent_reviews_cannot_overdraw_past_the_cap(database: Database) -> None:
    bank = make_bank(database, members=5, max_overdraft_minutes=60)
    elder, *helpers = bank.people
    bank.serve(elder, 10)  # 10 held + 60 overdraft: room for one 40-minute visit, not two
    records = [bank.record(helper, 40, served=elder) for helper in helpers]
    start = threading.Barrier(len(records))
    outcomes: list[str] = []

    def approve(record: int) -> None:
        start.wait()
        try:
            bank.world.act(lambda ctx: review(ctx, approve=[record]))
            outcomes.append("approved")
        except Refused:
            outcomes.append("refused")

    threads = [threading.Thread(target=approve, args=(record,)) for record in records]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["approved", "refused", "refused", "refused"]
    assert bank.balance(elder) == -30
    assert bank.invariants() == []
