"""``linli tui``: the administrator's terminal UI, on a program or on a demo created for the occasion."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import click

from linli.core.cli.app import CliState, cli
from linli.core.cli.demo_commands import ADMIN, demo
from linli.core.demo import is_demo_file
from linli.core.errors import LinliError


@cli.command()
@click.option("--demo", "preset", metavar="PRESET", help="Open the demo of PRESET (./linli-demo-PRESET), creating it first if missing, signed in as its admin.")
@click.pass_context
def tui(ctx: click.Context, preset: str | None) -> None:
    """Open the terminal UI: sign in as an operator, then review hours, find members, read the figures.

    \b
    Examples:
      linli tui --demo baibuting          try linli on a demo program
      linli -c mydistrict/linli.yaml tui  work on your own program
    """
    from linli.tui.app import LinliApp  # Textual loads only for this command

    state: CliState = ctx.obj
    username = None
    if preset is not None:
        config = Path(f"linli-demo-{preset}") / "linli.yaml"
        if not config.exists():
            ctx.invoke(demo, preset=preset)
        if not is_demo_file(config):
            raise LinliError("demo.not_a_demo_file", path=str(config))
        state, username = dataclasses.replace(state, config=config), ADMIN
    LinliApp(state.runtime(), username=username).run()
