"""certificate table

Revision ID: certificates_0001
Revises:
Create Date: 2026-11-22 10:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import linli.core

revision: str = 'certificates_0001'
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = ('certificates',)
depends_on: str | Sequence[str] | None = '0001'

Id = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def upgrade() -> None:
    op.create_table('certificate',
    sa.Column('id', Id, autoincrement=True, nullable=False),
    sa.Column('number', sa.String(length=32), nullable=False),
    sa.Column('member_id', Id, nullable=False),
    sa.Column('period', sa.String(length=16), nullable=False),
    sa.Column('minutes', sa.Integer(), nullable=False),
    sa.Column('issued_on', sa.Date(), nullable=False),
    sa.Column('operator_id', Id, nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('created_at', linli.core.UTCDateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], name=op.f('fk_certificate_member_id_member')),
    sa.ForeignKeyConstraint(['operator_id'], ['operator.id'], name=op.f('fk_certificate_operator_id_operator')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_certificate')),
    sa.UniqueConstraint('number', name=op.f('uq_certificate_number'))
    )
    with op.batch_alter_table('certificate', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_certificate_member_id'), ['member_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('certificate', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_certificate_member_id'))
    op.drop_table('certificate')
