"""Funds backing points: which fund pays (rules), budgets that refuse or flag (summed batch by batch), and the config checks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import sqlalchemy as sa

import linli.plugins.exchange as exchange
from linli.core import Database, Refused
from linli.core.config import ProgramLoader
from linli.core.ledger import Account, Posting, Transfer
from linli.core.plugins import make_plugin_host
from linli.core.services import create_activity, open_activity, record_manual, review
from linli.core.services.context import CHINA_STANDARD_TIME
from linli.plugins.funds import FundFlag
from linli.plugins.funds.overview import budget_use
from tests.core.factories import World
from tests.plugins.exchange.helpers import balance, earn, exchange_world, member
from tests.plugins.exchange.test_settlement import FUNDS


def funds_world(database: Database, **changes: Any) -> World:
    section = {**FUNDS, **changes}
    return exchange_world(database, funds_section=section)


def sources(world: World) -> dict[str, str]:
    """Each service credit's key → the account it came from."""
    with world.database.reading() as session:
        query = (
            sa.select(Transfer.idempotency_key, Account.kind, Account.owner)
            .join(Posting, Posting.transfer_id == Transfer.id)
            .join(Account, Account.id == Posting.account_id)
            .where(Posting.amount < 0, Transfer.produced_by == "incentives")
        )
        return {key: f"{kind}:{owner}" for key, kind, owner in session.execute(query)}


def test_rules_choose_the_fund_first_match_wins_else_default_else_issuer(database: Database) -> None:
    world = funds_world(database)
    a, b = member(world, "13800000001"), member(world, "13800000002", home="G0201")
    earn(world, a, 1, category="elderly")  # the charity rule comes first
    earn(world, a, 2, at="2024-03-01 12:00")  # S01: government
    earn(world, b, 3)  # S02 matches no rule and there is no default
    assert sorted(sources(world).values()) == ["fund:bbt_charity", "fund:gov", "issuer:G0201"]
    assert (balance(world, "fund", "gov"), balance(world, "fund", "bbt_charity"), balance(world, "issuer", "G0201")) == (-20, -10, -30)


def test_a_default_fund_takes_what_no_rule_matches(database: Database) -> None:
    world = funds_world(database, default="bbt_charity", rules=[])
    earn(world, member(world, "13800000002", home="G0201"), 3)
    assert list(sources(world).values()) == ["fund:bbt_charity"]


def test_over_budget_is_refused_naming_the_fund(database: Database) -> None:
    capped = [{**FUNDS["accounts"][0], "budget": {"points": 100, "per": "month"}}, FUNDS["accounts"][1]]
    world = funds_world(database, accounts=capped)
    a = member(world, "13800000001")
    earn(world, a, 8)
    with pytest.raises(Refused) as refused:
        earn(world, a, 3, at="2024-03-02 09:00")
    assert refused.value.key == "funds.over_budget"
    assert refused.value.render("zh-CN") == "资金“政府项目资金”2024-03 的预算为 100 积分，已支付 80 积分，本次还需 30 积分，超出预算，本批审核未通过"
    assert balance(world, "member", str(a)) == 80
    earn(world, a, 3, at="2024-04-02 09:00")  # April has a budget of its own


def test_over_budget_is_flagged_and_shown_when_the_fund_flags(database: Database) -> None:
    capped = [{**FUNDS["accounts"][0], "budget": {"points": 100, "per": "quarter"}, "on_over_budget": "flag"}, FUNDS["accounts"][1]]
    world = funds_world(database, accounts=capped)
    a = member(world, "13800000001")
    earn(world, a, 8)
    earn(world, a, 3, at="2024-03-02 09:00")
    assert balance(world, "member", str(a)) == 110
    with database.reading() as session:
        flags = [(f.fund, f.period_start, f.points) for f in session.scalars(sa.select(FundFlag))]
    assert flags == [("gov", dt.date(2024, 1, 1), 10)]
    settlement = world.act(lambda ctx: exchange.settle(ctx, "2024-03"))
    assert settlement.funds["gov"] == {"name": "政府项目资金", "source": "government", "budget": 100, "flagged": 10}
    uses = {use.key: use for use in world.act(lambda ctx: budget_use(ctx, dt.date(2024, 3, 15)))}
    assert (uses["gov"].period, uses["gov"].used, uses["gov"].left, uses["gov"].flagged) == ("2024-Q1", 110, -10, 10)
    assert (uses["bbt_charity"].period, uses["bbt_charity"].used) == (None, 0)


def test_a_rule_naming_an_unknown_org_refuses_rather_than_charging_the_wrong_fund(database: Database) -> None:
    world = funds_world(database, rules=[{"fund": "gov", "within": ["NOWHERE"]}])
    with pytest.raises(Refused) as refused:
        earn(world, member(world, "13800000001"), 1)
    assert refused.value.key == "funds.unknown_node" and "NOWHERE" in refused.value.render("zh-CN")


PROGRAM = """\
linli: 1
program: {name: 汉阳区}
organization:
  levels: [{key: district, name: 区}, {key: street, name: 街道}]
activity_categories: {patrol: {name: 巡逻}}
funds:
  default: gov
  accounts:
    - {key: gov, name: 政府项目资金, source: government}
    - {key: gov, name: 又一个, source: charity}
  rules:
    - {fund: nobody, categories: [patrol, dancing]}
"""


def test_config_checks_name_unknown_funds_duplicates_and_categories() -> None:
    checked = ProgramLoader(make_plugin_host(autoload=False)).check_text(PROGRAM)
    assert [(p.line, p.key) for p in checked.problems] == [
        (10, "funds.duplicate_key"),
        (12, "funds.unknown_fund"),
        (12, "funds.unknown_category"),
    ]


def _budgeted(database: Database) -> World:
    capped = [{**FUNDS["accounts"][0], "budget": {"points": 100, "per": "month"}}, FUNDS["accounts"][1]]
    return funds_world(database, accounts=capped)


@contextmanager
def _posting_reads(world: World) -> Iterator[list[str]]:
    """The statements summing a fund's postings while the block runs."""
    seen: list[str] = []

    def capture(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if "sum(ledger_posting.amount)" in statement:
            seen.append(statement)

    sa.event.listen(world.database.engine, "before_cursor_execute", capture)
    try:
        yield seen
    finally:
        sa.event.remove(world.database.engine, "before_cursor_execute", capture)


def test_a_budget_reads_only_the_transfers_since_the_last_approved_batch(database: Database) -> None:
    world = _budgeted(database)
    a = member(world, "13800000001")
    earn(world, a, 3)
    earn(world, a, 3, at="2024-03-02 09:00")
    with _posting_reads(world) as seen, pytest.raises(Refused) as refused:
        earn(world, a, 5, at="2024-03-03 09:00")
    assert refused.value.params["used"] == 60
    assert len(seen) == 1 and "ledger_posting.transfer_id >" in seen[0]


def test_a_transfer_committed_late_below_the_last_batch_still_counts(database: Database) -> None:
    """A concurrent writer may commit a lower transfer id after a batch read the fund: the next batch sums again."""
    world = _budgeted(database)
    a = member(world, "13800000001")
    earn(world, a, 3)
    with database.writing() as session:
        fund = session.scalars(sa.select(Account).where(Account.kind == "fund", Account.owner == "gov")).one()
        mine = session.scalars(sa.select(Account).where(Account.kind == "member", Account.owner == str(a))).one()
        at = dt.datetime(2024, 3, 1, 12, tzinfo=dt.UTC)
        session.execute(
            sa.insert(Transfer).values(
                id=0, idempotency_key="test:late", unit="points", cause="test", produced_by="test", rule_ids=[],
                occurred_at=at, created_at=at, content_hash="0" * 64,
            )
        )
        session.execute(sa.insert(Posting), [{"transfer_id": 0, "account_id": fund.id, "amount": -20}, {"transfer_id": 0, "account_id": mine.id, "amount": 20}])
        for account, delta in ((fund, -20), (mine, 20)):
            session.execute(sa.update(Account).where(Account.id == account.id).values(balance=Account.balance + delta))
    with pytest.raises(Refused) as refused:
        earn(world, a, 6, at="2024-03-02 09:00")
    assert refused.value.params["used"] == 50


def test_what_a_rolled_back_batch_read_is_not_kept(database: Database) -> None:
    """Savepoints inside the batch commit before it does; only the batch's own commit keeps what it read."""
    world = _budgeted(database)
    a = member(world, "13800000001")
    start = dt.datetime(2024, 3, 1, 9, tzinfo=CHINA_STANDARD_TIME)
    with world.acting() as ctx:
        activity = create_activity(ctx, title="巡逻", category="patrol", host_node="S01", starts_at=start, ends_at=start + dt.timedelta(hours=3))
        open_activity(ctx, activity.id)
        record = record_manual(ctx, member_id=a, activity_id=activity.id, minutes=180, check_in_at=start, check_out_at=start + dt.timedelta(hours=3)).id
    with pytest.raises(LookupError), world.acting() as ctx:
        review(ctx, approve=[record])
        raise LookupError("the review screen was closed before the batch was saved")
    with _posting_reads(world) as seen:
        earn(world, a, 3, at="2024-03-02 09:00")
    assert len(seen) == 1 and "ledger_posting.transfer_id >" not in seen[0]
