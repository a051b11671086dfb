"""Importing administrators' spreadsheets: org trees, volunteer rosters, service ledgers.

Each sheet kind is an importer (its columns, its checks, how rows become
service-layer calls); :func:`run_import` reads the file, writes in one
transaction and reports every bad row as ``FILE:ROW:COLUMN: problem``::

    summary = run_import(MemberImporter(), "名册.xlsx", runtime.program, lambda work: runtime.act("admin", work))
    print("\\n".join(summary.report(runtime.program.locale)))
"""

from linli.core.importers.activities import NewActivities
from linli.core.importers.common import Act, ImportSummary, Importer, Outcome, run_import
from linli.core.importers.members import MemberImporter, member_columns
from linli.core.importers.offered import Offered, offered_importers
from linli.core.importers.orgs import OrgImporter, org_columns
from linli.core.importers.service import ServiceImporter, service_columns

__all__ = [
    "Act",
    "ImportSummary",
    "Importer",
    "MemberImporter",
    "NewActivities",
    "Offered",
    "OrgImporter",
    "Outcome",
    "ServiceImporter",
    "member_columns",
    "offered_importers",
    "org_columns",
    "run_import",
    "service_columns",
]
