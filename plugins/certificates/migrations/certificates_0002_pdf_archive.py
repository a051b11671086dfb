"""certificate: format and PDF bytes

Revision ID: certificates_0002
Revises: certificates_0001
Create Date: 2026-11-22 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'certificates_0002'
down_revision: str | Sequence[str] | None = 'certificates_0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('certificate', schema=None) as batch_op:
        batch_op.add_column(sa.Column('format', sa.String(length=8), server_default='html', nullable=False))
        batch_op.add_column(sa.Column('document', sa.LargeBinary(), nullable=True))
        batch_op.alter_column('content', existing_type=sa.Text(), nullable=True)


def downgrade() -> None:
    with op.batch_alter_table('certificate', schema=None) as batch_op:
        batch_op.alter_column('content', existing_type=sa.Text(), nullable=False)
        batch_op.drop_column('document')
        batch_op.drop_column('format')
