"""``linli export ledger``: every transfer with its postings, or one account's statement.

The ledger explains every balance line by line; this puts those lines in a
spreadsheet for the auditor or the district's finance office. Member
accounts are owned by the member's id (``member:42``); a statement may be
asked for by that label or by the member's phone. A scoped admin sees the
transfers touching members of their subtree; issuer, fund and merchant
accounts belong to the whole program.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import String, and_, cast, select

from linli.core.errors import LinliError, NotFound
from linli.core.i18n import t
from linli.core.ledger import Account, Posting, Transfer, statement
from linli.core.models.members import Member
from linli.core.models.orgs import OrgNode
from linli.core.phone import mask_mobile, normalize_mobile
from linli.core.services.context import Context
from linli.core.services.members import get_member
from linli.core.services.scope import require_admin, require_scope, scope_node
from linli.core.exporters.common import Exported, note
from linli.core.exporters.files import local, write_table

POSTING_COLUMNS = ("transfer", "occurred_at", "unit", "account", "holder", "amount", "cause", "cause_ref", "rules", "produced_by", "reverses", "memo")
STATEMENT_COLUMNS = ("occurred_at", "transfer", "amount", "balance", "cause", "cause_ref", "rules", "produced_by", "reverses", "memo")


def export_ledger(ctx: Context, target: Path, fmt: str, *, account: str | None = None, unit: str = "points") -> Exported:
    """All postings in the operator's scope, or the statement of *account* (``kind:owner`` or a member's phone)."""
    require_admin(ctx)
    locale = ctx.program.locale
    if account is None:
        columns, rows, title = POSTING_COLUMNS, _postings(ctx), t("exporters.title_ledger", locale)
    else:
        found = _account(ctx, account, unit)
        columns, rows = STATEMENT_COLUMNS, _statement(ctx, found)
        title = t("exporters.title_statement", locale, account=found.label, unit=found.unit)
    headers = [t(f"exporters.col_{column}", locale) for column in columns]
    count = write_table(target, fmt, title=title, note=note(ctx, masked=None), headers=headers, rows=rows)
    return Exported(target, count, masked=True)


def _account(ctx: Context, wanted: str, unit: str) -> Account:
    """The account named by *wanted*, after checking the operator may see it."""
    phone = normalize_mobile(wanted)
    if phone is not None:
        member = ctx.session.scalar(select(Member).where(Member.phone == phone))
        if member is None:
            raise NotFound("members.phone_unknown", phone=mask_mobile(phone))
        kind, owner = "member", str(member.id)
    elif ":" in wanted:
        kind, owner = wanted.split(":", 1)
    else:
        raise LinliError("exporters.bad_account", account=wanted)
    found = ctx.session.scalar(select(Account).where(Account.kind == kind, Account.owner == owner, Account.unit == unit))
    if found is None:
        raise NotFound("exporters.no_account", account=f"{kind}:{owner}", unit=unit)
    # A member's account is seen where the member lives; the program's own accounts by program-wide admins.
    member = get_member(ctx.session, int(owner)) if kind == "member" and owner.isdigit() else None
    require_scope(ctx, member.home_node if member else None)
    return found


def _statement(ctx: Context, account: Account) -> Iterator[list[object]]:
    for line in statement(ctx.session, account):
        yield [
            local(line.occurred_at, ctx.zone),
            line.transfer_id,
            line.amount,
            line.balance,
            line.cause,
            line.cause_ref,
            "、".join(line.rule_ids),
            line.produced_by,
            line.reverses_id,
            line.memo,
        ]


def _postings(ctx: Context) -> Iterator[list[object]]:
    holder = and_(Account.kind == "member", Account.owner == cast(Member.id, String))
    query = (
        select(Transfer, Account.kind, Account.owner, Member.name, Posting.amount)
        .join(Posting, Posting.transfer_id == Transfer.id)
        .join(Account, Account.id == Posting.account_id)
        .outerjoin(Member, holder)
        .order_by(Transfer.occurred_at, Transfer.id, Posting.id)
    )
    root = scope_node(ctx)
    if root is not None:
        members = select(cast(Member.id, String)).join(OrgNode, OrgNode.id == Member.home_node_id).where(root.subtree_clause())
        touching = select(Posting.transfer_id).join(Account, Account.id == Posting.account_id)
        query = query.where(Transfer.id.in_(touching.where(Account.kind == "member", Account.owner.in_(members))))
    for transfer, kind, owner, name, amount in ctx.session.execute(query.execution_options(yield_per=2000)):
        yield [
            transfer.id,
            local(transfer.occurred_at, ctx.zone),
            transfer.unit,
            f"{kind}:{owner}",
            name,
            amount,
            transfer.cause,
            transfer.cause_ref,
            "、".join(transfer.rule_ids),
            transfer.produced_by,
            transfer.reverses_id,
            transfer.memo,
        ]
