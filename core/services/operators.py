"""Operator accounts: creating them, passwords, disabling, signing in."""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections.abc import Callable
from functools import cache

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from linli.core.db.base import utcnow
from linli.core.db.engine import Database
from linli.core.errors import NotFound, PermissionDenied, Refused
from linli.core.models.audit import AuditEntry
from linli.core.models.operators import OPERATOR_ROLES, Operator, check_password, hash_password
from linli.core.services.audit import Change, append, record
from linli.core.services.context import Context
from linli.core.services.orgs import get_node
from linli.core.services.scope import require_admin, require_scope

MIN_PASSWORD_LENGTH = 8
# After FREE_FAILURES wrong passwords in a row, each further try waits 2**(n - FREE_FAILURES) seconds, at most MAX_WAIT.
FREE_FAILURES = 5
MAX_WAIT = dt.timedelta(minutes=15)


def get_operator(session: Session, operator_id: int) -> Operator:
    operator = session.get(Operator, operator_id)
    if operator is None:
        raise NotFound("operators.not_found", id=operator_id)
    return operator


def bootstrap_admin(
    session: Session, *, username: str, display_name: str, password: str, now: Callable[[], dt.datetime] = utcnow
) -> Operator:
    """Create the first, program-wide admin of an empty database; refused once any operator exists."""
    if session.scalar(select(func.count()).select_from(Operator)):
        raise Refused("operators.already_bootstrapped")
    operator = _new(session, username, display_name, "admin", None, can_unmask=True, password=password)
    append(session, operator.id, now(), [Change("operator.create", "operator", operator.id, after=operator.summary())])
    return operator


def create_operator(
    ctx: Context,
    *,
    username: str,
    display_name: str,
    role: str = "admin",
    scope_node: str | None = None,
    can_unmask: bool = False,
    password: str | None = None,
) -> Operator:
    """Create an operator whose scope lies within the creator's; only an unmasking operator grants unmasking."""
    node = get_node(ctx.session, scope_node) if scope_node is not None else None
    if role == "admin":
        require_scope(ctx, node)
    else:
        require_admin(ctx)
    if can_unmask and not ctx.operator.can_unmask:
        raise PermissionDenied("operators.cannot_grant_unmask", operator=ctx.operator.label())
    operator = _new(ctx.session, username, display_name, role, node.id if node else None, can_unmask=can_unmask, password=password)
    record(ctx, Change("operator.create", "operator", operator.id, after=operator.summary()))
    return operator


def set_password(ctx: Context, operator_id: int, password: str) -> Operator:
    """Change one's own password, or, as an admin, that of an operator within one's scope."""
    target = get_operator(ctx.session, operator_id)
    if target.id != ctx.operator.id:
        require_scope(ctx, target.scope_node)
    elif not target.active:
        raise PermissionDenied("scope.inactive", operator=target.label())
    _check_password(password)
    target.set_password(password)
    record(ctx, Change("operator.password", "operator", target.id))
    return target


def disable_operator(ctx: Context, operator_id: int) -> Operator:
    """Stop an operator from signing in or acting; the account and its history stay."""
    target = get_operator(ctx.session, operator_id)
    require_scope(ctx, target.scope_node)
    if target.id == ctx.operator.id:
        raise Refused("operators.cannot_disable_self")
    if target.active:
        target.active = False
        record(ctx, Change("operator.disable", "operator", target.id, before={"active": True}, after={"active": False}))
    return target


def authenticate(session: Session, username: str, password: str) -> Operator | None:
    """The active operator with these credentials, or None (without saying which part was wrong)."""
    operator = session.scalars(select(Operator).where(Operator.username == username.strip())).one_or_none()
    if operator is None or not operator.active or operator.password_hash is None:
        # Spend the same time as a real check, so timing does not reveal which usernames exist.
        check_password(password, _decoy_hash())
        return None
    return operator if operator.verify_password(password) else None


def sign_in(database: Database, username: str, password: str, *, now: Callable[[], dt.datetime] = utcnow) -> Operator | None:
    """:func:`authenticate`, slowed per username after repeated failures; every attempt is audited.

    Attempts are kept in the audit log (so the slow-down survives restarts and
    is itself audited) under a hash of the username: a password typed into the
    username box is never stored in clear. Refused while the username must wait.
    """

    def attempt(session: Session) -> Operator | None:
        key = hashlib.sha256(username.strip().encode()).hexdigest()[:32]
        failures, last = _recent_failures(session, key)
        at = now()
        if failures >= FREE_FAILURES and last is not None:
            wait = min(dt.timedelta(seconds=2 ** (failures - FREE_FAILURES)), MAX_WAIT)
            if at < last + wait:
                raise Refused("signin.slowed", seconds=math.ceil((last + wait - at).total_seconds()))
        operator = authenticate(session, username, password)
        action = "operator.signin" if operator else "operator.signin_failed"
        append(session, operator.id if operator else None, at, [Change(action, "signin", key, after={"failures_before": failures})])
        return operator

    return database.run(attempt)


def _recent_failures(session: Session, key: str) -> tuple[int, dt.datetime | None]:
    """Failures since the last success for *key*, and when the newest one was."""
    query = select(AuditEntry.action, AuditEntry.at).where(AuditEntry.target_kind == "signin", AuditEntry.target_id == key)
    failures, last = 0, None
    for action, at in session.execute(query.order_by(AuditEntry.seq.desc()).limit(64)):
        if action != "operator.signin_failed":
            break
        failures, last = failures + 1, last or at
    return failures, last


@cache
def _decoy_hash() -> str:
    return hash_password("linli decoy password")


def _new(
    session: Session, username: str, display_name: str, role: str, scope_node_id: int | None, *, can_unmask: bool, password: str | None
) -> Operator:
    username, display_name = username.strip(), display_name.strip()
    if not username or not display_name:
        raise Refused("operators.name_missing")
    if role not in OPERATOR_ROLES:
        raise Refused("operators.bad_role", role=role, known="、".join(OPERATOR_ROLES))
    if session.scalar(select(func.count()).where(Operator.username == username)):
        raise Refused("operators.username_taken", username=username)
    operator = Operator(
        username=username, display_name=display_name, role=role, scope_node_id=scope_node_id, can_unmask=can_unmask, active=True
    )
    if password is not None:
        _check_password(password)
        operator.set_password(password)
    session.add(operator)
    session.flush()
    return operator


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise Refused("operators.password_too_short", min=MIN_PASSWORD_LENGTH)
