"""Every service an operator can call refuses an operator outside its scope, and a merchant clerk, changing nothing.

Services are discovered (see :mod:`tests.reliability.discovery`); each must
appear either in ``CALLS`` (how to aim it at station S01) or in ``EXEMPT``
(why it needs no check of its own). A new service therefore fails
:func:`test_every_service_is_classified` until someone decides which it is,
and once in ``CALLS`` it fails the matrix unless it checks scope.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from linli.core.db import Database
from linli.core.errors import PermissionDenied
from linli.core.services import MemberRow, RowsRefused, ServiceRow
from linli.core.services.activity_import import ActivityRow
from linli.core.services.role_batches import RoleRow
from linli.plugins.dispatch.needs import NeedRow
from tests.core.factories import T0
from tests.reliability.discovery import context_functions
from tests.reliability.world import Targets, dump, populated_world

Args = tuple[tuple[Any, ...], dict[str, Any]]
HOUR = dt.timedelta(hours=1)
CORE, PLUGINS = "linli.core.services.", "linli.plugins."


def a(*args: Any, **kwargs: Any) -> Args:
    return args, kwargs


# How to aim each service at something inside S01 (the outsider administers S02).
CALLS: dict[str, Callable[[Targets], Args]] = {
    CORE + "activities.create_project": lambda t: a(title="义剪", category="elderly", host_node="S01"),
    CORE + "activities.create_activity": lambda t: a(starts_at=T0, ends_at=T0 + HOUR, title="义剪", category="elderly", host_node="S01"),
    CORE + "activities.open_activity": lambda t: a(t.activity),
    CORE + "activities.close_activity": lambda t: a(t.activity),
    CORE + "activities.cancel_activity": lambda t: a(t.activity),
    CORE + "activity_import.import_activities": lambda t: a([ActivityRow("义剪", "elderly", T0, T0 + HOUR, host_node="S01")]),
    CORE + "approval.review": lambda t: a(approve=[t.record]),
    CORE + "erase.erase_member": lambda t: a(t.member),
    CORE + "evaluations.evaluate_many": lambda t: a({t.record: (5, None)}),
    CORE + "explain.explain_member": lambda t: a(_member(t)),
    CORE + "member_changes.update_member": lambda t: a(t.member, name="张三"),
    CORE + "member_changes.set_member_status": lambda t: a(t.member, "suspended"),
    CORE + "member_changes.reveal_identity": lambda t: a(t.member),
    CORE + "members.register_member": lambda t: a(name="王建国", phone="13800000009", home_node="G0101"),
    CORE + "members.register_members": lambda t: a([MemberRow("王建国", "13800000009", "G0101")]),
    CORE + "members.register_member_ids": lambda t: a([MemberRow("王建国", "13800000009", "G0101")]),
    CORE + "operators.create_operator": lambda t: a(username="x", display_name="x", scope_node="G0101"),
    CORE + "operators.set_password": lambda t: a(t.local_operator, "a-long-password"),
    CORE + "operators.disable_operator": lambda t: a(t.local_operator),
    CORE + "orgs.create_node": lambda t: a(code="G0103", name="3栋", level="group", parent="S01"),
    CORE + "orgs.sync_nodes": lambda t: a(),
    CORE + "record_import.record_manual": lambda t: a(member_id=t.member, activity_id=t.activity, minutes=60),
    CORE + "record_import.record_imported_service": lambda t: a([ServiceRow(activity_id=t.activity, minutes=60, member_id=t.other_member)]),
    CORE + "record_import.record_imported_service_ids": lambda t: a([ServiceRow(activity_id=t.activity, minutes=60, member_id=t.other_member)]),
    CORE + "records.sign_up": lambda t: a(activity_id=t.activity, member_id=t.other_member),
    CORE + "records.check_in": lambda t: a(t.record, at=T0),
    CORE + "records.check_out": lambda t: a(t.record, minutes=60),
    CORE + "records.evaluate": lambda t: a(t.record, score=5),
    CORE + "reports.build_report": lambda t: a(org="S01"),
    CORE + "role_batches.assign_roles": lambda t: a([RoleRow(member_id=t.other_member, node="G0102", role="security")]),
    CORE + "roles.assign_role": lambda t: a(member_id=t.other_member, node="G0102", role="security"),
    CORE + "roles.end_role": lambda t: a(t.assignment),
    CORE + "roles.check_holders": lambda t: a("G0101"),
    CORE + "team_rosters.add_team_members": lambda t: a(t.team, [t.member]),
    CORE + "teams.create_team": lambda t: a(name="新队", anchor="S01"),
    CORE + "team_rosters.add_team_member": lambda t: a(t.team, t.member),
    CORE + "teams.pair_team": lambda t: a(t.team, "G0101"),
    PLUGINS + "certificates.issue.issue": lambda t: a(str(t.member), None, _issuer()),
    PLUGINS + "commendations.selection.select_awards": lambda t: a(period="2024", org="S01"),
    PLUGINS + "commendations.selection.confirm_awards": lambda t: a(period="2024", org="S01"),
    PLUGINS + "commendations.selection.scope_root": lambda t: a("S01"),
    PLUGINS + "commendations.titles.member_titles": lambda t: a(str(t.member)),
    PLUGINS + "dispatch.archive.service_archive": lambda t: a("王奶奶"),
    PLUGINS + "dispatch.completion.complete_order": lambda t: a(t.order, minutes=60),
    PLUGINS + "dispatch.completion.rate_order": lambda t: a(t.order, score=5),
    PLUGINS + "dispatch.needs.raise_need": lambda t: a(NeedRow(name="赵爷爷", node="G0101", category="elderly"), channel="door"),
    PLUGINS + "dispatch.needs.raise_needs": lambda t: a([NeedRow(name="赵爷爷", node="G0101", category="elderly")], channel="door"),
    PLUGINS + "dispatch.orders.make_order": lambda t: a(t.need),
    PLUGINS + "dispatch.orders.publish_order": lambda t: a(t.order),
    PLUGINS + "dispatch.orders.dispatch_order": lambda t: a(t.order, t.member),
    PLUGINS + "dispatch.orders.reassign_order": lambda t: a(t.order, t.member),
    PLUGINS + "dispatch.orders.accept_order": lambda t: a(t.order, t.member),
    PLUGINS + "dispatch.orders.cancel_order": lambda t: a(t.order, reason="重复"),
    PLUGINS + "dispatch.queries.scope_root": lambda t: a("S01"),
    PLUGINS + "dispatch.queries.list_orders": lambda t: a(org="S01"),
    PLUGINS + "dispatch.report.build_sla_report": lambda t: a(org="S01"),
    PLUGINS + "dispatch.survey.service_list": lambda t: a(year=2024, org="S01"),
    PLUGINS + "matching.ranking.rank_order": lambda t: a(t.order),
    PLUGINS + "service_points.points.add_point": lambda t: a(code="P2", name="理发点", kind="barber", node="S01"),
    PLUGINS + "service_points.points.staff_point": lambda t: a("P1", t.team),
    PLUGINS + "star_rating.entitlements.entitled_members": lambda t: a("priority", org="S01"),
    PLUGINS + "star_rating.review.pending_promotions": lambda t: a(org="S01"),
    PLUGINS + "star_rating.review.approve_promotions": lambda t: a([t.member]),
    PLUGINS + "star_rating.review.reject_promotions": lambda t: a([t.member], reason="不符"),
    PLUGINS + "star_rating.service.area": lambda t: a("S01"),
    PLUGINS + "star_rating.service.member_stars": lambda t: a(t.member),
    PLUGINS + "star_rating.service.recompute_members": lambda t: a(org="S01"),
    PLUGINS + "time_bank.passbook.passbook": lambda t: a(str(t.member)),
    PLUGINS + "reconcile.record.record_missing": lambda t: a([_ledger_line("张秀英", "13800000001", "助老", T0.date(), 60)]),
    PLUGINS + "merchants.store.save_catalogue": lambda t: a([], [], "import"),
    PLUGINS + "merchants.sync.sync_catalogue": lambda t: a(),
    PLUGINS + "exchange.redeem.redeem": lambda t: a(t.member, t.item),
    PLUGINS + "exchange.lifecycle.show_code": lambda t: a(t.code),
    PLUGINS + "exchange.desk.standing": lambda t: a(str(t.member)),
    PLUGINS + "exchange.lifecycle.verify": lambda t: a(t.code),
    PLUGINS + "exchange.lifecycle.cancel": lambda t: a(t.code),
    PLUGINS + "exchange.lifecycle.expire": lambda t: a(T0.date()),
    PLUGINS + "exchange.settlement.settle": lambda t: a(f"{T0:%Y-%m}"),
    PLUGINS + "time_bank.transfers.transfer_time": lambda t: a(from_member=t.member, to_member=t.other_member, minutes=10, relation="家人"),
}

# Functions taking a Context that are not entry points: why no scope check of their own is needed.
HELPER = "called only by a service that has already checked scope"
FILTERED = "a query that returns only what lies in the operator's scope"
HOOK = "a plugin hook, called by core inside an already-checked service"
DEMO = "a plugin's share of `linli demo`, made only of services that check scope themselves"
EXEMPT: dict[str, str] = {
    CORE + "audit.record": "appends to the audit log for the calling service",
    CORE + "audit.record_many": "appends to the audit log for the calling service",
    CORE + "approval.load_records": HELPER,
    PLUGINS + "reconcile.platform.platform_lines": FILTERED,
    CORE + "members.validate_row": HELPER,
    CORE + "roles.audit_holders": FILTERED,
    CORE + "roles.star_levels": HELPER,
    CORE + "scope.require_admin": "is the check",
    CORE + "scope.require_scope": "is the check",
    CORE + "scope.in_scope": "is the check",
    CORE + "scope.scope_node": "is the check",
    PLUGINS + "commendations.candidates.entries": HELPER,
    PLUGINS + "commendations.linli_member_records": HOOK,
    PLUGINS + "commendations.records.member_awards": HELPER,
    PLUGINS + "commendations.linli_member_records_imported": HOOK,
    PLUGINS + "commendations.records.keep_awards": HELPER,
    PLUGINS + "dispatch.linli_order_facts": HOOK,
    PLUGINS + "dispatch.linli_open_orders": HOOK,
    PLUGINS + "dispatch.linli_open_needs": HOOK,
    PLUGINS + "dispatch.linli_member_erased": HOOK,
    PLUGINS + "dispatch.erasure.erase_requesters": HELPER,
    PLUGINS + "dispatch.cli.common.member_id": "CLI argument parsing",
    PLUGINS + "dispatch.cli.common.zoned": "CLI formatting",
    PLUGINS + "dispatch.cli.common.local": "CLI formatting",
    PLUGINS + "dispatch.escalation.escalate_overdue": "a program-wide timer job; escalates only orders in the operator's scope",
    PLUGINS + "dispatch.needs.check_rows": HELPER,
    PLUGINS + "dispatch.steps.log": HELPER,
    PLUGINS + "exchange.eligibility.check_eligible": HELPER,
    PLUGINS + "exchange.items.load_item": HELPER,
    PLUGINS + "merchants.linli_catalogue_item": HOOK,
    PLUGINS + "merchants.linli_adjust_stock": HOOK,
    PLUGINS + "exchange.desk.catalogue": "the program-wide catalogue (items, prices, stock), no member data; admins and clerks",
    PLUGINS + "merchants.linli_catalogue": HOOK,
    PLUGINS + "merchants.listing.item_rows": "the program-wide catalogue (items, prices, stock), no member data",
    PLUGINS + "merchants.listing.merchant_rows": "the program file's merchant directory, no member data",
    PLUGINS + "funds.budgets.backed": HELPER,
    PLUGINS + "funds.budgets.enforce": HELPER,
    PLUGINS + "funds.charging.choose": HELPER,
    PLUGINS + "funds.linli_funds": HOOK,
    PLUGINS + "funds.linli_points_source": HOOK,
    PLUGINS + "funds.overview.budget_use": "program-wide budget figures, no personal data; require_admin keeps clerks out",
    PLUGINS + "funds.overview.describe": HELPER,
    PLUGINS + "incentives.linli_service_approved": HOOK,
    PLUGINS + "incentives.linli_member_metric": HOOK,
    PLUGINS + "incentives.accrual.accrue": HELPER,
    PLUGINS + "incentives.accrual.post": HELPER,
    PLUGINS + "incentives.expiry.expire": "program-wide job: require_scope(ctx, None), tested in the plugin",
    PLUGINS + "matching.menu.build_menu": HELPER,
    PLUGINS + "matching.linli_order_suggestions": "a plugin hook answering through rank_order, which is in CALLS",
    PLUGINS + "matching.ranking.rank": HELPER,
    PLUGINS + "matching.ranking.candidates": HELPER,
    PLUGINS + "matching.ranking.recent_ratings": HELPER,
    PLUGINS + "service_points.linli_route_order": HOOK,
    PLUGINS + "service_points.points.get_point": "a lookup by code returning no personal data",
    PLUGINS + "service_points.points.list_points": FILTERED,
    PLUGINS + "service_points.points.nearest": HELPER,
    PLUGINS + "service_points.points.route": HELPER,
    PLUGINS + "star_rating.linli_service_approved": HOOK,
    PLUGINS + "star_rating.linli_star_levels": HOOK,
    PLUGINS + "star_rating.linli_member_entitlements": HOOK,
    PLUGINS + "star_rating.entitlements.member_entitlements": HELPER,
    PLUGINS + "star_rating.metrics.metric_values": HELPER,
    PLUGINS + "star_rating.rating.recompute": HELPER,
    PLUGINS + "star_rating.rating.announce": HELPER,
    PLUGINS + "time_bank.linli_service_approved": HOOK,
    PLUGINS + "reconcile.cli.compare": "reads the paper ledger, then asks platform_lines, which is in CALLS",
    PLUGINS + "star_rating.explain.explain_stars": HELPER,
    PLUGINS + "star_rating.linli_explain_member": HOOK,
    PLUGINS + "incentives.linli_member_summary": HOOK,
    PLUGINS + "incentives.member_page.points_section": HELPER,
    PLUGINS + "star_rating.linli_member_summary": HOOK,
    PLUGINS + "star_rating.member_page.stars_section": HELPER,
    PLUGINS + "time_bank.linli_member_summary": HOOK,
    PLUGINS + "time_bank.member_page.passbook_section": HELPER,
    PLUGINS + "commendations.linli_member_summary": HOOK,
    PLUGINS + "commendations.member_page.titles_section": HELPER,
    PLUGINS + "star_rating.tui.distribution": FILTERED,
    PLUGINS + "time_bank.banking.bank_approved": HELPER,
    PLUGINS + "time_bank.banking.check_withdrawals": HELPER,
    PLUGINS + "merchants.linli_demo_fill": HOOK,
    PLUGINS + "merchants.demo.fill_demo": DEMO,
    PLUGINS + "exchange.linli_demo_fill": HOOK,
    PLUGINS + "exchange.demo.fill_demo": DEMO,
    PLUGINS + "dispatch.linli_demo_fill": HOOK,
    PLUGINS + "dispatch.demo.fill_demo": DEMO,
    PLUGINS + "service_points.linli_demo_fill": HOOK,
    PLUGINS + "service_points.demo.fill_demo": DEMO,
}


# Services known to let an outsider through, awaiting their authors' fix; test_known_gaps_are_still_open
# turns red (strict xfail) once one is fixed, so the entry is removed and the matrix covers it again.
KNOWN_GAPS: dict[str, str] = {}


def _issuer() -> Any:
    from linli.plugins.certificates.issue import Issuer  # a plugin still being written: imported only when used

    return Issuer("百步亭社区", "张主任", "027-00000000")


def _ledger_line(*fields: Any) -> Any:
    from linli.plugins.reconcile.ledger import LedgerLine  # a plugin still being written: imported only when used

    return LedgerLine(2, *fields)


def _member(t: Targets) -> Any:
    return _Deferred(t.member)


class _Deferred:
    """A member id to be loaded in the acting session (explain_member takes the row, not the id)."""

    def __init__(self, member_id: int) -> None:
        self.member_id = member_id


def test_every_service_is_classified() -> None:
    found = set(context_functions())
    assert not CALLS.keys() & EXEMPT.keys()
    assert sorted(found - CALLS.keys() - EXEMPT.keys()) == [], "new services: add them to CALLS (or EXEMPT with a reason)"
    assert sorted((CALLS.keys() | EXEMPT.keys()) - found) == [], "entries for services that no longer exist"


@pytest.mark.parametrize("who", ["outsider", "clerk"])
def test_every_service_refuses_an_operator_outside_its_scope(database: Database, who: str) -> None:
    assert unguarded(database, who, [name for name in CALLS if name not in KNOWN_GAPS]) == ""


@pytest.mark.skipif(not KNOWN_GAPS, reason="no known gaps")
@pytest.mark.xfail(strict=True, reason="the services in KNOWN_GAPS still lack a scope check")
def test_known_gaps_are_still_open(database: Database) -> None:
    assert unguarded(database, "outsider", list(KNOWN_GAPS)) == ""


def unguarded(database: Database, who: str, names: list[str]) -> str:
    """Call each service in *names* as *who*; the ones that did not refuse, one per line."""
    world, targets = populated_world(database)
    operator = world.operator("huayuan", "S02") if who == "outsider" else world.operator("shouyin", None, role="clerk")
    services = context_functions()
    before = dump(database)
    found: list[str] = []
    for name in names:
        args, kwargs = CALLS[name](targets)
        try:
            world.act(lambda ctx: services[name](ctx, *_loaded(ctx, args), **kwargs), operator)
        except PermissionDenied:
            pass
        except RowsRefused as refused:  # batch services report per row; every row must be a denial
            if not all(isinstance(p.error, PermissionDenied) for p in refused.problems):
                found.append(f"{name}: {refused}")
        except Exception as error:  # any other refusal may hide a missing check behind a validation error
            found.append(f"{name}: {type(error).__name__}: {error}")
        else:
            found.append(f"{name}: allowed")
        assert dump(database) == before, f"{name} changed the database"
    return "\n".join(found)


def _loaded(ctx: Any, args: tuple[Any, ...]) -> tuple[Any, ...]:
    from linli.core.models import Member

    return tuple(ctx.session.get(Member, x.member_id) if isinstance(x, _Deferred) else x for x in args)
