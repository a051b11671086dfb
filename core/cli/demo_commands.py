"""``linli demo``: a working program with a year of realistic data, in one command from a fresh clone."""

from __future__ import annotations

import secrets
import shlex
import time
from pathlib import Path

import click

from linli.core import migrate
from linli.core.cli.app import CliState, cli
from linli.core.config import list_presets, preset_source
from linli.core.db import Database
from linli.core.demo import DemoSummary, fill, holds_program, is_demo_file, plan, program_text
from linli.core.errors import ConfigError, LinliError
from linli.core.i18n import t
from linli.core.runtime import DATABASE_FILE, Runtime, default_database_url
from linli.core.services import bootstrap_admin
from linli.core.services.reports import build_report

ADMIN = "admin"
# SQLite keeps these beside the database file while it is open in WAL mode.
SQLITE_SUFFIXES = ("", "-wal", "-shm")


@cli.command()
@click.option("--preset", required=True, metavar="NAME", help="The preset to demonstrate (see `linli presets`).")
@click.option("--members", type=click.IntRange(1, 1_000_000), default=2000, show_default=True, help="How many volunteers.")
@click.option("--seed", type=int, default=1, show_default=True, help="The same seed gives the same data.")
@click.option("--dir", "directory", type=click.Path(file_okay=False, path_type=Path), help="Where to write it  [default: ./linli-demo-NAME]")
@click.option("--password", envvar="LINLI_PASSWORD", show_envvar=True, help="The admin's password  [default: generated and printed once]")
@click.option("--force", is_flag=True, help="Delete the directory's database and fill it again.")
@click.pass_obj
def demo(state: CliState, preset: str, members: int, seed: int, directory: Path | None, password: str | None, force: bool) -> None:
    """Create a demo program with a year of realistic data, to explore linli.

    Writes a directory holding linli.yaml (extending the preset, at the demo's
    scale) and a database with the preset's organization tree grown to size,
    volunteers, teams, roles, projects and a year of activities with approved
    service hours, and creates the operator `admin`. Enabled plugins add
    their share: a synced catalogue with its clerks and a few redemptions,
    service orders at every step of dispatch.

    \b
    Examples:
      linli demo --preset baibuting
      linli demo --preset youxian --members 50000 --seed 7 --dir /tmp/youxian
      linli -c linli-demo-baibuting/linli.yaml report
    """
    started = time.perf_counter()
    if preset_source(preset) is None:
        raise click.BadParameter(t("cli.unknown_preset", None, preset=preset, presets=", ".join(list_presets())), param_hint="--preset")
    directory = directory or Path(f"linli-demo-{preset}")
    config = directory / "linli.yaml"
    if config.exists() and not is_demo_file(config):
        raise LinliError("demo.not_a_demo_file", path=str(config))
    base = state.loader.check_preset(preset)
    if base.program is None:
        raise ConfigError(base.problems)
    directory.mkdir(parents=True, exist_ok=True)
    database = _empty_database(state.database_url, config, force)
    tree = plan(base.program, members, seed)
    config.write_text(program_text(preset, base.program, tree, members=members, seed=seed), "utf-8")
    runtime = Runtime(state.loader.load(config), state.host, database)
    click.get_current_context().call_on_close(runtime.close)
    migrate.upgrade(database, state.host)
    shown_password = None
    if password is None:
        password = shown_password = secrets.token_urlsafe(9)
    locale = runtime.program.locale
    # One transaction: a demo that fails half-way leaves an empty database, not a half-filled one.
    with database.writing() as session:
        admin = bootstrap_admin(session, username=ADMIN, display_name=t("demo.admin_name", locale), password=password, now=runtime.now)
        summary = fill(runtime.context(session, admin), tree, seed, password=password)
    _print_summary(runtime, summary, preset=preset, seed=seed, seconds=time.perf_counter() - started, files=(config, _shown(database, config)))
    click.echo(t("demo.password", locale, username=ADMIN, password=shown_password) if shown_password else t("demo.admin", locale, username=ADMIN))
    prefix = f"linli -c {shlex.quote(str(config))}" + (f" --database-url {shlex.quote(_shown(database, config))}" if state.database_url else "")
    click.echo(t("demo.next", locale, prefix=prefix))


def _print_summary(runtime: Runtime, summary: DemoSummary, *, preset: str, seed: int, seconds: float, files: tuple[Path, str]) -> None:
    """What was made, in the figures `linli report` will show, and where it is."""
    locale = runtime.program.locale
    figures = runtime.view(ADMIN, build_report)
    share = f"{figures.volunteer_share:.1%}" if figures.volunteer_share is not None else "-"
    click.echo(t("demo.done", locale, name=runtime.program.name, preset=preset, seed=seed, seconds=seconds))
    volunteers = figures.registered_volunteers
    click.echo(t("demo.organization", locale, nodes=summary.nodes, members=volunteers, share=share, teams=summary.teams, roles=summary.roles))
    click.echo(
        t(
            "demo.service",
            locale,
            projects=summary.projects,
            activities=summary.activities,
            records=summary.records,
            participants=figures.participants,
            hours=figures.service_hours,
            rated=summary.rated,
        )
    )
    for line in summary.plugins:
        click.echo(f"  {line}")
    click.echo(t("demo.files", locale, config=files[0], database=files[1]))


def _empty_database(url: str | None, config: Path, force: bool) -> Database:
    """The demo's database, refused when it holds a program; with *force*, the directory's SQLite file is recreated."""
    database = Database(url or default_database_url(config))
    if not holds_program(database):
        return database
    shown = _shown(database, config)
    database.dispose()
    if url is not None:
        raise LinliError("demo.not_empty_elsewhere", database=shown)
    if not force:
        raise LinliError("demo.not_empty", database=shown)
    if not config.exists():  # is_demo_file was checked before: only a demo's own database is deleted
        raise LinliError("demo.not_a_demo_database", database=shown)
    for suffix in SQLITE_SUFFIXES:
        config.with_name(DATABASE_FILE + suffix).unlink(missing_ok=True)
    return Database(default_database_url(config))


def _shown(database: Database, config: Path) -> str:
    """The directory's SQLite file as a path, any other database as its URL without the password."""
    if database.url == default_database_url(config):
        return str(config.with_name(DATABASE_FILE))
    return database.engine.url.render_as_string(hide_password=True)

