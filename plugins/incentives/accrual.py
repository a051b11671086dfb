"""Crediting points for a batch of approved records: rules by phase, then one ledger batch.

A record's points are one transfer, ``points:service:<record id>``, dated
when the service took place and naming every rule that shaped it. Bonuses
are transfers of their own (``points:bonus:<rule id>:<occasion>``): they are
paid once per member and occasion rather than per record, may go to someone
else (a referrer), and stay out of what caps count. Records already credited
are left out before anything is computed, so approving or replaying the same
records again, by any path, credits nothing twice. Points come from the
issuer of the member's home node unless a plugin answering
``linli_points_source`` charges them to another account (a fund).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import NamedTuple

from sqlalchemy.orm import Session

from linli.core import PHASES, Accrual, Bonus, Context, History, PluginError, RuleKinds, collect_rule_kinds, ledger
from linli.core.models import ServiceRecord

from linli.plugins.incentives.accounts import PRODUCER, bonus_key, lock, open_accounts, recorded_keys, service_key
from linli.plugins.incentives.facts import home_codes, load_facts
from linli.plugins.incentives.history import BatchHistory
from linli.plugins.incentives.settings import SECTION, Settings, load_settings

# Points become whole after the multipliers, so caps count whole points.
ROUND_AFTER = "multiplier"


def accrue(ctx: Context, records: Sequence[ServiceRecord]) -> list[int]:
    """Credit the points *records* earn; returns the new transfers' ids (bonuses included)."""
    section = ctx.program.section(SECTION)
    if section is None or not records:
        return []
    kinds = collect_rule_kinds(ctx.hooks)
    settings = load_settings(section, kinds.kinds)
    session = ctx.session
    members = open_accounts(session, "member", {str(r.member_id) for r in records})
    lock(session, members.values())
    credited = recorded_keys(session, (service_key(r.id) for r in records))
    fresh = sorted({r.id for r in records if service_key(r.id) not in credited})
    if not fresh:
        return []
    accruals = [Accrual(facts) for facts in load_facts(session, fresh, ctx.zone)]
    run_rules(settings, kinds, accruals, BatchHistory(session, accruals, ctx.zone))
    return post(ctx, settings, accruals, members)


def run_rules(settings: Settings, kinds: RuleKinds, accruals: Sequence[Accrual], history: History) -> None:
    """Apply every rule to the accruals its ``when`` matches, phase by phase, in file order."""
    for phase in PHASES:
        for configured in settings.rules:
            if configured.kind.phase != phase:
                continue
            # In the base phase the first rule to set a record's base wins.
            chosen = [a for a in accruals if configured.when.matches(a.facts) and (phase != "base" or a.base_rule is None)]
            if not chosen:
                continue
            owner = kinds.owners[configured.rule.kind][0]
            try:
                configured.kind.apply(configured.rule, chosen, history)
            except Exception as error:
                raise PluginError(owner, "linli_points_rule_kinds", f"rule {configured.rule.id}: {type(error).__name__}: {error}") from error
            # Points are never taken away by a rule: a negative result is a plugin's bug, not a debit.
            if negative := [a for a in chosen if a.points < 0]:
                detail = f"rule {configured.rule.id} gave service record #{negative[0].facts.record_id} {negative[0].points} points"
                raise PluginError(owner, "linli_points_rule_kinds", detail)
        if phase == ROUND_AFTER:
            for accrual in accruals:
                accrual.points = Decimal(settings.whole(accrual.points))


class Credit(NamedTuple):
    """Points one member gets for one reason: a record's service, or a bonus it triggered."""

    key: str
    member_id: int
    points: int
    cause: str
    record_id: int
    rule_ids: tuple[str, ...]


class Issuance(NamedTuple):
    """A credit as ``linli_points_source`` sees it: what, to whom, for which service, where and when."""

    key: str
    member_id: int
    points: int
    cause: str
    record_id: int
    category: str
    home_node: str
    served_at: dt.datetime


def post(ctx: Context, settings: Settings, accruals: Sequence[Accrual], opened: Mapping[str, ledger.Account] | None = None) -> list[int]:
    """Record the batch's credits as one ``post_many``: issuer of the member's home node (or a chosen fund) → member.

    *opened* are member accounts the caller already holds (by owner), so they are not looked up again.
    """
    session = ctx.session
    credits = [
        Credit(service_key(a.facts.record_id), a.facts.member_id, points, "service", a.facts.record_id, tuple(a.rule_ids))
        for a in accruals
        if (points := settings.whole(a.points)) > 0
    ]
    credits += [
        Credit(bonus_key(b.rule_id, b.occasion), b.member_id, points, "bonus", b.record_id, (b.rule_id,))
        for b, points in _unpaid(session, [bonus for a in accruals for bonus in a.bonuses], settings)
    ]
    if not credits:
        return []
    homes = {a.facts.member_id: a.facts.home_node_code for a in accruals}
    homes |= home_codes(session, {c.member_id for c in credits} - homes.keys())
    known = dict(opened or {})
    members = known | open_accounts(session, "member", {str(c.member_id) for c in credits} - known.keys())
    sources = _sources(ctx, credits, homes, accruals)
    served = {a.facts.record_id: a.facts.served_at for a in accruals}
    requests = [
        ledger.TransferRequest.move(
            c.key,
            sources[c.key],
            members[str(c.member_id)],
            c.points,
            cause=c.cause,
            produced_by=PRODUCER,
            cause_ref=f"service_record:{c.record_id}",
            rule_ids=c.rule_ids,
            occurred_at=served[c.record_id],
            operator_id=ctx.operator.id,
        )
        for c in credits
    ]
    return ledger.post_many(session, requests)


def _sources(ctx: Context, credits: Sequence[Credit], homes: Mapping[int, str], accruals: Sequence[Accrual]) -> dict[str, ledger.Account]:
    """Each credit's source account: the one a plugin chose (a fund), else the issuer of the member's home node."""
    facts = {a.facts.record_id: a.facts for a in accruals}
    asked = [
        Issuance(c.key, c.member_id, c.points, c.cause, c.record_id, facts[c.record_id].category, homes[c.member_id], facts[c.record_id].served_at)
        for c in credits
    ]
    chosen = {key: (str(kind), str(owner)) for key, (kind, owner) in (ctx.hooks.linli_points_source(ctx=ctx, credits=asked) or {}).items()}
    owners: defaultdict[str, set[str]] = defaultdict(set, {"issuer": {homes[c.member_id] for c in credits if c.key not in chosen}})
    for kind, owner in chosen.values():
        owners[kind].add(owner)
    opened = {(kind, owner): found for kind, names in owners.items() for owner, found in open_accounts(ctx.session, kind, names).items()}
    return {c.key: opened[chosen.get(c.key, ("issuer", homes[c.member_id]))] for c in credits}


def _unpaid(session: Session, bonuses: Sequence[Bonus], settings: Settings) -> list[tuple[Bonus, int]]:
    """The bonuses not paid before (nor twice in this batch), with their whole points."""
    paid = recorded_keys(session, (bonus_key(b.rule_id, b.occasion) for b in bonuses))
    unpaid: dict[str, tuple[Bonus, int]] = {}
    for bonus in bonuses:
        key, points = bonus_key(bonus.rule_id, bonus.occasion), settings.whole(bonus.points)
        if key not in paid and points > 0:
            unpaid.setdefault(key, (bonus, points))
    return list(unpaid.values())
