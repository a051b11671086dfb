"""Star levels (星级志愿者): thresholds on approved hours or points earned, never on the balance.

Levels are recomputed in bulk whenever service is approved, stored with
their history, and answered to core (role requirements) and to other
plugins (entitlements, ``linli_star_changed``).
"""

from collections.abc import Iterable, Mapping, Sequence
from importlib import resources
from typing import Any

import click

from linli.core import ConfigProblem, Context, Program, add_catalogue, hookimpl, t

from linli.plugins.star_rating import checks, cli, schema
from linli.plugins.star_rating.entitlements import member_entitlements
from linli.plugins.star_rating.explain import explain_stars
from linli.plugins.star_rating.member_page import stars_section
from linli.plugins.star_rating.rating import current_levels, recompute

add_catalogue(resources.files(__name__) / "locales")


@hookimpl
def linli_config_sections() -> Mapping[str, Any]:
    return {"star_rating": schema.SECTION}


@hookimpl
def linli_check_config(program: Program, hooks: Any) -> Iterable[ConfigProblem]:
    return list(checks.check(program, hooks))


@hookimpl
def linli_migration_scripts() -> Any:
    return resources.files(__name__) / "migrations" / "versions"


@hookimpl(trylast=True)
def linli_service_approved(ctx: Context, records: Sequence[Any]) -> None:
    # Last, so a metric another plugin keeps (points earned) already counts this batch.
    recompute(ctx, {record.member_id for record in records})


@hookimpl
def linli_star_levels(ctx: Context, member_ids: Sequence[int]) -> Mapping[int, int]:
    return current_levels(ctx.session, member_ids)


@hookimpl
def linli_member_entitlements(ctx: Context, member_ids: Sequence[int]) -> Mapping[int, frozenset[str]]:
    return member_entitlements(ctx, member_ids)


@hookimpl
def linli_explain_member(ctx: Context, member: Any) -> Iterable[str]:
    return explain_stars(ctx, member)


@hookimpl
def linli_cli_commands() -> Iterable[click.Command]:
    return [cli.stars, cli.roles]


@hookimpl
def linli_tui_panels(program: Program) -> Iterable[tuple[str, type]]:
    from linli.plugins.star_rating.tui import StarPanel  # Textual is loaded only by the terminal UI

    return [(t("star_rating.panel_title", program.locale), StarPanel)]


@hookimpl
def linli_member_summary(ctx: Context, member: Any) -> Iterable[tuple[str, Sequence[tuple[str, str]]]]:
    return stars_section(ctx, member)
