"""``linli archive PERSON`` and ``linli survey import|list``: the people served, one by one and household by household.

The survey has its own ``survey`` group rather than a subcommand of core's
``linli import``, so the two plugins' commands never depend on each other.
"""

from __future__ import annotations

from pathlib import Path

import click

from linli.core import CliState, t
from linli.core.services import Context

from linli.plugins.dispatch.archive import service_archive
from linli.plugins.dispatch.cli.common import category_name, local, print_table
from linli.plugins.dispatch.people import masked
from linli.plugins.dispatch.survey import import_survey, service_list


@click.command()
@click.argument("person")
@click.pass_obj
def archive(state: CliState, person: str) -> None:
    """The service archive of one person served: every service received, by whom, minutes, rating.

    PERSON is the requester number (#12), a mobile number, or an exact name.

    \b
    Examples:
      linli archive 13800000001
      linli archive '#12'
    """
    runtime = state.runtime()
    locale = runtime.program.locale

    def build(ctx: Context) -> tuple[str, list[list[object]]]:
        found = service_archive(ctx, person)
        who = found.person
        hours = round(found.approved_minutes / 60, 2)
        place = {"node": who.node.label(), "address": who.address or "—"}
        head = t("dispatch.archive_head", locale, name=who.name, phone=masked(who.phone), count=len(found.lines), hours=hours, **place)
        rows: list[list[object]] = [
            [
                local(ctx, line.at),
                category_name(ctx.program, line.category),
                line.volunteer,
                line.minutes,
                line.state,
                line.score,
                line.comment,
                line.order_id,
            ]
            for line in found.lines
        ]
        return head, rows

    head, rows = runtime.view(state.operator, build)
    columns = ("at", "category", "volunteer", "minutes", "record_state", "score", "comment", "order")
    print_table(head, [t(f"dispatch.column_{c}", locale) for c in columns], rows)


@click.group()
def survey() -> None:
    """The annual household needs survey (问需调查) and the service list it produces.

    \b
    Examples:
      linli survey import 2026问需调查.xlsx --year 2026
      linli survey list --year 2026 --level grid
    """


@survey.command(name="import")
@click.argument("file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--year", type=click.IntRange(2000, 2200), required=True, help="The survey's year.")
@click.option("--sheet", metavar="NAME", help="The worksheet to read (default: the first).")
@click.pass_obj
def import_command(state: CliState, file: Path, year: int, sheet: str | None) -> None:
    """Import a survey sheet: 姓名, 手机号, 所属组织, 住址, 需求类别 (list), 需求描述, 紧急程度, 期望时间.

    Nothing is written unless every row is valid; problems are listed as FILE:ROW:COLUMN.

    \b
    Example:
      linli survey import 2026问需调查.xlsx --year 2026
    """
    runtime = state.runtime()
    locale = runtime.program.locale
    result = import_survey(file, runtime.program, lambda work: runtime.act(state.operator, work), year=year, sheet=sheet)
    for problem in result.problems:
        click.echo(problem.render(locale), err=True)
    if not result.written:
        click.echo(t("dispatch.survey_refused", locale, file=result.file, count=result.problem_count), err=True)
        raise click.exceptions.Exit(1)
    click.echo(t("dispatch.survey_imported", locale, file=result.file, rows=result.rows, needs=result.needs, year=year))


@survey.command(name="list")
@click.option("--year", type=click.IntRange(2000, 2200), required=True)
@click.option("--org", metavar="CODE", help="Only this node's subtree (default: your scope).")
@click.option("--level", metavar="LEVEL", help="Roll the list up to the nodes at this org level (e.g. grid).")
@click.pass_obj
def list_command(state: CliState, year: int, org: str | None, level: str | None) -> None:
    """The year's service list: surveyed needs per org node and category.

    \b
    Example:
      linli survey list --year 2026 --level grid
    """
    runtime = state.runtime()
    locale = runtime.program.locale

    def rows(ctx: Context) -> list[list[object]]:
        listed = service_list(ctx, year=year, org=org, level=level)
        return [
            [node.code, node.name, category_name(ctx.program, key), count] for node, counts in listed.items() for key, count in sorted(counts.items())
        ]

    columns = ("node", "name", "category", "needs")
    headers = [t(f"dispatch.column_{c}", locale) for c in columns]
    print_table(t("dispatch.service_list_title", locale, year=year), headers, runtime.view(state.operator, rows))
