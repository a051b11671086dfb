"""What every export shares: its scope, its note row, and who may unmask.

Exports hold people's data, so they follow the same rules as the screens:
only the operator's org subtree, phone and ID numbers masked unless an
operator allowed to unmask asks, and every unmasked export on the audit
chain (one entry per file, saying how many rows left the system unmasked).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from linli.core.errors import PermissionDenied
from linli.core.i18n import t
from linli.core.services.audit import Change, record
from linli.core.services.context import Context
from linli.core.services.scope import require_admin, scope_node
from linli.core.tabular import Column
from linli.core.exporters.files import local


@dataclass(frozen=True)
class Exported:
    path: Path
    rows: int
    masked: bool


def check_unmask(ctx: Context, unmask: bool) -> None:
    """An admin may export; only one allowed to unmask may export full numbers."""
    require_admin(ctx)
    if unmask and not ctx.operator.can_unmask:
        raise PermissionDenied("scope.cannot_unmask", operator=ctx.operator.label())


def record_unmasked(ctx: Context, target_kind: str, exported: Exported) -> None:
    """One audit entry for a file that carries full phone and ID numbers."""
    if not exported.masked:
        after = {"file": exported.path.name, "rows": exported.rows}
        record(ctx, Change("export.unmasked", target_kind, None, after=after))


def note(ctx: Context, *, masked: bool | None) -> str:
    """The note row: scope and time, then what is masked (*masked* None: nothing personal in the file)."""
    root = scope_node(ctx)
    scope = root.label() if root else ctx.program.name
    moment = local(ctx.now(), ctx.zone)
    text = t("exporters.note", ctx.program.locale, scope=scope, at=moment.strftime("%Y-%m-%d %H:%M") if moment else "")
    if masked is None:
        return text
    return text + t("exporters.masked" if masked else "exporters.unmasked", ctx.program.locale)


def header(column: Column, locale: str) -> str:
    """An importer's column as an export heads it: the Chinese name, or the first English alias."""
    return column.name if locale == "zh-CN" else column.aliases[0]
