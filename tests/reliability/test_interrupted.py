"""An approval batch and a run of redemptions, killed at random points and re-run, end as if never interrupted."""

from __future__ import annotations

import random
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa

from linli.core import Database, ledger
from linli.core.db import sqlite_url
from linli.core.models import AuditEntry, ServiceRecord
from linli.core.services import verify_chain
from linli.plugins.exchange.models import Redemption
from linli.plugins.merchants.models import CatalogueItem
from tests.reliability.interrupted import prepare

ROOT = Path(__file__).resolve().parents[2]
KILLS = 3


def start(url: str, job: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.reliability.interrupted", url, job], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def kill_then_finish(url: str, job: str, seconds: tuple[float, float], check: Callable[[str], None]) -> None:
    """Kill *job* :data:`KILLS` times at random moments while it writes, *check* the database after each, then run it to the end twice."""
    chance = random.Random(f"{job}-20261122")
    for _ in range(KILLS):
        process = start(url, job)
        assert process.stdout is not None and process.stdout.readline() == "working\n"
        time.sleep(chance.uniform(*seconds))
        process.kill()
        process.communicate()
        check(url)
    for _ in range(2):  # the second run finds the work done and does it no second time
        process = start(url, job)
        out, err = process.communicate(timeout=300)
        assert process.returncode == 0 and out.split() == ["working", "done"], err
        check(url)


def problems(session: sa.orm.Session) -> list[str]:
    return [*ledger.check_invariants(session), *(p.message() for p in verify_chain(session))]


@pytest.fixture
def url(tmp_path: Path) -> str:
    return sqlite_url(tmp_path / "linli.db")


def test_a_killed_approval_batch_is_all_or_nothing_and_a_rerun_credits_each_record_once(url: str) -> None:
    prepare(url, 1500)
    records = 3000

    def check(url: str) -> None:
        database = Database(url)
        with database.reading() as session:
            approved = session.scalar(sa.select(sa.func.count()).where(ServiceRecord.state == "approved"))
            keys = list(session.scalars(sa.select(ledger.Transfer.idempotency_key).where(ledger.Transfer.idempotency_key.like("points:service:%"))))
            audited = session.scalar(sa.select(sa.func.count()).where(AuditEntry.action == "service.approve"))
            assert approved in (0, records) and len(keys) == audited == approved and len(set(keys)) == len(keys)
            assert problems(session) == []
        database.dispose()

    kill_then_finish(url, "review", (0.0, 2.0), check)
    database = Database(url)
    with database.reading() as session:
        assert session.scalar(sa.select(sa.func.count()).where(ServiceRecord.state == "approved")) == records
        balances = Counter(session.scalars(sa.select(ledger.Account.balance).where(ledger.Account.kind == "member")))
        assert balances == {80: 1500}  # 8 hours at 10 points an hour, once
    database.dispose()


def test_a_killed_redemption_run_never_oversells_or_repeats_and_a_rerun_completes_it(url: str) -> None:
    members, grant = 250, 500
    prepare(url, members, grant=grant)
    declared = {"detergent": 300, "rice-5kg": 200}

    def check(url: str) -> None:
        database = Database(url)
        with database.reading() as session:
            issued = dict(session.execute(sa.select(Redemption.item, sa.func.sum(Redemption.quantity)).group_by(Redemption.item)).all())
            stock = dict(session.execute(sa.select(CatalogueItem.code, CatalogueItem.stock).where(CatalogueItem.code.in_(declared))).all())
            for item, total in declared.items():
                assert 0 <= stock[item] == total - issued.get(item, 0)
            keys = list(session.scalars(sa.select(Redemption.request_key)))
            paid = session.scalar(sa.select(sa.func.count()).where(ledger.Transfer.idempotency_key.like("exchange:redeem:%")))
            audited = session.scalar(sa.select(sa.func.count()).where(AuditEntry.action == "redemption.issue"))
            assert len(set(keys)) == len(keys) == paid == audited
            spent = dict(session.execute(sa.select(Redemption.member_id, sa.func.sum(Redemption.points)).group_by(Redemption.member_id)).all())
            purses = session.execute(sa.select(ledger.Account.owner, ledger.Account.balance).where(ledger.Account.kind == "member"))
            assert all(balance == grant - spent.get(int(owner), 0) for owner, balance in purses)
            assert problems(session) == []
        database.dispose()

    kill_then_finish(url, "redeem", (0.0, 8.0), check)
    database = Database(url)
    with database.reading() as session:
        issued = dict(session.execute(sa.select(Redemption.item, sa.func.count()).group_by(Redemption.item)).all())
        assert issued == declared  # as an uninterrupted run: every unit sold once, none twice
    database.dispose()
