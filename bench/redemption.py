"""B2 — contended redemption on PostgreSQL: eight processes, a small stock, members with just enough points.

Two phases run the exchange plugin's own ``redeem`` service (through
``Runtime.act``, which retries lock conflicts whole) from eight worker
processes started together:

* **stock**: many requests for an item with a small stock, from members who
  can afford it many times over; exactly ``stock`` may succeed;
* **points**: requests for an unlimited item from members funded for exactly
  three each; exactly ``members × 3`` may succeed and every balance ends at 0.

One request in ten repeats an earlier request's key from another process, as
an app retrying after a timeout does: it must get the first redemption back,
never a second one. Afterwards the database is checked for anomalies: stock
below zero or sold twice, negative balances, a redemption paid twice or a
retry redeemed twice, and ``ledger.check_invariants``. All must be zero.

The floor is the same number of requests from the same eight processes as
the smallest safe redemption in raw SQL: one transaction of a conditional
stock UPDATE, a conditional balance UPDATE and an INSERT::

    python -m bench.redemption --scale small      # 128 requests
    python -m bench.redemption --scale hanyang    # 4,000 requests
"""

from __future__ import annotations

import multiprocessing as mp
import random
import statistics
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from multiprocessing.synchronize import Barrier
from pathlib import Path
from typing import Any

import psycopg
import sqlalchemy as sa

from bench.harness import Run, parser, postgres_dsn, scratch_database
from linli.core import LinliError, ledger
from linli.core.db import Base
from linli.core.runtime import Runtime, open_runtime
from linli.core.services import bootstrap_admin, register_members, sync_nodes
from linli.core.services.members import MemberRow
from linli.plugins.exchange import redeem
from linli.plugins.exchange.models import Redemption
from linli.plugins.merchants import CatalogueItem, sync_catalogue

WORKERS = 8
ADMIN = "admin"
HOME = "HY-SX-MLDH"
MERCHANT = "BENCH-MARKET"
RICE_PRICE, OIL_PRICE, OIL_EACH = 10, 50, 3
RETRY_EVERY = 10  # one request in ten repeats an earlier key
SEED = 2026


@dataclass(frozen=True)
class Size:
    stock: int
    rich_members: int
    stock_requests: int
    poor_members: int
    points_requests: int


SIZES = {"small": Size(8, 8, 64, 6, 64), "hanyang": Size(200, 500, 2000, 200, 2000)}


def program_yaml(stock: int) -> str:
    """Hanyang's program with one bench merchant: rice in small stock, oil without a stock."""
    return f"""linli: 1
extends: hanyang
merchants:
  directory:
    - code: {MERCHANT}
      name: 压力测试积分超市
      nodes: [{HOME}]
      items:
        - {{code: rice, name: 大米 5 公斤, kind: goods, price: {RICE_PRICE}, cny: 30, stock: {stock}}}
        - {{code: oil, name: 食用油 1 升, kind: goods, price: {OIL_PRICE}, cny: 20}}
"""


@dataclass(frozen=True)
class Request:
    member: int
    item: str
    key: str


def plan(item: str, members: list[int], count: int, rng: random.Random) -> list[list[Request]]:
    """*count* requests dealt round-robin to the workers; every tenth repeats the key of the one five before (another worker's)."""
    requests: list[Request] = []
    for n in range(count):
        if n % RETRY_EVERY == 5:
            requests.append(requests[n - 5])
        else:
            requests.append(Request(rng.choice(members), item, f"{item}:{n}"))
    return [requests[worker::WORKERS] for worker in range(WORKERS)]


# -- workers ---------------------------------------------------------------------------------------------------------

Outcome = tuple[str, str, int | None, float]  # key, "ok" / refusal key / "error:<type>", redemption id, seconds


class Workers:
    """WORKERS processes, forked before this process opens any connection, each running the tasks it is sent.

    Every task starts in all workers at once (a barrier), so the requests
    really contend; the clock runs from that start to the last outcome.
    """

    def __init__(self) -> None:
        context = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
        self.start = context.Barrier(WORKERS + 1)
        self.results: Any = context.Queue()
        self.inboxes: list[Any] = [context.Queue() for _ in range(WORKERS)]
        self.processes = [context.Process(target=_serve, args=(inbox, self.start, self.results), daemon=True) for inbox in self.inboxes]
        for process in self.processes:
            process.start()

    def run(self, kind: str, target: tuple[str, ...], shares: list[list[Request]]) -> tuple[float, list[Outcome]]:
        for inbox, share in zip(self.inboxes, shares, strict=True):
            inbox.put((kind, target, share))
        self.start.wait()
        began = time.perf_counter()
        outcomes = [outcome for _ in self.processes for outcome in self.results.get()]
        return time.perf_counter() - began, outcomes

    def close(self) -> None:
        for inbox in self.inboxes:
            inbox.put(None)
        for process in self.processes:
            process.join()


def _serve(inbox: Any, start: Barrier, results: Any) -> None:
    runtimes: dict[tuple[str, ...], Runtime] = {}
    for kind, target, requests in iter(inbox.get, None):
        if kind == "floor":
            with psycopg.connect(target[0]) as connection:
                start.wait()
                results.put([_floor_attempt(connection, request) for request in requests])
            continue
        if target not in runtimes:
            runtimes[target] = open_runtime(Path(target[0]), database_url=target[1])
        runtime = runtimes[target]
        runtime.view(ADMIN, lambda ctx: None)  # connected before the clock starts
        start.wait()
        results.put([_attempt(runtime, request) for request in requests])
    for runtime in runtimes.values():
        runtime.close()


def _attempt(runtime: Runtime, request: Request) -> Outcome:
    started = time.perf_counter()
    try:
        found = runtime.act(ADMIN, lambda ctx: redeem(ctx, request.member, request.item, key=request.key).id)
        return request.key, "ok", found, time.perf_counter() - started
    except LinliError as refused:
        return request.key, refused.key, None, time.perf_counter() - started
    except Exception as error:  # noqa: BLE001  (counted and reported as an anomaly, not raised in a worker)
        return request.key, f"error:{type(error).__name__}", None, time.perf_counter() - started


def _floor_attempt(connection: psycopg.Connection[Any], request: Request) -> Outcome:
    """The smallest safe redemption in raw SQL: conditional stock and balance UPDATEs and the row, in one transaction."""
    started = time.perf_counter()
    price = RICE_PRICE if request.item == "rice" else OIL_PRICE
    with connection.transaction():  # psycopg.Rollback undoes the block and ends it quietly
        if request.item == "rice" and not connection.execute("UPDATE floor_stock SET stock = stock - 1 WHERE item = 'rice' AND stock >= 1").rowcount:
            raise psycopg.Rollback()
        if not connection.execute("UPDATE floor_balance SET balance = balance - %s WHERE member = %s AND balance >= %s", (price, request.member, price)).rowcount:
            raise psycopg.Rollback()
        connection.execute("INSERT INTO floor_redemption (key) VALUES (%s) ON CONFLICT DO NOTHING", (request.key,))
    return request.key, "ok", None, time.perf_counter() - started


# -- setup and checks ------------------------------------------------------------------------------------------------


def setup(runtime: Runtime, size: Size) -> tuple[list[int], list[int]]:
    """Schema, admin, tree, catalogue, and two groups of funded members: rich (rice) and poor (oil, exactly three each)."""
    Base.metadata.create_all(runtime.database.engine)
    with runtime.database.writing() as session:
        bootstrap_admin(session, username=ADMIN, display_name="区管理员", password="bench-password")
    runtime.act(ADMIN, sync_nodes)
    runtime.act(ADMIN, sync_catalogue)
    total = size.rich_members + size.poor_members
    rows = [MemberRow(f"兑换者{n}", f"137{n:08d}", HOME) for n in range(total)]
    ids = runtime.act(ADMIN, lambda ctx: [member.id for member in register_members(ctx, rows)])
    rich, poor = ids[: size.rich_members], ids[size.rich_members :]
    funding = [(member, RICE_PRICE * size.stock) for member in rich] + [(member, OIL_PRICE * OIL_EACH) for member in poor]
    with runtime.database.writing() as session:
        issuer = ledger.account(session, "issuer", HOME, "points")
        ledger.post_many(
            session,
            [
                ledger.TransferRequest.move(f"bench:fund:{member}", issuer, ledger.account(session, "member", str(member), "points"), points, cause="service")
                for member, points in funding
            ],
        )
    return rich, poor


def setup_floor(dsn: str, size: Size, members: list[int]) -> None:
    with psycopg.connect(dsn) as connection:
        connection.execute("CREATE TABLE floor_stock (item text PRIMARY KEY, stock integer NOT NULL CHECK (stock >= 0))")
        connection.execute("CREATE TABLE floor_balance (member bigint PRIMARY KEY, balance bigint NOT NULL CHECK (balance >= 0))")
        connection.execute("CREATE TABLE floor_redemption (key text PRIMARY KEY)")
        connection.execute("INSERT INTO floor_stock VALUES ('rice', %s)", (size.stock,))
        with connection.cursor() as cursor:
            cursor.executemany("INSERT INTO floor_balance VALUES (%s, 1000000000)", [(member,) for member in members])


def anomalies(runtime: Runtime, size: Size, poor: list[int], outcomes: list[Outcome]) -> dict[str, int]:
    """Every way the phases could have gone wrong, counted; all must be zero."""
    first: dict[str, int | None] = {}
    retried_twice = 0
    for key, outcome, found, _ in outcomes:
        if outcome != "ok":
            continue
        if key in first and first[key] != found:
            retried_twice += 1
        first.setdefault(key, found)
    with runtime.reading() as session:
        stock = session.scalar(sa.select(CatalogueItem.stock).where(CatalogueItem.code == "rice"))
        sold = Counter({item: int(units) for item, units in session.execute(sa.select(Redemption.item, sa.func.sum(Redemption.quantity)).group_by(Redemption.item))})
        rows = session.scalar(sa.select(sa.func.count()).select_from(Redemption)) or 0
        transfers = session.scalar(sa.select(sa.func.count(sa.distinct(Redemption.transfer_id)))) or 0
        redeemed_points = int(session.scalar(sa.select(sa.func.sum(Redemption.points))) or 0)
        merchant = session.scalar(sa.select(ledger.Account).where(ledger.Account.kind == "merchant", ledger.Account.owner == MERCHANT))
        merchant_points = ledger.balance(session, merchant) if merchant is not None else 0
        negative = session.scalar(sa.select(sa.func.count()).where(ledger.Account.kind == "member", ledger.Account.balance < 0)) or 0
        poor_left = session.scalar(
            sa.select(sa.func.count()).where(ledger.Account.kind == "member", ledger.Account.owner.in_([str(m) for m in poor]), ledger.Account.balance != 0)
        )
        invariants = ledger.check_invariants(session)
    return {
        "oversold": max(0, sold["rice"] - size.stock) + (1 if stock is None or stock < 0 else 0) + abs(size.stock - sold["rice"] - (stock or 0)),
        "negative_balances": negative,
        "double_credits": abs(merchant_points - redeemed_points) // min(RICE_PRICE, OIL_PRICE) + (rows - transfers),
        "retries_redeemed_twice": retried_twice + (rows - len(first)),
        "ledger_invariants": len(invariants),
        "unexpected_errors": sum(1 for _, outcome, _, _ in outcomes if outcome.startswith("error:")),
        "poor_members_with_points_left": poor_left or 0,
    }


# -- the run ---------------------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> dict[str, Any]:
    arguments = parser("B2: contended redemption through the exchange service, eight processes.")
    arguments.set_defaults(database="postgres")
    options = arguments.parse_args(argv)
    if options.database != "postgres":
        raise SystemExit("B2 measures PostgreSQL's row locking: run it with --database postgres (the default)")
    return run(options.scale).finish(json_only=options.json_only)


def run(scale: str) -> Run:
    size = SIZES[scale]
    result = Run("B2 contended redemption", scale, "postgres")
    rng = random.Random(SEED)
    workers = Workers()  # forked first: no connection of this process is inherited
    try:
        with tempfile.TemporaryDirectory() as scratch, scratch_database("postgres", Path(scratch)) as url:
            config = Path(scratch) / "linli.yaml"
            config.write_text(program_yaml(size.stock), "utf-8")
            runtime = open_runtime(config, database_url=url)
            try:
                with result.stage("setup", size.rich_members + size.poor_members):
                    rich, poor = setup(runtime, size)
                    setup_floor(postgres_dsn(url), size, rich + poor)
                every = []
                for phase, shares in {"stock": plan("rice", rich, size.stock_requests, rng), "points": plan("oil", poor, size.points_requests, rng)}.items():
                    every += _phase(result, workers, phase, shares, (postgres_dsn(url),), (str(config), url))
                with result.stage("check"):
                    found = anomalies(runtime, size, poor, every)
            finally:
                runtime.close()
    finally:
        workers.close()
    stock, points = result.get("redeem: stock").notes, result.get("redeem: points").notes
    result.facts["anomalies"] = found
    result.facts["anomaly_count"] = sum(found.values())
    result.facts["successes"] = {"rice": stock["ok_keys"], "rice_expected": size.stock, "oil": points["ok_keys"], "oil_expected": size.poor_members * OIL_EACH}
    return result


def _phase(result: Run, workers: Workers, phase: str, shares: list[list[Request]], floor: tuple[str, ...], linli: tuple[str, ...]) -> list[Outcome]:
    requests = sum(map(len, shares))
    floor_seconds, _ = workers.run("floor", floor, shares)
    with result.stage(f"redeem: {phase}", requests) as stage:
        seconds, outcomes = workers.run("linli", linli, shares)
    stage.seconds = seconds  # from the start signal: the workers' connecting is not redemption
    result.floor(stage.name, floor_seconds)
    latencies = [spent for *_, spent in outcomes]
    stage.notes |= {
        "outcomes": dict(Counter(outcome for _, outcome, _, _ in outcomes)),
        "ok_keys": len({key for key, outcome, _, _ in outcomes if outcome == "ok"}),
        "p50_ms": round(statistics.median(latencies) * 1000, 1),
        "p99_ms": round(percentile(latencies, 99) * 1000, 1),
        "per_second": round(requests / seconds),
    }
    return outcomes


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered) + 0.5) - 1))]


if __name__ == "__main__":
    main()
