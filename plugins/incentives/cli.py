"""``linli points``: a member's points explained, and the expiry run."""

from __future__ import annotations

import datetime as dt

import click
from sqlalchemy import select

from linli.core import CliState, Context, NotFound, PermissionDenied, Refused, t
from linli.core.models import Member
from linli.core.services import get_member, in_scope

from linli.plugins.incentives.expiry import expire
from linli.plugins.incentives.settings import SECTION, unit_name
from linli.plugins.incentives.summary import PointsSummary, summaries

PHONE_DIGITS = 11


@click.group()
def points() -> None:
    """Points (积分) earned from service: balances and expiry.

    \b
    Examples:
      linli points balance 13900001234
      linli points expire --as-of 2026-01-01
    """


@points.command("expire")
@click.option("--as-of", "as_of", required=True, type=click.DateTime(["%Y-%m-%d"]), help="The day to expire points on (China time).")
@click.pass_obj
def expire_command(state: CliState, as_of: dt.datetime) -> None:
    """Expire unspent points as the program's expiry policy says, oldest first; safe to run again.

    \b
    Examples:
      linli points expire --as-of 2026-01-01     # year_end: what 2025 left unspent
      linli points expire --as-of 2026-03-15
    """
    runtime = state.runtime()
    locale = runtime.program.locale
    result = runtime.act(state.operator, lambda ctx: expire(_enabled(ctx), as_of.date()))
    if result.policy == "none":
        click.echo(t("incentives.expiry_none", locale))
        return
    unit = unit_name(runtime.program)
    click.echo(t("incentives.expiry_done", locale, as_of=result.as_of.isoformat(), members=result.members, points=result.points, unit=unit))


@points.command()
@click.argument("member")
@click.pass_obj
def balance(state: CliState, member: str) -> None:
    """Show a member's points: earned, spent, expired and the balance.

    MEMBER is a member id or an 11-digit mobile number.

    \b
    Examples:
      linli points balance 42
      linli points balance 13900001234
    """
    runtime = state.runtime()
    locale = runtime.program.locale
    who, summary = runtime.view(state.operator, lambda ctx: _summary(_enabled(ctx), member))
    click.echo(who)
    unit = unit_name(runtime.program)
    for part in ("earned", "spent", "expired", "balance"):
        click.echo(t(f"incentives.{part}", locale, points=getattr(summary, part), unit=unit))


def _enabled(ctx: Context) -> Context:
    if not ctx.program.is_enabled(SECTION):
        raise Refused("incentives.not_enabled")
    return ctx


def _summary(ctx: Context, reference: str) -> tuple[str, PointsSummary]:
    member = _find(ctx, reference.strip())
    if not in_scope(ctx, member.home_node):
        raise PermissionDenied("incentives.member_out_of_scope", member=member.label())
    return member.label(), summaries(ctx.session, [member.id]).get(member.id, PointsSummary())


def _find(ctx: Context, reference: str) -> Member:
    if not reference.isdigit():
        raise NotFound("incentives.member_reference", reference=reference)
    if len(reference) == PHONE_DIGITS:
        found = ctx.session.scalar(select(Member).where(Member.phone == reference))
        if found is None:
            raise NotFound("incentives.member_reference", reference=reference)
        return found
    return get_member(ctx.session, int(reference))
