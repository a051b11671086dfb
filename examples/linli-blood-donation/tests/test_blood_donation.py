"""The plugin's own tests, on the fixtures of linli's pytest plugin (``linli_program``, ``linli_operator`` …)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import select

import linli_blood_donation
from linli.core import Refused, ledger, services
from linli_blood_donation.cli import record_donation

PROGRAM = """\
linli: 1
program: {name: 献血测试社区, locale: en}
organization:
  levels: [{key: center, name: 中心}]
  nodes: [{code: C1, name: 测试中心, level: center}]
activity_categories:
  patrol: {name: 巡逻}
incentives:
  rules:
    - {id: base, kind: rate, points: 1}
    - {id: blood, kind: blood_donation_bonus}
"""
SECTION = "blood_donation: {points_per_donation: 20, yearly_cap: 30}\n"
CST = dt.timezone(dt.timedelta(hours=8))


@pytest.fixture
def host(linli_plugin_host: Any) -> Any:
    return linli_plugin_host(("blood_donation", linli_blood_donation))


@pytest.fixture
def bench(linli_program: Any, linli_operator: Any, host: Any) -> Any:
    return linli_operator(linli_program(PROGRAM + SECTION, host), host)


def test_a_good_section_loads(linli_program: Any, host: Any) -> None:
    program = linli_program(PROGRAM + SECTION, host)
    assert program.section("blood_donation")["points_per_donation"] == 20


@pytest.mark.parametrize(
    ("section", "message"),
    [
        ("blood_donation: {points_per_donation: 0}\n", "0 is too small"),
        ("blood_donation: {points_per_donation: 20, yearly_cap: 10}\n", "yearly_cap 10 is below points_per_donation 20"),
        ("blood_donation: {points_per_donation: 20, ml: 3}\n", "ml"),
    ],
)
def test_a_bad_section_is_reported(linli_program: Any, host: Any, section: str, message: str) -> None:
    with pytest.raises(pytest.fail.Exception, match=message):
        linli_program(PROGRAM + section, host)


def test_the_section_needs_a_rule_that_pays(linli_program: Any, host: Any) -> None:
    without_rule = PROGRAM.replace("    - {id: blood, kind: blood_donation_bonus}\n", "")
    with pytest.raises(pytest.fail.Exception, match="no incentives rule has kind blood_donation_bonus"):
        linli_program(without_rule + SECTION, host)


def serve(bench: Any, member_id: int, day: str) -> None:
    """One approved hour of patrol on *day*."""
    start = dt.datetime.fromisoformat(f"{day} 09:00").replace(tzinfo=CST)
    with bench.acting() as ctx:
        activity = services.create_activity(ctx, title="巡逻", category="patrol", host_node="C1", starts_at=start, ends_at=start + dt.timedelta(hours=2))
        services.open_activity(ctx, activity.id)
        record = services.record_manual(ctx, member_id=member_id, activity_id=activity.id, minutes=60, check_in_at=start, check_out_at=start + dt.timedelta(hours=1))
    bench.act(lambda ctx: services.review(ctx, approve=[record.id]))


def points(bench: Any, member_id: int) -> int:
    with bench.database.reading() as session:
        account = session.scalar(select(ledger.Account).where(ledger.Account.kind == "member", ledger.Account.owner == str(member_id)))
        return 0 if account is None else ledger.balance(session, account)


def test_donations_earn_a_bonus_with_the_next_service_within_the_yearly_cap(bench: Any) -> None:
    member = bench.act(lambda ctx: services.register_member(ctx, name="献血者", phone="13900000001", home_node="C1").id)
    for day in ("2026-01-10", "2026-05-10", "2026-09-10"):
        bench.act(lambda ctx, day=day: record_donation(ctx, "13900000001", dt.date.fromisoformat(day), 300))
    serve(bench, member, "2026-10-01")
    assert points(bench, member) == 1 + 20 + 10  # the hour, then the cap of 30 for 2026
    serve(bench, member, "2026-10-02")
    assert points(bench, member) == 1 + 20 + 10 + 1  # each donation is settled once
    bench.act(lambda ctx: record_donation(ctx, "13900000001", dt.date(2027, 1, 5), 200))
    serve(bench, member, "2027-01-06")
    assert points(bench, member) == 32 + 1 + 20  # a new year, a new cap


def test_a_donation_outside_the_range_is_refused(bench: Any) -> None:
    bench.act(lambda ctx: services.register_member(ctx, name="献血者", phone="13900000002", home_node="C1"))
    with pytest.raises(Refused):
        bench.act(lambda ctx: record_donation(ctx, "13900000002", dt.date(2026, 1, 1), 5000))


def test_the_plugin_is_off_without_its_section(linli_program: Any, host: Any) -> None:
    without = PROGRAM.replace("    - {id: blood, kind: blood_donation_bonus}\n", "")
    with pytest.raises(pytest.fail.Exception, match="unknown points rule kind"):
        linli_program(PROGRAM, host)
    assert "blood_donation" not in linli_program(without, host).sections


def test_the_dashboard_panel_counts_this_years_donations(bench: Any, host: Any) -> None:
    from linli_blood_donation.tui import DonationPanel, this_year

    bench.clock[0] = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
    member = bench.act(lambda ctx: services.register_member(ctx, name="献血者", phone="13900000003", home_node="C1").id)
    bench.act(lambda ctx: record_donation(ctx, "13900000003", dt.date(2025, 6, 1), 400))
    bench.act(lambda ctx: record_donation(ctx, "13900000003", dt.date(2026, 6, 1), 300))
    serve(bench, member, "2026-10-01")
    assert bench.act(this_year) == (1, 300, 20)
    [[(title, panel)]] = host.hooks_for(["blood_donation"]).linli_tui_panels(program=bench.program)
    assert (title, panel) == ("Blood donation", DonationPanel)
