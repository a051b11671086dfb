"""B1 — a district year: Hanyang's figures through linli's real service paths, against the raw engine.

    python -m bench.district --scale small               # seconds
    python -m bench.district --scale hanyang             # 118 communities, 454,300 volunteers, 1,000,000 records
    python -m bench.district --scale hanyang --database postgres
    python -m bench.district --scale hanyang --fraction 0.1   # the same tree, a tenth of the people and records

The sheets are generated once per scale (bench/district_data.py) and then
imported as ``linli import orgs|members|service`` imports them; the year's
records are approved in review batches as the TUI approves them, which runs
the plugins' hooks (incentives accrual, star levels at approval, the funds
that back the points); then ``linli stars recompute`` and ``linli report``.
Each write stage is compared with its floor (bench/district_floor.py). The
ledger invariants and the audit chain are checked at the end and printed.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from linli.core import ledger
from linli.core.db import Base
from linli.core.importers import MemberImporter, OrgImporter, ServiceImporter, run_import
from linli.core.importers.common import BATCH
from linli.core.models import ServiceRecord
from linli.core.runtime import Runtime, open_runtime
from linli.core.services import bootstrap_admin, review, sync_nodes
from linli.core.services.activity_import import ActivityRow, import_activities
from linli.core.services.audit import verify_chain
from linli.core.services.context import CHINA_STANDARD_TIME, Context
from linli.core.services.reports import build_report
from linli.plugins import incentives, star_rating
from linli.plugins.star_rating.service import recompute_members

from bench.district_data import CATEGORIES, SCALES, YEAR, DistrictFiles, activity_title, communities, generate
from bench.district_floor import Floor, Update
from bench.harness import Run, parser, scratch_database

ADMIN = "admin"
PROGRAM = "linli: 1\nextends: hanyang\n"
DATA = Path(tempfile.gettempdir()) / "linli-bench-district"


def main(argv: list[str] | None = None) -> dict[str, Any]:
    arguments = parser("B1: a district year through linli's service paths, against the raw engine's floor.")
    arguments.add_argument("--data", type=Path, default=DATA, help="where the generated sheets are kept between runs")
    arguments.add_argument("--fraction", type=float, default=1.0, help="this share of the scale's volunteers and records, on the same org tree")
    options = arguments.parse_args(argv)
    scale = SCALES[options.scale]
    label = options.scale if options.fraction == 1 else f"{options.scale}×{options.fraction:g}"
    if options.fraction != 1:
        scale = replace(scale, members=round(scale.members * options.fraction), records=round(scale.records * options.fraction))
    run = Run("B1 district year", label, options.database)
    files = generate(scale, options.data / label)
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        with scratch_database(options.database, folder) as url, scratch_database(options.database, folder / "floor") as floor_url:
            district_year(run, files, folder, url, floor_url)
    return run.finish(json_only=options.json_only)


def district_year(run: Run, files: DistrictFiles, folder: Path, url: str, floor_url: str) -> None:
    """Every stage, its floor, and the end-of-year checks, recorded on *run*."""
    (folder / "floor").mkdir(exist_ok=True)
    config = folder / "linli.yaml"
    config.write_text(PROGRAM, "utf-8")
    runtime = open_runtime(config, database_url=url)
    try:
        Base.metadata.create_all(runtime.database.engine)
        with runtime.database.writing() as session:
            bootstrap_admin(session, username=ADMIN, display_name="区管理员", password="bench-password")
        runtime.act(ADMIN, sync_nodes)
        floor = Floor(url, floor_url)
        _stages(run, runtime, files, floor)
        _checks(run, runtime, files)
    finally:
        runtime.close()


def _stages(run: Run, runtime: Runtime, files: DistrictFiles, floor: Floor) -> None:
    act = lambda work: runtime.act(ADMIN, work)  # noqa: E731  (the importer's signature)

    def imported(name: str, importer: Any, path: Path, tables: list[str], rows: int) -> None:
        floor.mark(tables)
        with run.stage(name, rows) as stage:
            summary = run_import(importer, path, runtime.program, act)
        if not summary.written:
            raise SystemExit("\n".join([f"{name}: refused", *summary.report(runtime.program.locale)[:20]]))
        stage.notes["created"] = summary.created
        run.floor(name, floor.replay(tables)[0])

    imported("import orgs", OrgImporter(), files.orgs, ["org_node"], files.communities)
    imported("import members", MemberImporter(), files.roster, ["member", "member_tag"], files.members)
    floor.mark(["activity"])
    with run.stage("open activities", files.activities):
        runtime.act(ADMIN, _open_activities(files))
    run.floor("open activities", floor.replay(["activity"])[0])
    imported("import service", ServiceImporter(), files.ledger, ["service_record"], files.records)

    written = ["ledger_account", "ledger_transfer", "ledger_posting", "star_level", "star_history"]
    floor.mark(written)
    with timing(incentives, "accrue") as accrual, timing(star_rating, "recompute") as rating:
        with run.stage("approve (+ hooks)", files.records) as approve:
            pending = runtime.view(ADMIN, _pending)
            for start in range(0, len(pending), BATCH):
                batch = pending[start : start + BATCH]
                runtime.act(ADMIN, lambda ctx, batch=batch: review(ctx, approve=batch))
    approved = Update("service_record", ("state", "approved_minutes", "reviewed_by", "reviewed_at"), "state = 'approved'")
    run.floor("approve (+ hooks)", floor.replay(written, [approved])[0])
    approve.notes |= {"accrue_points_seconds": round(accrual[0], 3), "star_levels_at_approval_seconds": round(rating[0], 3)}

    with run.stage("stars recompute", files.members) as stars:
        result = runtime.act(ADMIN, lambda ctx: recompute_members(ctx, as_of=dt.date(YEAR, 12, 31)))
    stars.notes["changes"] = len(result.changes)
    with run.stage("district report", files.records) as report_stage:
        report = runtime.view(ADMIN, lambda ctx: build_report(ctx, year=YEAR))
    report_stage.notes |= {"service_hours": report.service_hours, "participants": report.participants}
    run.facts["report"] = {"volunteers": report.registered_volunteers, "participants": report.participants, "hours": report.service_hours}
    run.facts["generated"] = {"communities": files.communities, "members": files.members, "records": files.records, "hours": files.hours}


def _open_activities(files: DistrictFiles) -> Callable[[Context], None]:
    """One year-long activity per community and category, entered open in one batch, as a district publishes its calendar."""
    start = dt.datetime(YEAR, 1, 1, tzinfo=CHINA_STANDARD_TIME)
    end = dt.datetime(YEAR, 12, 31, 23, 59, tzinfo=CHINA_STANDARD_TIME)
    rows = [
        ActivityRow(activity_title(community, category), category, start, end, host_node=community.code, status="open")
        for community in communities(files.communities)
        for category in CATEGORIES
    ]

    def work(ctx: Context) -> None:
        import_activities(ctx, rows)

    return work


def _pending(ctx: Context) -> list[int]:
    return list(ctx.session.scalars(select(ServiceRecord.id).where(ServiceRecord.state == "checked_out").order_by(ServiceRecord.id)))


def _checks(run: Run, runtime: Runtime, files: DistrictFiles) -> None:
    """What must hold after the year: the report's totals are the sheets', the ledger and the audit chain are sound.

    Timed apart from the stages: they are this benchmark's proof, not a district's work.
    """
    started = time.perf_counter()
    with runtime.reading() as session:
        problems = ledger.check_invariants(session)
        transfers = session.scalar(select(func.count()).select_from(ledger.Transfer))
        issued = session.scalar(select(func.sum(ledger.Account.balance)).where(ledger.Account.kind == "member"))
    checked = time.perf_counter()
    with runtime.reading() as session:
        broken = verify_chain(session)
    report = run.facts["report"]
    run.facts["checks"] = {
        "ledger_invariants": "ok" if not problems else problems[:5],
        "ledger_invariants_seconds": round(checked - started, 2),
        "audit_chain": "ok" if not broken else [problem.message() for problem in broken[:5]],
        "audit_chain_seconds": round(time.perf_counter() - checked, 2),
        "report_hours_match": abs(report["hours"] - files.hours) < 0.01,
        "transfers": transfers,
        "points_issued": int(issued or 0),  # PostgreSQL sums to a Decimal
    }


@contextmanager
def timing(module: Any, name: str) -> Iterator[list[float]]:
    """Seconds spent in ``module.name`` (a hook implementation's helper) while the block runs."""
    original: Callable[..., Any] = getattr(module, name)
    spent = [0.0]

    def timed(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            spent[0] += time.perf_counter() - started

    setattr(module, name, timed)
    try:
        yield spent
    finally:
        setattr(module, name, original)


__all__ = ["district_year", "main"]

if __name__ == "__main__":
    main()
