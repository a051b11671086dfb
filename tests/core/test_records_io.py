"""``linli-records`` JSON: export, import into another database, export again — the same records, consent honoured."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

import linli.plugins.commendations as commendations
from linli.core import Base, Database, PermissionDenied, PluginError, Refused, hookimpl
from linli.core.models import ServiceRecord
from linli.core.db import sqlite_url
from linli.core.records_io import export_records, import_records
from linli.core.services import evaluate, register_member
from linli.plugins.commendations import ReceivedTitle, confirm_awards, member_titles, select_awards
from tests.core.factories import World, id_number, make_hooks, make_program, make_world
from tests.plugins.commendations.town import award, make_town
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
    assert (document["format"], document["version"], document["recording_organization"]["name"]) == ("linli-records", "1.1", "百步亭社区志愿服务")
    agreed, refused = document["volunteers"]
    assert agreed["consent"] == {"transfer": True} and agreed["id_number"] == id_number() and agreed["phone"] == "13900000001"
    assert refused["consent"] == {"transfer": False} and refused["phone"] == "139****0002" and "*" in (refused["id_number"] or "*")
    assert [(r["kind"], r["minutes"], r["evaluation"]["score"]) for r in agreed["records"]] == [("service", 90, 5), ("training", 60, None)]

    target = other_organization(sqlite_template, tmp_path, "花园")
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
    with pytest.raises(Refused, match="版本 2.0"):
        world.act(lambda ctx: import_records(ctx, {"format": "linli-records", "version": "2.0"}, "G0101"))


def test_confirmed_awards_travel_with_the_record_and_are_kept_on_import(database: Database, sqlite_template: Path, tmp_path: Path) -> None:
    town = make_town(database, [award(top=1), award(id="stars", title="五星志愿者", top=1)])
    town.serve("张秀英", 300)
    town.world.act(lambda ctx: select_awards(ctx, period="2024"))
    town.world.act(lambda ctx: confirm_awards(ctx, period="2024", award="outstanding"))  # 五星志愿者 stays a draft: not an award yet
    zhang = town.people["张秀英"]
    document = json.loads(json.dumps(town.world.act(lambda ctx: export_records(ctx, {zhang}))))
    (volunteer,) = document["volunteers"]
    conferred = {
        "title": "优秀志愿者",
        "award": "outstanding",
        "period": "2024",
        "scope": "百步亭社区志愿服务",
        "rank": 1,
        "conferred_by": "百步亭社区志愿服务",
        "conferred_on": "2024-03-01",
    }
    assert volunteer["awards"] == [conferred]

    target = other_organization(sqlite_template, tmp_path, "other", ("commendations", commendations))
    summary = target.act(lambda ctx: import_records(ctx, document, "G0201"))
    assert (summary.members, summary.records, summary.awards, summary.kept) == (1, 1, 1, 1)
    again = target.act(lambda ctx: import_records(ctx, document, "G0201"))
    assert (again.records, again.awards, again.kept) == (0, 1, 0)
    back = json.loads(json.dumps(target.act(lambda ctx: export_records(ctx, {1}))))["volunteers"][0]
    assert back["awards"] == [conferred] and portable({"volunteers": [back]}) == portable(document)
    with target.database.reading() as session:
        (kept,) = session.scalars(sa.select(ReceivedTitle)).all()
        assert (kept.member_id, kept.received_from, kept.title) == (1, "百步亭社区志愿服务", "优秀志愿者")
    shown = target.act(lambda ctx: member_titles(ctx, "13800000000")).titles  # what linli awards show lists
    assert [(title.period, title.title, title.node, title.conferred_by) for title in shown] == [("2024", "优秀志愿者", "百步亭社区志愿服务", "百步亭社区志愿服务")]

    without_plugin = other_organization(sqlite_template, tmp_path, "third")
    assert without_plugin.act(lambda ctx: import_records(ctx, document, "G0201")).kept == 0  # no commendations: service only


def test_a_malformed_award_refuses_the_whole_import(database: Database, sqlite_template: Path, tmp_path: Path) -> None:
    world, consenting, _ = source_world(database)
    document = json.loads(json.dumps(world.act(lambda ctx: export_records(ctx, {consenting}))))
    document["volunteers"][0]["awards"] = [{"title": "优秀志愿者", "award": "outstanding", "period": "2024", "rank": "第一"}]
    target = other_organization(sqlite_template, tmp_path, "other", ("commendations", commendations))
    with pytest.raises(Refused, match=f"志愿者 member:{consenting} 的一项表彰奖励缺少或写错了：scope, conferred_by, conferred_on"):
        target.act(lambda ctx: import_records(ctx, document, "G0201"))
    with target.database.reading() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(ServiceRecord)) == 0


def other_organization(template: Path, tmp_path: Path, name: str, *plugins: tuple[str, object]) -> World:
    """Another organization's database, made from the migrated template (plus tables of plugins imported since)."""
    shutil.copyfile(template, tmp_path / f"{name}.db")
    database = Database(sqlite_url(tmp_path / f"{name}.db"))
    Base.metadata.create_all(database.engine)
    return make_world(database, *plugins, program=make_program(name=f"{name}社区志愿服务"))


class Badges:
    """A third-party plugin keeping badges, and one that claims a field core writes."""

    def __init__(self, section: str) -> None:
        self.section = section

    @hookimpl
    def linli_member_records(self, member_ids: list[int]) -> dict[str, dict[int, list[dict[str, str]]]]:
        return {self.section: {member_id: [{"badge": "急救"}] for member_id in member_ids}}


def test_a_plugin_section_is_written_per_volunteer_and_may_not_take_a_core_field(database: Database) -> None:
    world, consenting, _ = source_world(database)
    with_badges = replace(world, hooks=make_hooks(("badges", Badges("badges"))))
    assert [v["badges"] for v in with_badges.act(lambda ctx: export_records(ctx, set()))["volunteers"]] == [[{"badge": "急救"}]] * 2
    clashing = replace(world, hooks=make_hooks(("thief", Badges("records"))))
    with pytest.raises(PluginError, match="thief"):
        clashing.act(lambda ctx: export_records(ctx, set()))
