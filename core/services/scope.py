"""Who may act where: admins within their scope subtree, clerks nowhere in the organization."""

from __future__ import annotations

from linli.core.errors import PermissionDenied
from linli.core.models.orgs import OrgNode
from linli.core.services.context import Context


def require_admin(ctx: Context) -> None:
    """The operator must be an active admin (of any scope)."""
    operator = ctx.operator
    if not operator.active:
        raise PermissionDenied("scope.inactive", operator=operator.label())
    if operator.role != "admin":
        raise PermissionDenied("scope.not_admin", operator=operator.label(), role=operator.role)


def scope_node(ctx: Context) -> OrgNode | None:
    """The root of the operator's scope, or None for a program-wide admin."""
    if ctx.operator.scope_node_id is None:
        return None
    return ctx.session.get(OrgNode, ctx.operator.scope_node_id)


def in_scope(ctx: Context, node: OrgNode | None) -> bool:
    """True when the operator's scope covers *node* (None: the whole program)."""
    root = scope_node(ctx)
    return root is None or (node is not None and root.contains(node))


def require_scope(ctx: Context, node: OrgNode | None) -> None:
    """The operator must be an active admin whose scope covers *node*.

    *node* None means the action concerns the whole program (a new root node,
    syncing the tree), which only a program-wide admin may do.
    """
    require_admin(ctx)
    if in_scope(ctx, node):
        return
    root = scope_node(ctx)
    assert root is not None
    if node is None:
        raise PermissionDenied("scope.program_wide_only", operator=ctx.operator.label(), scope=root.label())
    raise PermissionDenied("scope.out_of_scope", operator=ctx.operator.label(), node=node.label(), scope=root.label())
