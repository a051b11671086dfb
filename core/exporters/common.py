"""What every export shares: its scope, its note row, and who may unmask.

Exports hold people's data, so they follow the same rules as the screens:
only the operator's org subtree, phone and ID numbers masked unless an
operator allowed to unmask asks, and every unmasked export on the audit
chain (one entry per file, saying how many rows left the system unmasked).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from linli.core.errors import PermissionDenied
from linli.core.i18n import t
from linli.core.services.audit import Change, record
from linli.core.services.context import Context
from linli.core.services.scope import require_admin, scope_node
from linli.core.tabular import Column
from linli.core.exporters.files import write_table


@dataclass(frozen=True)
class Exported:
    path: Path
    rows: int
    masked: bool


def write_personal(
    ctx: Context, target: Path, fmt: str, *, unmask: bool, title: str, headers: list[str], rows: Iterable[Sequence[object]], kind: str
) -> Exported:
    """Write an export holding people's numbers: masked unless *unmask*, which needs the permission and is audited.

    *rows* is lazy, so nothing is read before the permission is checked; *kind*
    names what the audit entry is about (``member``, ``service_record``).
    """
    require_admin(ctx)
    if unmask and not ctx.operator.can_unmask:
        raise PermissionDenied("scope.cannot_unmask", operator=ctx.operator.label())
    if not unmask:
        title += t("exporters.title_masked", ctx.program.locale)
    count = write_table(target, fmt, title=title, note=note(ctx, masked=not unmask), headers=headers, rows=rows)
    if unmask:
        record(ctx, Change("export.unmasked", kind, None, after={"file": target.name, "rows": count}))
    return Exported(target, count, masked=not unmask)


def note(ctx: Context, *, masked: bool | None) -> str:
    """The note row: scope and time, then what is masked (*masked* None: nothing personal in the file)."""
    root = scope_node(ctx)
    scope = root.label() if root else ctx.program.name
    moment = ctx.now().astimezone(ctx.zone).strftime("%Y-%m-%d %H:%M")
    text = t("exporters.note", ctx.program.locale, scope=scope, at=moment)
    if masked is None:
        return text
    return text + t("exporters.masked" if masked else "exporters.unmasked", ctx.program.locale)


def header(column: Column, locale: str) -> str:
    """An importer's column as an export heads it: the Chinese name, or the first English alias."""
    return column.name if locale == "zh-CN" else column.aliases[0]
