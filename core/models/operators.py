"""People who operate linli: administrators scoped to a node, and merchant clerks."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from typing import Any, Literal

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from linli.core.db.base import Base, BigId, created_at, intpk, name_str
from linli.core.models.orgs import OrgNode

OperatorRole = Literal["admin", "clerk"]
OPERATOR_ROLES: tuple[OperatorRole, ...] = ("admin", "clerk")

# scrypt cost: 2**14 * 8 * 128 bytes = 16 MiB per check, OWASP's minimum for scrypt.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
SALT_BYTES, KEY_BYTES = 16, 32


class Operator(Base):
    """An operator account.

    An ``admin`` acts within the subtree of ``scope_node_id`` (a district,
    street, community or station admin, by the node's level), or the whole
    program when it is NULL. A ``clerk`` (a merchant's cashier) has no powers
    over the organization.
    """

    __tablename__ = "operator"

    id: Mapped[intpk]
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[name_str]
    role: Mapped[str] = mapped_column(String(16))
    scope_node_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("org_node.id"), index=True)
    can_unmask: Mapped[bool] = mapped_column(default=False)
    active: Mapped[bool] = mapped_column(default=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[created_at]

    scope_node: Mapped[OrgNode | None] = relationship()

    def label(self) -> str:
        return f"{self.display_name}（{self.username}）"

    def set_password(self, password: str) -> None:
        self.password_hash = hash_password(password)

    def verify_password(self, password: str) -> bool:
        return self.password_hash is not None and check_password(password, self.password_hash)

    def summary(self) -> dict[str, Any]:
        return {
            "username": self.username,
            "display_name": self.display_name,
            "role": self.role,
            "scope_node_id": self.scope_node_id,
            "can_unmask": self.can_unmask,
            "active": self.active,
        }


def hash_password(password: str) -> str:
    """``scrypt$n$r$p$salt$hash`` with a fresh random salt, both base64."""
    salt = secrets.token_bytes(SALT_BYTES)
    key = hashlib.scrypt(password.encode(), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=KEY_BYTES)
    return "$".join(["scrypt", str(SCRYPT_N), str(SCRYPT_R), str(SCRYPT_P), _b64(salt), _b64(key)])


def check_password(password: str, stored: str) -> bool:
    """True when *password* produces *stored*; the parameters come from *stored* so old hashes keep working."""
    try:
        scheme, n, r, p, salt, key = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(key)
        actual = hashlib.scrypt(password.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p), dklen=len(expected))
    except ValueError:
        return False
    return hmac.compare_digest(actual, expected)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")
