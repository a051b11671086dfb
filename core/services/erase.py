"""Erasing a member's personal data on request (PIPL art. 47), keeping their service history countable."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select

from linli.core.errors import PluginError, Refused
from linli.core.models.audit import AuditEntry
from linli.core.models.members import Member
from linli.core.services.audit import ERASE_ACTION, Change, record
from linli.core.services.context import Context
from linli.core.services.members import get_member
from linli.core.services.rows import chunks
from linli.core.services.scope import require_scope

ERASED_PREFIX = "已注销#"
HOOK = "linli_member_erased"


@dataclass(frozen=True)
class AuditTarget:
    """The audit entries of one target whose personal values go with an erased member.

    *keys* limits the erasure to those summary keys (a requester reached at
    the member's phone is someone else: only the phone is the member's);
    None erases every personal value of the entries.
    """

    kind: str
    id: int | str
    keys: frozenset[str] | None = None


def erased_name(member_id: int) -> str:
    """What stands in for an erased member's name, wherever a plugin kept it too."""
    return f"{ERASED_PREFIX}{member_id}"


def erase_member(ctx: Context, member_id: int) -> Member:
    """Replace the member's personal fields with placeholders; the row, its id and everything linked to it stay.

    Hours, points, roles and the audit chain refer to the member's id, so
    report totals and the ledger are unchanged. The status is left as it is:
    leaving is its own, separately audited act. Plugins erase what they hold
    about the person (``linli_member_erased``) first, while the phone and ID
    number they may match on are still there, in the same transaction. The
    personal values of the member's earlier audit entries, and of those the
    plugins name, are erased too; the ``member.erase`` entry names each one,
    which is what lets ``audit verify`` tell this from tampering.
    """
    member = get_member(ctx.session, member_id)
    require_scope(ctx, member.home_node)
    if member.name.startswith(ERASED_PREFIX):
        raise Refused("erase.already", id=member.id)
    targets = [AuditTarget("member", member.id), *_plugin_targets(ctx, [member.id])]
    member.name = erased_name(member.id)
    # Mobile numbers start with 1, so a leading 0 can never collide with a real person's number.
    member.phone = f"0{member.id:010d}"
    member.id_number = None
    member.id_tail = None
    member.gender = None
    member.birth_date = None
    member.skills = []
    member.willingness = []
    member.tags = []  # tags such as 党员 are personal data too
    redacted = _redact_entries(ctx, targets)
    # Only the fact is audited: copying the old values here would keep what the person asked to remove.
    record(ctx, Change(ERASE_ACTION, "member", member.id, after={"erased": True, "redacted": redacted}))
    ctx.session.flush()
    return member


def _redact_entries(ctx: Context, targets: Iterable[AuditTarget]) -> dict[str, list[str]]:
    """Erase the personal values of the entries about *targets*; returns what was erased, as seq -> paths.

    Entries written before migration 0003 have no sealed values and stay as they are.
    """
    wanted: dict[tuple[str, str], frozenset[str] | None] = {}
    for target in targets:
        key = (target.kind, str(target.id))
        if key not in wanted:
            wanted[key] = target.keys
        else:
            earlier = wanted[key]
            wanted[key] = None if earlier is None or target.keys is None else earlier | target.keys
    by_kind: dict[str, list[str]] = {}
    for kind, target_id in wanted:
        by_kind.setdefault(kind, []).append(target_id)
    redacted: dict[str, list[str]] = {}
    for kind, ids in by_kind.items():
        for chunk in chunks(ids):
            query = select(AuditEntry).where(AuditEntry.target_kind == kind, AuditEntry.target_id.in_(chunk), AuditEntry.salts.is_not(None))
            for entry in ctx.session.scalars(query.order_by(AuditEntry.seq)):
                assert entry.target_id is not None  # the query matched on it
                paths = entry.redact(wanted[(kind, entry.target_id)])
                if paths:
                    redacted[str(entry.seq)] = paths
    ctx.session.flush()
    return redacted


def _plugin_targets(ctx: Context, member_ids: Sequence[int]) -> list[AuditTarget]:
    targets: list[AuditTarget] = []
    for plugin, result in ctx.hooks.by_plugin(HOOK, ctx=ctx, member_ids=member_ids):
        if isinstance(result, str | bytes) or not isinstance(result, Iterable):
            raise PluginError(plugin, HOOK, f"returned {type(result).__name__}, expected audit targets")
        found = list(result)
        wrong = [item for item in found if not isinstance(item, AuditTarget)]
        if wrong:
            raise PluginError(plugin, HOOK, f"returned {type(wrong[0]).__name__}, expected AuditTarget")
        targets.extend(found)
    return targets
