"""A station admin reconciles only the volunteers registered in their station."""

from __future__ import annotations

import datetime as dt

from linli.core.db import Database
from linli.core.services import ServiceRow, create_activity, open_activity, record_imported_service, register_member
from linli.plugins.reconcile.platform import platform_lines
from tests.core.factories import T0, make_world


def test_platform_lines_stay_inside_the_operators_scope(database: Database) -> None:
    world = make_world(database)

    def serve(ctx):  # type: ignore[no-untyped-def]
        mine = register_member(ctx, name="张秀英", phone="13800000001", home_node="G0101")
        other = register_member(ctx, name="王芳", phone="13800000002", home_node="G0201")
        activity = create_activity(ctx, title="助老", category="elderly", host_node="BBT", starts_at=T0, ends_at=T0 + dt.timedelta(hours=3))
        open_activity(ctx, activity.id)
        record_imported_service(ctx, [ServiceRow(activity.id, 60, member_id=m.id) for m in (mine, other)], approve=True)

    world.act(serve)
    window = (T0 - dt.timedelta(days=1), T0 + dt.timedelta(days=1), ("approved",))
    station = world.operator("s01", "S01")
    assert [line.name for line in world.act(lambda ctx: platform_lines(ctx, *window), station)] == ["张秀英"]
    assert sorted(line.name for line in world.act(lambda ctx: platform_lines(ctx, *window))) == ["张秀英", "王芳"]
