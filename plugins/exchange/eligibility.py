"""Whether a member may redeem an item now: each reason to refuse has its own message.

Checked in this order, so the message names the first thing to fix: the
member's status, the item and merchant being on offer, the validity
window, where points may be spent (通存通兑 or a configured scope), the
item's home-area restriction, tags, star level and service hours.
"""

from __future__ import annotations

from sqlalchemy import func, select

from linli.core import Context, Refused
from linli.core.models import Member, OrgNode, ServiceRecord

from linli.plugins.exchange.items import ItemFacts
from linli.plugins.exchange.settings import PROGRAM_WIDE, Settings

MINUTES_PER_HOUR = 60


def check_eligible(ctx: Context, settings: Settings, member: Member, item: ItemFacts) -> None:
    label, today = member.label(), ctx.today()
    if member.status != "active":
        raise Refused("exchange.member_inactive", member=label)
    if not item.active:
        raise Refused("exchange.item_unavailable", item=item.name)
    if not item.merchant.active:
        raise Refused("exchange.merchant_closed", merchant=item.merchant.name)
    if item.valid_from is not None and today < item.valid_from:
        raise Refused("exchange.not_yet_valid", item=item.name, start=item.valid_from.isoformat())
    if item.valid_until is not None and today > item.valid_until:
        raise Refused("exchange.no_longer_valid", item=item.name, end=item.valid_until.isoformat())
    home = member.home_node
    if settings.spend_within != PROGRAM_WIDE:
        _check_scope(ctx, settings.spend_within, member, item)
    if item.within and not any(home.path.startswith(path) for path in _paths(ctx, item.within).values()):
        raise Refused("exchange.not_eligible_area", member=label, item=item.name, codes="、".join(item.within))
    if item.tags and not item.tags & set(member.tags):
        names = "、".join(ctx.program.member_tags[tag].name if tag in ctx.program.member_tags else tag for tag in sorted(item.tags))
        raise Refused("exchange.not_eligible_tags", member=label, item=item.name, tags=names)
    if item.min_stars:
        stars = (ctx.hooks.linli_star_levels(ctx=ctx, member_ids=[member.id]) or {}).get(member.id, 0)
        if stars < item.min_stars:
            raise Refused("exchange.not_eligible_stars", member=label, item=item.name, stars=stars, needed=item.min_stars)
    needed = max(settings.min_minutes, round((item.min_hours or 0) * MINUTES_PER_HOUR))
    if needed:
        served = _approved_minutes(ctx, member.id)
        if served < needed:
            hours = round(served / MINUTES_PER_HOUR, 1)
            raise Refused("exchange.not_eligible_hours", member=label, item=item.name, hours=hours, needed=round(needed / MINUTES_PER_HOUR, 1))


def _check_scope(ctx: Context, level: str, member: Member, item: ItemFacts) -> None:
    """The merchant must serve a node inside the member's area of *level*, or an area containing it."""
    home = member.home_node
    ancestors = {node.level: node for node in ctx.session.scalars(select(OrgNode).where(OrgNode.id.in_(home.ancestor_ids)))}
    area = home if home.level == level else ancestors.get(level, home)
    served = _paths(ctx, item.merchant.nodes).values()
    if not any(path.startswith(area.path) or area.path.startswith(path) for path in served):
        raise Refused("exchange.outside_scope", member=member.label(), merchant=item.merchant.name, area=area.label())


def _paths(ctx: Context, codes: tuple[str, ...]) -> dict[str, str]:
    return dict(ctx.session.execute(select(OrgNode.code, OrgNode.path).where(OrgNode.code.in_(codes))).all())


def _approved_minutes(ctx: Context, member_id: int) -> int:
    query = select(func.coalesce(func.sum(ServiceRecord.approved_minutes), 0)).where(
        ServiceRecord.member_id == member_id, ServiceRecord.state == "approved"
    )
    return int(ctx.session.execute(query).scalar_one())
