"""``linli plugins``: what is installed and what each plugin contributes."""

from __future__ import annotations

import dataclasses
import json

import click
from rich.console import Console
from rich.table import Table

from linli.core.cli.app import CliState, cli
from linli.core.i18n import current_locale, t


@cli.command()
@click.option("--format", "output", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.pass_obj
def plugins(state: CliState, output: str) -> None:
    """List installed plugins: name, version, built-in or third-party, hooks, config sections.

    \b
    Examples:
      linli plugins
      linli plugins --format json
    """
    infos = state.host.infos()
    if output == "json":
        click.echo(json.dumps([dataclasses.asdict(info) for info in infos], ensure_ascii=False, indent=2))
        return
    locale = current_locale()
    table = Table(*(t(f"cli.plugins_{column}", locale) for column in ("name", "version", "origin", "sections", "hooks")))
    for info in infos:
        origin = t("cli.plugins_builtin" if info.builtin else "cli.plugins_third_party", locale)
        table.add_row(info.name, info.version, origin, ", ".join(info.sections) or "-", ", ".join(info.hooks))
    if not infos:
        click.echo(t("cli.plugins_none", locale))
        return
    Console().print(table)
