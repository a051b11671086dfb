"""Which fund pays for each credit: the first rule whose conditions all hold, else the default fund.

Answers ``linli_points_source`` for the incentives plugin. A rule's
``within`` names org nodes; the volunteer's home node must lie in one of
their subtrees (materialized paths, one query for the whole batch).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import select

from linli.core import Context, Refused
from linli.core.models import OrgNode

from linli.plugins.funds.budgets import enforce
from linli.plugins.funds.settings import Rule, Settings


def choose(ctx: Context, credits: Sequence[Any]) -> Mapping[str, tuple[str, str]]:
    """``{credit key: ("fund", key)}`` for every credit a fund pays for, budgets enforced."""
    settings = Settings.of(ctx.program)
    paths = _paths(ctx, {c.home_node for c in credits} | {code for rule in settings.rules for code in rule.within})
    charged = []
    for credit in credits:
        key = next((rule.fund for rule in settings.rules if _matches(rule, credit, paths)), settings.default)
        if key is not None:
            charged.append((credit, settings.funds[key]))
    enforce(ctx, charged)
    return {credit.key: ("fund", fund.key) for credit, fund in charged}


def _matches(rule: Rule, credit: Any, paths: Mapping[str, str]) -> bool:
    if rule.categories is not None and credit.category not in rule.categories:
        return False
    home = paths[credit.home_node]
    return not rule.within or any(home.startswith(paths[code]) for code in rule.within)


def _paths(ctx: Context, codes: set[str]) -> dict[str, str]:
    """Each code's materialized path; a code the tree lacks is refused, since its rule could never match."""
    found = dict(ctx.session.execute(select(OrgNode.code, OrgNode.path).where(OrgNode.code.in_(sorted(codes)))).all())
    missing = sorted(codes - found.keys())
    if missing:
        raise Refused("funds.unknown_node", code=missing[0])
    return found
