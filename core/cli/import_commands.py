"""``linli import orgs|members|service FILE``: spreadsheets in, through the service layer.

Plugins add sheet kinds through ``linli_importers`` (``linli import catalogue``):
their commands take the same options and report the same way as core's.
"""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Any

import click

from linli.core.cli.app import CliState, cli, plugin_host
from linli.core.errors import LinliError, PluginError
from linli.core.i18n import t
from linli.core.importers import Importer, ImportSummary, MemberImporter, NewActivities, OrgImporter, ServiceImporter, offered_importers, run_import

FILE = click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
SKIP_INVALID = click.option(
    "--skip-invalid", is_flag=True, help="Import the valid rows; the others go to NAME.rejects.csv beside FILE (default: all or nothing)."
)
SHEET = click.option("--sheet", metavar="NAME", help="The worksheet to read (default: the first).")


PLUGIN_IMPORTERS_KEY = "linli.plugin_importers"


class ImportGroup(click.Group):
    """Core's sheet kinds plus those plugins add through ``linli_importers``."""

    def plugin_commands(self, ctx: click.Context) -> dict[str, click.Command]:
        meta = ctx.find_root().meta
        if PLUGIN_IMPORTERS_KEY not in meta:
            found: dict[str, click.Command] = {}
            for plugin, importers in plugin_host(ctx).all_hooks().by_plugin("linli_importers"):
                for name, importer in importers.items():
                    if name in self.commands or name in found:
                        raise PluginError(plugin, "linli_importers", t("cli.command_clash", None, name=f"import {name}"))
                    found[name] = _plugin_command(name, importer)
            meta[PLUGIN_IMPORTERS_KEY] = found
        return meta[PLUGIN_IMPORTERS_KEY]  # type: ignore[no-any-return]

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.plugin_commands(ctx)})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        return super().get_command(ctx, name) or self.plugin_commands(ctx).get(name)


@cli.group(name="import", cls=ImportGroup)
def import_group() -> None:
    """Import an org tree, a volunteer roster or service hours from .xlsx or .csv (UTF-8 or GBK).

    Headers may be Chinese as in the templates or English; nothing is written
    unless every row is valid, and every problem is listed as FILE:ROW:COLUMN.
    Importing the same file again adds nothing twice.

    \b
    Examples:
      linli import orgs 组织.xlsx
      linli import members 志愿者名册.xlsx --skip-invalid
      linli import service 服务台账.csv --approve
    """


@import_group.command()
@FILE
@SKIP_INVALID
@SHEET
@click.pass_obj
def orgs(state: CliState, file: Path, skip_invalid: bool, sheet: str | None) -> None:
    """Org nodes: 编码, 名称, 上级编码, 层级, 常住人口 (code, name, parent, level, residents).

    Parents may come later in the file or already be in the database.

    \b
    Example:
      linli import orgs 百步亭组织.xlsx
    """
    _run(state, OrgImporter(), file, skip_invalid, sheet)


@import_group.command()
@FILE
@SKIP_INVALID
@SHEET
@click.pass_obj
def members(state: CliState, file: Path, skip_invalid: bool, sheet: str | None) -> None:
    """Volunteers: 姓名, 手机号, 身份证号, 性别, 出生日期, 所属组织, 标签, 技能, 服务意愿, 注册方式, 注册日期.

    所属组织 is an org code or a node's name; lists in a cell split on 、，,;
    A volunteer already registered with the same phone and name is skipped.

    \b
    Example:
      linli import members 志愿者名册.xlsx --skip-invalid
    """
    _run(state, MemberImporter(), file, skip_invalid, sheet)


@import_group.command()
@FILE
@SKIP_INVALID
@SHEET
@click.option("--approve", is_flag=True, help="Certify the hours as you import them (default: they wait for review).")
@click.option("--create-activities", is_flag=True, help="Create missing activities, one per title and date.")
@click.option("--category", metavar="KEY", help="With --create-activities: their activity category.")
@click.option("--host", metavar="ORG_CODE", help="With --create-activities: the org node hosting them.")
@click.pass_obj
def service(
    state: CliState,
    file: Path,
    skip_invalid: bool,
    sheet: str | None,
    approve: bool,
    create_activities: bool,
    category: str | None,
    host: str | None,
) -> None:
    """Service hours: 手机号, 活动, 开始时间, 结束时间, 服务时长(小时), 评价, 来源.

    活动 is an activity's title (held on the row's date) or its number, e.g. 夜间巡逻（#12）;
    without 服务时长 the whole span from start to end counts.

    \b
    Examples:
      linli import service 服务台账.xlsx --approve
      linli import service 纸质台账.csv --create-activities --category patrol --host S01
    """
    create = None
    if create_activities:
        if not (category and host):
            raise click.UsageError(t("importers.create_needs", state.runtime().program.locale))
        create = NewActivities(category, host)
    summary = _run(state, ServiceImporter(approve=approve, create=create), file, skip_invalid, sheet)
    locale = state.runtime().program.locale
    if summary.activities:
        click.echo(t("importers.activities_created", locale, count=summary.activities))
    if summary.created and not approve:
        click.echo(t("importers.pending_review", locale))


def _run(state: CliState, importer: Importer, file: Path, skip_invalid: bool, sheet: str | None) -> ImportSummary:
    """Import, print problems (stderr) and the summary (stdout); a refused import exits 1."""
    runtime = state.runtime()
    locale = runtime.program.locale
    summary = run_import(
        importer,
        file,
        runtime.program,
        lambda work: runtime.act(state.operator, work),
        skip_invalid=skip_invalid,
        sheet=sheet,
        progress=True,
    )
    for line in [*(warning.render(locale) for warning in summary.warnings), *summary.report(locale)]:
        click.echo(line, err=True)
    if not summary.written:
        raise LinliError("importers.refused", file=summary.file, count=summary.rejected)
    kind = t(getattr(importer, "label_key", f"importers.kind_{summary.kind}"), locale)
    click.echo(
        t("importers.summary", locale, kind=kind, file=summary.file, created=summary.created, skipped=summary.skipped, rejected=summary.rejected)
    )
    if summary.rejects:
        click.echo(t("importers.rejects_written", locale, path=summary.rejects))
    return summary


def _plugin_command(name: str, importer: Any) -> click.Command:
    """``linli import NAME FILE`` for a plugin's importer; its class docstring is the help."""

    @click.command(name=name, help=inspect.getdoc(importer))
    @FILE
    @SKIP_INVALID
    @SHEET
    @click.pass_obj
    def command(state: CliState, file: Path, skip_invalid: bool, sheet: str | None) -> None:
        runtime = state.runtime()
        if (refusal := offered_importers(runtime.host, runtime.hooks)[name].refusal()) is not None:
            raise refusal
        _run(state, importer, file, skip_invalid, sheet)

    return command
