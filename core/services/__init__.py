"""Every mutation of linli's core, as plain functions taking a :class:`Context`.

The CLI, the TUI, importers and tests call these; nothing else writes the
core tables. Each function checks the operator's role and scope, validates
against the program, writes rows, calls plugin hooks and appends to the
audit log, inside the caller's transaction (it flushes, never commits).
"""

from linli.core.services.activities import (
    cancel_activity,
    close_activity,
    create_activity,
    create_project,
    get_activity,
    get_project,
    open_activity,
)
from linli.core.services.approval import ReviewResult, review
from linli.core.services.audit import ChainProblem, Change, record, record_many, verify_chain
from linli.core.services.context import CHINA_STANDARD_TIME, Context
from linli.core.services.erase import AuditTarget, erased_name
from linli.core.services.member_changes import reveal_identity, set_member_status, update_member
from linli.core.services.members import MemberRow, get_member, lookup_member, register_member, register_members, select_members
from linli.core.services.operators import (
    authenticate,
    bootstrap_admin,
    create_operator,
    disable_operator,
    get_operator,
    set_password,
)
from linli.core.services.orgs import SyncResult, ancestors, children, create_node, get_node, subtree, subtree_ids, sync_nodes
from linli.core.services.record_import import ImportResult, ServiceRow, record_imported_service, record_manual
from linli.core.services.records import check_in, check_out, evaluate, get_record, sign_up
from linli.core.services.roles import HolderProblem, assign_role, audit_holders, end_role, star_levels
from linli.core.services.rows import RowProblem, RowsRefused, chunks
from linli.core.services.scope import in_scope, require_admin, require_scope, scope_node
from linli.core.services.team_rosters import add_team_member
from linli.core.services.teams import create_team, get_team, pair_team

__all__ = [
    "CHINA_STANDARD_TIME",
    "AuditTarget",
    "ChainProblem",
    "Change",
    "Context",
    "HolderProblem",
    "ImportResult",
    "MemberRow",
    "ReviewResult",
    "RowProblem",
    "RowsRefused",
    "ServiceRow",
    "SyncResult",
    "add_team_member",
    "ancestors",
    "assign_role",
    "audit_holders",
    "authenticate",
    "bootstrap_admin",
    "cancel_activity",
    "check_in",
    "check_out",
    "children",
    "chunks",
    "close_activity",
    "create_activity",
    "create_node",
    "create_operator",
    "create_project",
    "create_team",
    "disable_operator",
    "end_role",
    "erased_name",
    "evaluate",
    "get_activity",
    "get_member",
    "lookup_member",
    "get_node",
    "get_operator",
    "get_project",
    "get_record",
    "get_team",
    "in_scope",
    "open_activity",
    "pair_team",
    "record",
    "record_imported_service",
    "record_manual",
    "record_many",
    "register_member",
    "register_members",
    "require_admin",
    "require_scope",
    "scope_node",
    "reveal_identity",
    "review",
    "select_members",
    "set_member_status",
    "set_password",
    "sign_up",
    "star_levels",
    "subtree",
    "subtree_ids",
    "sync_nodes",
    "update_member",
    "verify_chain",
]
