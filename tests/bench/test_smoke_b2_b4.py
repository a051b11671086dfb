"""B2, B3 and B4 at ``--scale small``, so the benchmarks cannot rot: each runs and its results are right."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench import config_load, harness, redemption, tui_scale
from linli.core.config import list_presets
from tests.conftest import POSTGRES_URL, require_postgres


def last_json(capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    return json.loads(capsys.readouterr().out.strip().splitlines()[-1])


def test_b4_loads_every_preset_and_the_synthetic_program(capsys: pytest.CaptureFixture[str]) -> None:
    record = config_load.main(["--scale", "small", "--json-only"])

    assert last_json(capsys) == record
    stages = {stage["stage"]: stage for stage in record["stages"]}
    for preset in list_presets():
        assert stages[preset]["ok"] is True and stages[preset]["floor_seconds"] > 0
    assert stages["synthetic 100 nodes 20 rules"]["ok"] is True
    assert record["failures"] == {}
    assert record["loaded"] == len(list_presets()) + 1
    assert record["validator_reused"] is True


def test_b4_synthetic_program_has_the_nodes_and_rules_it_claims() -> None:
    text = config_load.synthetic_program(1000, 200)

    assert text.count("code: S") == 1000 - 1  # the district node is "D"
    assert text.count("kind: rate") == 200


def test_b3_searches_find_the_member_on_the_members_screen(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    record = tui_scale.main(["--scale", "small", "--data", str(tmp_path), "--members-sought", "1", "--json-only"])

    assert last_json(capsys)["found"] == record["found"]
    assert record["found"] == {"name": True, "phone": True, "phone tail": True, "ID tail": True}
    stages = {stage["stage"].split(" (")[0]: stage for stage in record["stages"]}
    assert stages["import members"]["created"] == 2000
    assert stages["search phone"]["stage"] == "search phone (11 keys)"
    assert stages["search phone"]["floor_seconds"] > 0
    assert record["search_ms"]["p50"] > 0 and record["interactive_s"] > 0


@pytest.mark.postgres
def test_b2_contended_redemption_has_no_anomalies(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    require_postgres()
    monkeypatch.setattr(harness, "POSTGRES_URL", POSTGRES_URL)

    record = redemption.main(["--scale", "small", "--json-only"])

    assert last_json(capsys)["anomalies"] == record["anomalies"]
    assert record["anomaly_count"] == 0
    size = redemption.SIZES["small"]
    assert record["successes"] == {"rice": size.stock, "rice_expected": size.stock, "oil": size.poor_members * 3, "oil_expected": size.poor_members * 3}
    stages = {stage["stage"]: stage for stage in record["stages"]}
    assert stages["redeem: stock"]["outcomes"]["exchange.out_of_stock"] > 0
    assert stages["redeem: points"]["outcomes"]["exchange.insufficient_points"] > 0
    assert stages["redeem: stock"]["ratio"] > 0
