"""linli-blood-donation: bonus points for unpaid blood donation (无偿献血).

Owns the ``blood_donation`` section and table, adds the
``blood_donation_bonus`` points rule kind and the ``linli donation`` command and a panel of the terminal UI's dashboard.
It imports only from ``linli.core``, linli's public API.
"""

from __future__ import annotations

from collections.abc import Generator, Iterable, Mapping, Sequence
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

import click

from linli.core import ConfigProblem, Context, PointsRuleKind, Program, add_catalogue, hookimpl, t

from linli_blood_donation.bonus import SECTION, BloodDonationBonus, pending
from linli_blood_donation.cli import donation

add_catalogue(resources.files(__name__) / "locales")

KIND = "blood_donation_bonus"

SCHEMA = {
    "type": "object",
    "description": "Bonus points for unpaid blood donation (无偿献血).",
    "properties": {
        "points_per_donation": {"type": "integer", "minimum": 1, "description": "Bonus points per donation."},
        "yearly_cap": {"type": "integer", "minimum": 1, "description": "At most this many bonus points per calendar year."},
        "min_ml": {"type": "integer", "minimum": 50, "maximum": 800, "description": "Smaller donations earn nothing (default 200)."},
    },
    "required": ["points_per_donation"],
    "additionalProperties": False,
}


@hookimpl
def linli_config_sections() -> Mapping[str, Any]:
    return {SECTION: SCHEMA}


@hookimpl
def linli_check_config(program: Program) -> Iterable[ConfigProblem]:
    section = program.section(SECTION) or {}
    problems = []
    cap, points = section.get("yearly_cap"), section["points_per_donation"]
    if cap is not None and cap < points:
        problems.append(ConfigProblem((SECTION, "yearly_cap"), "blood_donation.cap_below_points", {"cap": cap, "points": points}))
    rules = (program.section("incentives") or {}).get("rules", [])
    if not any(rule.get("kind") == KIND for rule in rules):
        problems.append(ConfigProblem((SECTION,), "blood_donation.no_rule"))
    return problems


@hookimpl
def linli_points_rule_kinds() -> Mapping[str, PointsRuleKind]:
    return {KIND: BloodDonationBonus()}


@hookimpl(wrapper=True)
def linli_service_approved(ctx: Context, records: Sequence[Any]) -> Generator[None, list[Any], list[Any]]:
    # A wrapper runs around every plugin's implementation, whatever the registration order,
    # so the donations are loaded before the incentives plugin applies the rules.
    with pending(ctx, records):
        return (yield)


@hookimpl
def linli_cli_commands() -> Iterable[click.Command]:
    return [donation]


@hookimpl
def linli_migration_scripts() -> Traversable:
    return resources.files(__name__) / "migrations"


@hookimpl
def linli_tui_panels(program: Program) -> Iterable[tuple[str, type]]:
    from linli_blood_donation.tui import DonationPanel  # Textual is loaded only by the terminal UI

    return [(t("blood_donation.panel_title", program.locale), DonationPanel)]
