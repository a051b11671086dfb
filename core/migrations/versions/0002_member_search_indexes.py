"""member search indexes: name prefix and phone tail

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22

The members screen searches 450,000 volunteers as the administrator types:
a name prefix becomes a range on ix_member_name, four digits an equality on
the phone's last four (ix_member_phone_tail) or on id_tail, which 0001 indexed.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0002'
down_revision: str | Sequence[str] | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index('ix_member_name', 'member', ['name', 'id'], unique=False)
    # Every stored phone has 11 characters, so substr(phone, 8) is its last four on both engines.
    op.create_index('ix_member_phone_tail', 'member', [sa.text('substr(phone, 8)')], unique=False)


def downgrade() -> None:
    op.drop_index('ix_member_phone_tail', table_name='member')
    op.drop_index('ix_member_name', table_name='member')
