"""Long operations on a Hanyang program, run in a subprocess so a test can kill them at any point.

``python -m tests.reliability.interrupted URL review`` approves every record
still waiting for review in one ``review`` call, as the review screen approves a selection;
``python -m tests.reliability.interrupted URL redeem`` works through the
redemption list :func:`redemptions` one request at a time, each with its own
idempotency key, as a counter's batch of app orders would, skipping those the
exchange refuses. :func:`prepare` builds the program both run on.
"""

from __future__ import annotations

import datetime as dt
import sys
from functools import partial

import sqlalchemy as sa

from linli.core import Context, Database, Refused, ledger
from linli.core.config import ProgramLoader
from linli.core.db import Base
from linli.core.models import Member, ServiceRecord
from linli.core.plugins import make_plugin_host
from linli.core.runtime import Runtime
from linli.core.services import MemberRow, ServiceRow, create_operator, record_imported_service, register_members, review
from linli.plugins.exchange.redeem import redeem
from linli.plugins.merchants.sync import sync_catalogue
from tests.scenarios.helpers import ADMIN, cst, open_preset

NOW = dt.datetime(2026, 11, 28, 2, 0, tzinfo=dt.UTC)
HOME = "HY-SX-MLDH"
CLERKS = ("mldh_market", "mldh_flower", "jg_barber", "jg_carwash", "hy_property", "hy_yangxiaoyi")
# (item, quantity) each member asks for, in turn: rice is limited to 2 a month per member and both run out of stock.
ORDER = (("detergent", 1), ("rice-5kg", 1), ("detergent", 1), ("rice-5kg", 2))


def prepare(url: str, members: int, *, grant: int = 0) -> None:
    """A Hanyang program with *members* in 梅林都汇, each with two 4-hour records waiting for review and *grant* points."""
    make_plugin_host(autoload=False)  # imports the built-in plugins, so their tables are on Base.metadata
    database = Database(url)
    Base.metadata.create_all(database.engine)
    hy = open_preset("hanyang", database, now=NOW)
    for clerk in CLERKS:
        hy.act(lambda ctx, name=clerk: create_operator(ctx, username=name, display_name=name, role="clerk"))
    hy.act(sync_catalogue)
    rows = [MemberRow(f"志愿者{i}", f"136{i:08d}", HOME) for i in range(members)]
    ids = hy.act(lambda ctx: [member.id for member in register_members(ctx, rows)])
    visit = hy.activity("陪伴孤寡老人", "elder_care", HOME, "2026-11-03 08:00", hours=8)
    spans = [(cst("2026-11-03 08:00"), cst("2026-11-03 12:00")), (cst("2026-11-03 13:00"), cst("2026-11-03 17:00"))]
    service = [ServiceRow(visit, 240, member_id=i, check_in_at=start, check_out_at=end) for i in ids for start, end in spans]
    hy.act(lambda ctx: record_imported_service(ctx, service))
    if grant:
        hy.act(lambda ctx: _grant(ctx, ids, grant))
    database.dispose()


def _grant(ctx: Context, member_ids: list[int], points: int) -> None:
    issuer = ledger.account(ctx.session, "issuer", HOME, "points")
    for member in member_ids:
        purse = ledger.account(ctx.session, "member", str(member), "points")
        ledger.post(ctx.session, ledger.TransferRequest.move(f"test:grant:{member}", issuer, purse, points, cause="correction", occurred_at=NOW))


def redemptions(member_ids: list[int]) -> list[tuple[str, int, str, int]]:
    """(key, member, item, quantity): each member's requests in :data:`ORDER`."""
    return [(f"run:{m}:{n}", m, item, quantity) for m in member_ids for n, (item, quantity) in enumerate(ORDER)]


def runtime(url: str) -> Runtime:
    host = make_plugin_host(autoload=False)
    result = ProgramLoader(host).check_preset("hanyang")
    assert result.program is not None
    return Runtime(result.program, host, Database(url), now=lambda: NOW)


def approve_waiting(hy: Runtime) -> None:
    def work(ctx: Context) -> None:
        waiting = list(ctx.session.scalars(sa.select(ServiceRecord.id).where(ServiceRecord.state == "checked_out")))
        review(ctx, approve=waiting)

    hy.act(ADMIN, work)


def redeem_all(hy: Runtime) -> None:
    with hy.reading() as session:
        members = list(session.scalars(sa.select(Member.id).order_by(Member.id)))
    for key, member, item, quantity in redemptions(members):
        try:
            hy.act(ADMIN, partial(redeem, member=member, item=item, quantity=quantity, key=key))
        except Refused:
            pass  # out of stock or over the monthly limit: the run goes on with the next request


if __name__ == "__main__":
    url, job = sys.argv[1:3]
    program = runtime(url)
    print("working", flush=True)  # the killer's cue: imports and loading are over, the writes begin
    {"review": approve_waiting, "redeem": redeem_all}[job](program)
    print("done")
