"""``linli explain`` says which star threshold a member reached and how far the next one is."""

from __future__ import annotations

from linli.core.db import Database
from linli.core.services import get_member
from linli.core.services.explain import explain_member
from tests.plugins.star_rating.helpers import fragment, members, patrol, rated_world, serve


def test_explain_names_the_threshold_reached_and_the_next(database: Database) -> None:
    world = rated_world(database, fragment("stars-common"))
    rated, fresh = members(world, 2)
    serve(world, patrol(world), {rated: 320})
    notes = {member: world.act(lambda ctx, m=member: explain_member(ctx, get_member(ctx.session, m)).notes) for member in (rated, fresh)}
    assert notes[rated] == ["星级：2 星（志愿服务时长（小时） 320.00，已达到 2 星门槛 300）", "距 3 星（门槛 600）还差 280.00"]
    assert notes[fresh] == ["星级：尚未评星（志愿服务时长（小时） 0.00）", "距 1 星（门槛 100）还差 100.00"]
