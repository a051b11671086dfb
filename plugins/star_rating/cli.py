"""``linli stars …`` and ``linli roles audit``: the star-rating service functions on the command line."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from linli.core import CliState, t
from linli.core.services import audit_holders

from linli.plugins.star_rating.explain import NAMED_METRICS
from linli.plugins.star_rating.entitlements import entitled_members
from linli.plugins.star_rating.review import approve_promotions, pending_promotions, reject_promotions
from linli.plugins.star_rating.service import MemberStars, member_stars, recompute_members

FORMAT = click.option("--format", "output", type=click.Choice(["table", "json"]), default="table", show_default=True)
# Metrics with a label in the catalogue; a plugin's own metric shows by its name.
CHINA = dt.timezone(dt.timedelta(hours=8))
ORG = click.option("--org", metavar="CODE", help="Only this org node's subtree (default: your whole scope).")


@click.group()
def stars() -> None:
    """Star levels (星级志愿者): show, recompute, review promotions, list entitlements.

    \b
    Examples:
      linli stars show 12
      linli stars recompute --as-of 2026-01-01
      linli stars review --approve 12 --approve 15
      linli stars entitled priority_medical --org LX-WH
    """


@stars.command()
@click.argument("member", type=int)
@FORMAT
@click.pass_obj
def show(state: CliState, member: int, output: str) -> None:
    """A member's level, metric, benefits and the history of every change.

    \b
    Example:
      linli stars show 12
    """
    runtime = state.runtime()
    found = runtime.view(state.operator, lambda ctx: _member_json(member_stars(ctx, member)))
    if output == "json":
        click.echo(json.dumps(found, ensure_ascii=False, indent=2))
        return
    _echo_member(found, runtime.program.locale)


@stars.command()
@ORG
@click.option("--as-of", type=click.DateTime(["%Y-%m-%d"]), help="Rate as of this day (its year, for yearly windows); default today.")
@click.pass_obj
def recompute(state: CliState, org: str | None, as_of: dt.datetime | None) -> None:
    """Recompute levels from the metric: after the year turns (yearly windows) or the ladder changed.

    \b
    Examples:
      linli stars recompute
      linli stars recompute --org S01 --as-of 2026-01-01
    """
    runtime = state.runtime()
    day = as_of.date() if as_of else None
    result = runtime.act(state.operator, lambda ctx: recompute_members(ctx, org=org, as_of=day))
    counts = {"members": result.members, "promoted": result.promoted, "demoted": result.demoted, "proposed": result.proposed}
    click.echo(t("star_rating.recomputed", runtime.program.locale, **counts))


@stars.command()
@ORG
@click.option("--approve", "approve", type=int, multiple=True, metavar="MEMBER", help="Grant this member's waiting promotion (repeatable).")
@click.option("--reject", "reject", type=int, multiple=True, metavar="MEMBER", help="Turn down this member's waiting promotion (repeatable).")
@click.option("--reason", default="", help="Why promotions are turned down (required with --reject).")
@FORMAT
@click.pass_obj
def review(state: CliState, org: str | None, approve: Sequence[int], reject: Sequence[int], reason: str, output: str) -> None:
    """List promotions waiting for review, or approve and reject them (all or none).

    \b
    Examples:
      linli stars review
      linli stars review --approve 12 --approve 15
      linli stars review --reject 20 --reason 服务记录待核实
    """
    runtime = state.runtime()
    locale = runtime.program.locale
    if approve or reject:

        def work(ctx: Any) -> tuple[int, int]:
            return len(approve_promotions(ctx, approve)) if approve else 0, reject_promotions(ctx, reject, reason=reason) if reject else 0

        approved, rejected = runtime.act(state.operator, work)
        click.echo(t("star_rating.reviewed", locale, approved=approved, rejected=rejected))
        return
    columns = ("member_id", "name", "phone", "stars", "proposed", "metric_value", "since")

    def rows(ctx: Any) -> list[tuple[Any, ...]]:
        return [
            (p.member.id, p.member.name, p.member.masked_phone, p.stars, p.proposed, round(p.metric_value, 2), _minute(p.since))
            for p in pending_promotions(ctx, org=org)
        ]

    data = runtime.view(state.operator, rows)
    _emit(columns, data, output, locale, t("star_rating.pending_title", locale, count=len(data)))


@stars.command()
@click.argument("entitlement")
@ORG
@FORMAT
@click.pass_obj
def entitled(state: CliState, entitlement: str, org: str | None, output: str) -> None:
    """Which members are entitled to ENTITLEMENT (e.g. priority_medical); phones masked.

    \b
    Examples:
      linli stars entitled free_scenic_entry
      linli stars entitled priority_school --org LX-WH --format json
    """
    runtime = state.runtime()
    locale = runtime.program.locale
    columns = ("member_id", "name", "phone", "stars")

    def rows(ctx: Any) -> list[tuple[Any, ...]]:
        return [(row.member.id, row.member.name, row.member.masked_phone, row.stars) for row in entitled_members(ctx, entitlement, org=org)]

    data = runtime.view(state.operator, rows)
    _emit(columns, data, output, locale, t("star_rating.entitled_title", locale, entitlement=entitlement, count=len(data)))


@click.group()
def roles() -> None:
    """Role holders (两长四员 …) and the program's requirements.

    \b
    Example:
      linli roles audit
    """


@roles.command()
@FORMAT
@click.pass_obj
def audit(state: CliState, output: str) -> None:
    """List active role holders who no longer meet their role's requirements (exit 0 either way).

    \b
    Examples:
      linli roles audit
      linli roles audit --format json
    """
    runtime = state.runtime()
    locale = runtime.program.locale

    def work(ctx: Any) -> list[tuple[Any, ...]]:
        return [
            (p.assignment.id, p.assignment.node.code, p.assignment.role, p.assignment.member_id, p.assignment.member.label(), p.message(locale))
            for p in audit_holders(ctx)
        ]

    data = runtime.view(state.operator, work)
    columns = ("assignment_id", "node", "role", "member_id", "member", "problem")
    _emit(columns, data, output, locale, t("star_rating.audit_title", locale, count=len(data)))


def _emit(columns: Sequence[str], rows: Sequence[Sequence[Any]], output: str, locale: str, title: str) -> None:
    if output == "json":
        click.echo(json.dumps([dict(zip(columns, row, strict=True)) for row in rows], ensure_ascii=False, indent=2))
        return
    table = Table(*(t(f"star_rating.column_{column}", locale) for column in columns), title=title)
    for row in rows:
        table.add_row(*(str(cell) for cell in row))
    Console().print(table)


def _minute(at: dt.datetime) -> str:
    return at.astimezone(CHINA).strftime("%Y-%m-%d %H:%M")


def _member_json(found: MemberStars) -> dict[str, Any]:
    """Plain data, built while the session is open."""
    return {
        "member_id": found.member.id,
        "label": found.member.label(),
        "name": found.member.name,
        "phone": found.member.masked_phone,
        "stars": found.stars,
        "metric": found.metric,
        "metric_value": found.metric_value,
        "period": found.period,
        "reached_at": found.reached_at.isoformat() if found.reached_at else None,
        "pending": found.pending,
        "window_stars": found.window_stars,
        "medal": found.medal,
        "benefits": list(found.benefits),
        "entitlements": sorted(found.entitlements),
        "history": [
            {
                "stars": h.stars,
                "previous": h.previous,
                "reached_at": h.reached_at.isoformat(),
                "metric_value": h.metric_value,
                "approved_by": h.approved_by,
            }
            for h in found.history
        ],
    }


def _echo_member(found: dict[str, Any], locale: str) -> None:
    metric = t(f"star_rating.metric_{found['metric']}", locale) if found["metric"] in NAMED_METRICS else found["metric"]
    click.echo(t("star_rating.show_head", locale, member=found["label"], stars=found["stars"], metric=metric, value=f"{found['metric_value']:,.2f}"))
    if found["period"] is not None:
        click.echo(t("star_rating.show_period", locale, year=found["period"], earned=found["window_stars"]))
    for key in ("pending", "medal"):
        if found[key]:
            click.echo(t(f"star_rating.show_{key}", locale, value=found[key]))
    for text in found["benefits"]:
        click.echo(t("star_rating.show_benefit", locale, text=text))
    if found["entitlements"]:
        click.echo(t("star_rating.show_entitlements", locale, names="、".join(found["entitlements"])))
    for h in found["history"]:
        at = dt.datetime.fromisoformat(h["reached_at"]).astimezone(CHINA).date().isoformat()
        click.echo(t("star_rating.show_history", locale, at=at, previous=h["previous"], stars=h["stars"], value=f"{h['metric_value']:,.2f}"))
