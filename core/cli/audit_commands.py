"""``linli audit verify`` and ``linli audit log``: checking and reading the hash-chained audit log."""

from __future__ import annotations

import json

import click
from sqlalchemy import func, select

from linli.core.cli.app import CliState, cli
from linli.core.i18n import t
from linli.core.models import AuditEntry, Operator
from linli.core.services import Context, require_scope, verify_chain
from linli.core.services.audit import unsealed_count
from linli.core.services.context import CHINA_STANDARD_TIME


@cli.group()
def audit() -> None:
    """The audit log: every change, who made it, chained by hashes.

    \b
    Examples:
      linli audit verify
      linli audit log --action member.update --limit 20
    """


@audit.command()
@click.pass_obj
def verify(state: CliState) -> None:
    """Recompute the hash chain; exit 1 and list the entries that were edited, inserted or deleted.

    \b
    Example:
      linli audit verify
    """
    runtime = state.runtime()
    locale = runtime.program.locale

    def check(ctx: Context) -> tuple[int, int, list[str]]:
        # The whole program's log: only a program-wide admin may vouch for (or read) all of it.
        require_scope(ctx, None)
        problems = verify_chain(ctx.session)
        count = ctx.session.scalar(select(func.count()).select_from(AuditEntry)) or 0
        return count, unsealed_count(ctx.session), [problem.message(locale) for problem in problems]

    count, unsealed, problems = runtime.view(state.operator, check)
    if unsealed:
        click.echo(t("audit_cli.unsealed", locale, count=unsealed), err=True)
    if problems:
        for message in problems:
            click.echo(message, err=True)
        click.echo(t("audit_cli.broken", locale, count=len(problems)), err=True)
        raise click.exceptions.Exit(1)
    click.echo(t("audit_cli.intact", locale, count=count))


@audit.command()
@click.option("--action", help="Only entries of this action (e.g. member.update), or of actions starting with it and a dot.")
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True, help="How many of the newest entries.")
@click.pass_obj
def log(state: CliState, action: str | None, limit: int) -> None:
    """Print the newest entries, oldest first: number, China time, operator, action, target, change.

    Summaries are stored masked, so no full phone or ID number appears.

    \b
    Examples:
      linli audit log --limit 20
      linli audit log --action member
    """
    runtime = state.runtime()

    def read(ctx: Context) -> list[str]:
        require_scope(ctx, None)
        query = select(AuditEntry, Operator.username).outerjoin(Operator, Operator.id == AuditEntry.operator_id)
        if action:
            query = query.where((AuditEntry.action == action) | AuditEntry.action.startswith(f"{action}.", autoescape=True))
        newest = ctx.session.execute(query.order_by(AuditEntry.seq.desc()).limit(limit)).all()
        return [_line(entry, username) for entry, username in reversed(newest)]

    for line in runtime.view(state.operator, read):
        click.echo(line)


def _line(entry: AuditEntry, username: str | None) -> str:
    at = entry.at.astimezone(CHINA_STANDARD_TIME).strftime("%Y-%m-%d %H:%M:%S")
    target = entry.target_kind + (f"#{entry.target_id}" if entry.target_id is not None else "")
    change = {key: value for key, value in (("before", entry.before), ("after", entry.after)) if value is not None}
    text = json.dumps(change, ensure_ascii=False, sort_keys=True) if change else ""
    return "\t".join([str(entry.seq), at, username or "-", entry.action, target, text])
