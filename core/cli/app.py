"""The ``linli`` command group: global options, plugin commands, error reporting."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from linli.core import migrate
from linli.core.config import ProgramLoader
from linli.core.db import Database
from linli.core.errors import LinliError, PluginError
from linli.core.i18n import current_locale, t
from linli.core.plugins import PluginHost, make_plugin_host
from linli.core.runtime import Runtime, default_database_url


HOST_KEY = "linli.plugin_host"
COMMANDS_KEY = "linli.plugin_commands"


def plugin_host(ctx: click.Context) -> PluginHost:
    """The invocation's one plugin host, shared by every context through ``meta``."""
    if HOST_KEY not in ctx.meta:
        ctx.meta[HOST_KEY] = make_plugin_host()
    return ctx.meta[HOST_KEY]  # type: ignore[no-any-return]


@dataclass
class CliState:
    """What the global options chose; built once per invocation."""

    config: Path
    host: PluginHost
    debug: bool = False
    database_url: str | None = None
    operator: str = "admin"
    _loader: ProgramLoader | None = field(default=None, repr=False)
    _runtime: Runtime | None = field(default=None, repr=False)

    def runtime(self, *, migrated: bool = True) -> Runtime:
        """The program and its database; refuses a database whose schema is behind (unless *migrated* is False)."""
        if self._runtime is None:
            program = self.loader.load(self.config)
            self._runtime = Runtime(program, self.host, Database(self.database_url or default_database_url(self.config)))
            click.get_current_context().call_on_close(self._runtime.close)
        if migrated and migrate.pending(self._runtime.database, self.host):
            raise LinliError("runtime.not_migrated", url=self._runtime.database.engine.url.render_as_string(hide_password=True))
        return self._runtime

    @property
    def loader(self) -> ProgramLoader:
        if self._loader is None:
            self._loader = ProgramLoader(self.host)
        return self._loader


def report_error(error: LinliError) -> None:
    click.echo(t("cli.error", None, message=error.render(current_locale())), err=True)


class LinliGroup(click.Group):
    """Core commands plus those plugins add through ``linli_cli_commands``."""

    def plugin_commands(self, ctx: click.Context) -> dict[str, click.Command]:
        if COMMANDS_KEY not in ctx.meta:
            found: dict[str, click.Command] = {}
            try:
                host = plugin_host(ctx)
                for impl in host.manager.hook.linli_cli_commands.get_hookimpls():
                    try:
                        commands = impl.function() or ()
                    except Exception as error:
                        raise PluginError(impl.plugin_name, "linli_cli_commands", f"{type(error).__name__}: {error}") from error
                    for command in commands:
                        if command.name in self.commands or command.name in found:
                            raise PluginError(impl.plugin_name, "linli_cli_commands", t("cli.command_clash", None, name=command.name))
                        found[command.name or ""] = command
            except LinliError as error:
                report_error(error)
            ctx.meta[COMMANDS_KEY] = found
        return ctx.meta[COMMANDS_KEY]  # type: ignore[no-any-return]

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.plugin_commands(ctx)})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        return super().get_command(ctx, name) or self.plugin_commands(ctx).get(name)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except LinliError as error:
            if _debug(ctx):
                raise
            report_error(error)
            ctx.exit(error.exit_code)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except Exception as error:  # a bug: say so plainly, keep the traceback behind --debug
            if _debug(ctx):
                raise
            click.echo(t("cli.internal_error", None, error=f"{type(error).__name__}: {error}"), err=True)
            ctx.exit(70)


def _debug(ctx: click.Context) -> bool:
    state = ctx.find_object(CliState)
    return bool(state and state.debug) or "--debug" in sys.argv


@click.group(cls=LinliGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option(
    "-c",
    "--config",
    type=click.Path(dir_okay=False, path_type=Path),
    default="linli.yaml",
    envvar="LINLI_CONFIG",
    show_default=True,
    show_envvar=True,
    help="The program file.",
)
@click.option("--database-url", envvar="LINLI_DATABASE_URL", show_envvar=True, help="SQLAlchemy URL; default: linli.db beside the config.")
@click.option(
    "--operator",
    envvar="LINLI_OPERATOR",
    default="admin",
    show_default=True,
    show_envvar=True,
    help="The operator account commands act as (the CLI is for people with access to the server).",
)
@click.option("--debug", is_flag=True, help="Show tracebacks instead of plain messages.")
@click.version_option(package_name="linli")
@click.pass_context
def cli(ctx: click.Context, config: Path, database_url: str | None, operator: str, debug: bool) -> None:
    """linli 邻里: run a community volunteer-service program from one YAML file.

    \b
    Examples:
      linli presets                       list the shipped models
      linli init mydistrict --from youxian
      linli validate mydistrict/linli.yaml
      linli plugins
    """
    try:
        host = plugin_host(ctx)
    except LinliError as error:
        if debug:
            raise
        report_error(error)
        ctx.exit(error.exit_code)
    for broken in host.broken.values():  # the others still work; say which one does not, and why
        click.echo(t("plugins.broken", current_locale(), plugin=broken.name, cause=broken.cause), err=True)
    ctx.obj = CliState(config=config, host=host, debug=debug, database_url=database_url, operator=operator)
