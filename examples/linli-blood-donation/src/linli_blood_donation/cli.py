"""``linli donation record MEMBER --date … --ml …``: write down a donation from the donor's certificate."""

from __future__ import annotations

import datetime as dt

import click

from linli.core import CliState, Context, Refused, services, t

from linli_blood_donation.bonus import SECTION
from linli_blood_donation.models import BloodDonation

ML_RANGE = (50, 800)


@click.group()
def donation() -> None:
    """Unpaid blood donations (无偿献血), which earn bonus points.

    \b
    Examples:
      linli donation record 13900001234 --date 2026-03-01 --ml 300
    """


@donation.command()
@click.argument("member")
@click.option("--date", "donated_on", required=True, type=click.DateTime(["%Y-%m-%d"]), help="The day of the donation.")
@click.option("--ml", required=True, type=int, help="How much blood was given, in ml.")
@click.pass_obj
def record(state: CliState, member: str, donated_on: dt.datetime, ml: int) -> None:
    """Record a donation of MEMBER (a member id or an 11-digit mobile number).

    The bonus is paid with the member's next approved service.

    \b
    Examples:
      linli donation record 42 --date 2026-03-01 --ml 400
    """
    runtime = state.runtime()
    message = runtime.act(state.operator, lambda ctx: record_donation(ctx, member, donated_on.date(), ml))
    click.echo(message)


def record_donation(ctx: Context, reference: str, donated_on: dt.date, ml: int) -> str:
    """Add the donation; returns the confirmation in the program's language."""
    if not ctx.program.is_enabled(SECTION):
        raise Refused("blood_donation.not_enabled")
    if not ML_RANGE[0] <= ml <= ML_RANGE[1]:
        raise Refused("blood_donation.bad_ml", ml=ml)
    member = services.lookup_member(ctx.session, reference)
    services.require_scope(ctx, member.home_node)
    row = BloodDonation(member_id=member.id, donated_on=donated_on, ml=ml, operator_id=ctx.operator.id)
    ctx.session.add(row)
    ctx.session.flush()
    return t("blood_donation.recorded", ctx.program.locale, id=row.id, member=member.label(), date=donated_on.isoformat(), ml=ml)
