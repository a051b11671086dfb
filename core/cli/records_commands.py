"""``linli records export|import``: service records as ``linli-records`` JSON (docs/records-format.md)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from linli.core.cli.app import CliState, cli
from linli.core.i18n import t
from linli.core.records_io import export_records, import_records


@cli.group()
def records() -> None:
    """Move volunteers' approved service records between organizations (MCA Order No. 67).

    \b
    Examples:
      linli records export -o records.json --consented 12,15
      linli records import records.json --home-node G0101
    """


@records.command("export")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path), help="The JSON file to write.")
@click.option("--consented", default="", help="Ids of members who consented in writing to the transfer, comma-separated; others are masked.")
@click.pass_obj
def export_command(state: CliState, output: Path, consented: str) -> None:
    """Write every approved record, grouped by volunteer, with the recording organization.

    \b
    Examples:
      linli records export -o records.json --consented 12,15
    """
    runtime = state.runtime()
    ids = {int(part) for part in consented.split(",") if part.strip()}
    document = runtime.view(state.operator, lambda ctx: export_records(ctx, ids))
    output.write_text(json.dumps(document, ensure_ascii=False, indent=2), "utf-8")
    count = sum(len(v["records"]) for v in document["volunteers"])
    click.echo(t("records_io.exported", runtime.program.locale, volunteers=len(document["volunteers"]), records=count, path=str(output)))


@records.command("import")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--home-node", required=True, help="The org node code newly registered volunteers join.")
@click.pass_obj
def import_command(state: CliState, source: Path, home_node: str) -> None:
    """Register consenting volunteers not yet known and record their approved service; safe to run again.

    \b
    Examples:
      linli records import records.json --home-node G0101
    """
    runtime = state.runtime()
    document = json.loads(source.read_text("utf-8"))
    summary = runtime.act(state.operator, lambda ctx: import_records(ctx, document, home_node))
    click.echo(
        t(
            "records_io.imported",
            runtime.program.locale,
            members=summary.members,
            records=summary.records,
            skipped=summary.skipped_records,
            without=len(summary.skipped_volunteers),
        )
    )
    if summary.awards:
        click.echo(t("records_io.awards_kept", runtime.program.locale, awards=summary.awards, kept=summary.kept))
