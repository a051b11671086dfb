"""linli's core tables, all on the one shared :class:`~linli.core.db.Base`."""

from linli.core.models.activities import ACTIVITY_KINDS, Activity, Project
from linli.core.models.audit import AuditEntry
from linli.core.models.members import CHANNELS, GENDERS, MEMBER_STATUSES, Member, MemberTag
from linli.core.models.operators import OPERATOR_ROLES, Operator
from linli.core.models.orgs import OrgNode, Team, TeamMember, subtree_clause
from linli.core.models.roles import RoleAssignment
from linli.core.models.service import RECORD_SOURCES, ServiceRecord

__all__ = [
    "ACTIVITY_KINDS",
    "CHANNELS",
    "GENDERS",
    "MEMBER_STATUSES",
    "OPERATOR_ROLES",
    "RECORD_SOURCES",
    "Activity",
    "AuditEntry",
    "Member",
    "MemberTag",
    "Operator",
    "OrgNode",
    "Project",
    "RoleAssignment",
    "ServiceRecord",
    "Team",
    "TeamMember",
    "subtree_clause",
]
