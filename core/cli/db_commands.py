"""``linli db`` (schema) and ``linli operators`` (accounts)."""

from __future__ import annotations

import os
from pathlib import Path

import click
from sqlalchemy import select

from linli.core import migrate
from linli.core.backup import backup, restore
from linli.core.cli.app import CliState, cli
from linli.core.i18n import current_locale, t
from linli.core.models import Operator
from linli.core.runtime import find_operator
from linli.core.services import bootstrap_admin, create_operator, disable_operator, require_scope, set_password, sync_nodes, verify_chain


@cli.group()
def db() -> None:
    """Create and upgrade the database schema.

    \b
    Examples:
      linli db upgrade
      linli --database-url postgresql+psycopg://linli@db/linli db upgrade
      linli db status
    """


@db.command()
@click.pass_obj
def upgrade(state: CliState) -> None:
    """Create the tables, or bring them to the newest schema of linli and its plugins.

    \b
    Example:
      linli db upgrade
    """
    runtime = state.runtime(migrated=False)
    migrate.upgrade(runtime.database, state.host)
    locale = runtime.program.locale
    click.echo(t("db.upgraded", locale, url=_url(runtime.database)))
    with runtime.reading() as session:
        has_operators = session.scalar(select(Operator.id).limit(1)) is not None
    if has_operators:
        result = runtime.act(state.operator, sync_nodes)
        click.echo(t("db.synced", locale, created=len(result.created), updated=len(result.updated)))
    else:
        click.echo(t("db.no_operators", locale))


@db.command()
@click.pass_obj
def status(state: CliState) -> None:
    """Show the schema revision and whether an upgrade is due.

    \b
    Example:
      linli db status
    """
    runtime = state.runtime(migrated=False)
    locale = runtime.program.locale
    current = ", ".join(sorted(migrate.current_heads(runtime.database))) or "-"
    due = migrate.pending(runtime.database, state.host)
    click.echo(t("db.status", locale, url=_url(runtime.database), current=current, due=t("db.due" if due else "db.up_to_date", locale)))


@db.command(name="backup")
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_obj
def backup_command(state: CliState, target: Path) -> None:
    """Copy the SQLite database to the new file TARGET while linli keeps running (PostgreSQL: use pg_dump).

    \b
    Example:
      linli db backup backups/linli-2026-11-22.db
    """
    runtime = state.runtime()
    # A backup holds every full phone and ID number: only a program-wide admin takes one.
    runtime.view(state.operator, lambda ctx: require_scope(ctx, None))
    backup(runtime.database, target)
    click.echo(t("backup.done", runtime.program.locale, path=str(target)))


@db.command(name="restore")
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.pass_obj
def restore_command(state: CliState, source: Path, yes: bool) -> None:
    """Replace the SQLite database's contents with the backup SOURCE, then check its audit chain.

    \b
    Example:
      linli db restore backups/linli-2026-11-22.db --yes
    """
    runtime = state.runtime(migrated=False)
    locale = runtime.program.locale
    runtime.view(state.operator, lambda ctx: require_scope(ctx, None))
    if not yes:
        click.confirm(t("backup.confirm", locale, path=str(source)), abort=True)
    restore(runtime.database, source)
    with runtime.reading() as session:
        problems = verify_chain(session)
    chain = "; ".join(problem.message(locale) for problem in problems) or "OK"
    click.echo(t("backup.restored", locale, path=str(source), chain=chain))


def _url(database: object) -> str:
    return database.engine.url.render_as_string(hide_password=True)  # type: ignore[attr-defined]


def _password(prompt_key: str) -> str:
    """From LINLI_PASSWORD for scripts, else asked twice without echo."""
    return os.environ.get("LINLI_PASSWORD") or click.prompt(t(prompt_key, current_locale()), hide_input=True, confirmation_prompt=True)


@cli.group()
def operators() -> None:
    """Operator accounts: who may use linli, where, and with which powers.

    \b
    Examples:
      linli operators bootstrap --username admin --name 街道管理员
      linli operators add zhang --name 张站长 --scope S01
      linli operators add clerk1 --name 理发店收银 --role clerk
      linli operators passwd zhang
    """


@operators.command()
@click.option("--username", default="admin", show_default=True)
@click.option("--name", "display_name", default="管理员", show_default=True)
@click.pass_obj
def bootstrap(state: CliState, username: str, display_name: str) -> None:
    """Create the first, program-wide admin of a new database and load the program's org tree.

    \b
    Example:
      linli operators bootstrap --username admin --name 街道管理员
    """
    runtime = state.runtime()
    password = _password("db.password_prompt")
    with runtime.database.writing() as session:
        bootstrap_admin(session, username=username, display_name=display_name, password=password, now=runtime.now)
    result = runtime.act(username, sync_nodes)
    click.echo(t("db.bootstrapped", runtime.program.locale, username=username, created=len(result.created)))


@operators.command()
@click.argument("username")
@click.option("--name", "display_name", required=True)
@click.option("--role", type=click.Choice(["admin", "clerk"]), default="admin", show_default=True)
@click.option("--scope", "scope_node", metavar="ORG_CODE", help="Org node the admin acts within (default: the whole program).")
@click.option("--can-unmask", is_flag=True, help="May see full phone and ID numbers.")
@click.pass_obj
def add(state: CliState, username: str, display_name: str, role: str, scope_node: str | None, can_unmask: bool) -> None:
    """Add an operator.

    \b
    Example:
      linli operators add zhang --name 张站长 --scope S01
    """
    runtime = state.runtime()
    password = _password("db.password_prompt")
    runtime.act(
        state.operator,
        lambda ctx: create_operator(
            ctx, username=username, display_name=display_name, role=role, scope_node=scope_node, can_unmask=can_unmask, password=password
        ),
    )
    click.echo(t("db.operator_added", runtime.program.locale, username=username))


@operators.command()
@click.argument("username")
@click.pass_obj
def passwd(state: CliState, username: str) -> None:
    """Set an operator's password.

    \b
    Example:
      linli operators passwd zhang
    """
    runtime = state.runtime()
    password = _password("db.password_prompt")
    runtime.act(state.operator, lambda ctx: set_password(ctx, find_operator(ctx.session, username).id, password))
    click.echo(t("db.password_set", runtime.program.locale, username=username))


@operators.command()
@click.argument("username")
@click.pass_obj
def disable(state: CliState, username: str) -> None:
    """Disable an operator (kept for the audit trail).

    \b
    Example:
      linli operators disable zhang
    """
    runtime = state.runtime()
    runtime.act(state.operator, lambda ctx: disable_operator(ctx, find_operator(ctx.session, username).id))
    click.echo(t("db.operator_disabled", runtime.program.locale, username=username))


@operators.command(name="list")
@click.pass_obj
def list_operators(state: CliState) -> None:
    """List operators with their role and scope.

    \b
    Example:
      linli operators list
    """
    runtime = state.runtime()
    with runtime.reading() as session:
        for operator in session.scalars(select(Operator).order_by(Operator.username)):
            scope = operator.scope_node.label() if operator.scope_node else "*"
            flags = "" if operator.active else " (disabled)"
            click.echo(f"{operator.username:<16} {operator.display_name:<12} {operator.role:<6} {scope}{flags}")
