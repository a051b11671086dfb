"""B1 at ``--scale small`` on SQLite, so the benchmark cannot rot: every stage runs and its results are right."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench import district
from bench.district_data import SCALES, generate


def test_district_year_small(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    record = district.main(["--scale", "small", "--data", str(tmp_path), "--json-only"])

    printed = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert printed["stages"] == record["stages"]
    files = generate(SCALES["small"], tmp_path / "small")
    stages = {stage["stage"]: stage for stage in record["stages"]}
    assert stages["import members"]["created"] == files.members == 2000
    assert stages["import service"]["created"] == files.records == 5000
    # Every write stage was compared with its floor.
    for name in ("import orgs", "import members", "open activities", "import service", "approve (+ hooks)"):
        assert stages[name]["floor_seconds"] > 0 and stages[name]["ratio"] > 0
    assert record["report"]["hours"] == pytest.approx(files.hours)
    assert record["report"]["volunteers"] == files.members
    assert record["checks"]["ledger_invariants"] == "ok"
    assert record["checks"]["audit_chain"] == "ok"
    # Hanyang's rule: 10 points an hour, one transfer per approved record.
    assert record["checks"]["transfers"] == files.records
    assert record["checks"]["points_issued"] == pytest.approx(files.hours * 10, abs=files.records)
