"""Exports for Excel: members, service records and the ledger, as CSV (UTF-8 with BOM) or .xlsx.

Each export covers the operator's org subtree, masks phone and ID numbers
unless an operator allowed to unmask asks (and then leaves one audit entry),
and uses the import's columns where there is one, so a file goes back in::

    runtime.act("admin", lambda ctx: export_members(ctx, Path("志愿者.xlsx"), "xlsx"))
"""

from linli.core.exporters.common import Exported
from linli.core.exporters.files import FORMATS
from linli.core.exporters.ledger import export_ledger
from linli.core.exporters.members import export_members
from linli.core.exporters.service import export_service

__all__ = ["FORMATS", "Exported", "export_ledger", "export_members", "export_service"]
