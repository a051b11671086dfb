"""``linli-records`` JSON: export, import into another database, export again — the same records, consent honoured."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from linli.core import Database, PermissionDenied, Refused
from linli.core.db import sqlite_url
from linli.core.records_io import export_records, import_records
from linli.core.services import evaluate, register_member
from tests.core.factories import World, id_number, make_program, make_world
from tests.plugins.incentives.helpers import activity, approve, served

PORTABLE = ("kind", "content", "category", "category_name", "place", "activity_starts_at", "activity_ends_at", "check_in_at", "check_out_at", "minutes", "evaluation")


def source_world(database: Database) -> tuple[World, int, int]:
    world = make_world(database)
    with world.acting() as ctx:
        consenting = register_member(ctx, name="李秀英", phone="13900000001", home_node="G0101", id_number=id_number(), gender="male").id
        other = register_member(ctx, name="张伟", phone="13900000002", home_node="G0102").id
    patrol = served(world, consenting, activity(world, "2024-03-06 08:00"), "2024-03-06 09:00", 90)
    world.act(lambda ctx: evaluate(ctx, patrol, score=5))
    training = served(world, consenting, activity(world, "2024-04-01 08:00", category="training", kind="training"), "2024-04-01 08:30", 60)
    approve(world, patrol, training, served(world, other, activity(world, "2024-03-07 08:00"), "2024-03-07 09:00", 30))
    served(world, consenting, activity(world, "2024-05-01 08:00"), "2024-05-01 08:30", 20)  # not approved: stays home
    return world, consenting, other


def portable(document: dict[str, Any]) -> list[list[dict[str, Any]]]:
    return [[{key: record[key] for key in PORTABLE} for record in volunteer["records"]] for volunteer in document["volunteers"]]


def test_records_round_trip_with_consent_per_member(database: Database, sqlite_template: Path, tmp_path: Path) -> None:
    world, consenting, other = source_world(database)
    document = json.loads(json.dumps(world.act(lambda ctx: export_records(ctx, {consenting}))))
    assert (document["format"], document["version"], document["recording_organization"]["name"]) == ("linli-records", 1, "百步亭社区志愿服务")
    agreed, refused = document["volunteers"]
    assert agreed["consent"] == {"transfer": True} and agreed["id_number"] == id_number() and agreed["phone"] == "13900000001"
    assert refused["consent"] == {"transfer": False} and refused["phone"] == "139****0002" and "*" in (refused["id_number"] or "*")
    assert [(r["kind"], r["minutes"], r["evaluation"]["score"]) for r in agreed["records"]] == [("service", 90, 5), ("training", 60, None)]

    shutil.copyfile(sqlite_template, tmp_path / "other.db")
    target = make_world(Database(sqlite_url(tmp_path / "other.db")), program=make_program(name="花园社区志愿服务"))
    summary = target.act(lambda ctx: import_records(ctx, document, "G0201"))
    assert (summary.members, summary.records, summary.skipped_volunteers) == (1, 2, [f"member:{other}"])
    again = target.act(lambda ctx: import_records(ctx, document, "G0201"))
    assert (again.members, again.records, again.skipped_records) == (0, 0, 2)
    back = target.act(lambda ctx: export_records(ctx, {1}))
    assert portable(back) == portable({"volunteers": [agreed]})
    assert back["volunteers"][0]["gender"] == "male" and back["volunteers"][0]["home_node"] == "G0201"


def test_only_an_unmasking_operator_exports_personal_data_and_only_this_format_imports(database: Database) -> None:
    world, consenting, _ = source_world(database)
    clerk = world.operator("clerk", None)
    with pytest.raises(PermissionDenied):
        world.act(lambda ctx: export_records(ctx, {consenting}), clerk)
    assert world.act(lambda ctx: export_records(ctx, set()), clerk)["volunteers"][0]["phone"] == "139****0001"
    with pytest.raises(Refused):
        world.act(lambda ctx: import_records(ctx, {"format": "other", "version": 1}, "G0101"))
