"""audit erasable values: personal paths, their salts, redacted digests

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22

The chain hashes each personal value of an entry (a name, a masked phone)
as a salted digest, so erasing a member can replace the value and keep the
digest without breaking the chain. Entries already written keep NULL in all
three columns: they hash as before and their values cannot be erased
(``linli audit verify`` says how many there are). Downgrading drops the
seals, so entries with personal values written since then no longer verify.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0003'
down_revision: str | Sequence[str] | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.add_column(sa.Column('personal', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('salts', sa.JSON(none_as_null=True), nullable=True))
        batch_op.add_column(sa.Column('redacted', sa.JSON(none_as_null=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.drop_column('redacted')
        batch_op.drop_column('salts')
        batch_op.drop_column('personal')
