"""Selection and commendation of outstanding volunteers (嘉许激励: 年度优秀志愿者, 五星志愿者 …).

Each award in the ``commendations`` section filters the members who served
in a period (hours, stars, tags, no rejected records), ranks them by a
metric and keeps the top N per org node; the list is recorded, first as a
draft, so a member's record shows the titles they hold.
"""

from collections.abc import Iterable, Mapping, Sequence
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

import click

from linli.core import ConfigProblem, Context, Program, add_catalogue, hookimpl

from linli.plugins.commendations import checks, records, schema
from linli.plugins.commendations.cli import awards_command
from linli.plugins.commendations.member_page import titles_section
from linli.plugins.commendations.models import Commendation, ReceivedTitle
from linli.plugins.commendations.selection import Awarded, confirm_awards, select_awards
from linli.plugins.commendations.titles import Title, Titles, member_titles

add_catalogue(resources.files(__name__) / "locales")

__all__ = ["Awarded", "Commendation", "ReceivedTitle", "Title", "Titles", "confirm_awards", "member_titles", "select_awards"]


@hookimpl
def linli_config_sections() -> Mapping[str, Any]:
    return {"commendations": schema.SECTION}


@hookimpl
def linli_check_config(program: Program) -> Iterable[ConfigProblem]:
    return list(checks.check(program))


@hookimpl
def linli_cli_commands() -> Iterable[click.Command]:
    return [awards_command]


@hookimpl
def linli_migration_scripts() -> Traversable:
    return resources.files(__name__) / "migrations"


@hookimpl
def linli_member_records(ctx: Context, member_ids: Sequence[int]) -> Mapping[str, Mapping[int, Sequence[Mapping[str, Any]]]]:
    return {"awards": records.member_awards(ctx, member_ids)}


@hookimpl
def linli_member_records_imported(ctx: Context, source: str, volunteers: Mapping[int, Mapping[str, Any]]) -> int:
    return records.keep_awards(ctx, source, volunteers)


@hookimpl
def linli_member_summary(ctx: Context, member: Any) -> Iterable[tuple[str, Sequence[tuple[str, str]]]]:
    return titles_section(ctx, member)
