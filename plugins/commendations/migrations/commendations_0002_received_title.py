"""received_title table

Revision ID: commendations_0002
Revises: commendations_0001
Create Date: 2026-11-22 12:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import linli.core

revision: str = 'commendations_0002'
down_revision: str | Sequence[str] | None = 'commendations_0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

Id = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def upgrade() -> None:
    op.create_table('received_title',
    sa.Column('id', Id, autoincrement=True, nullable=False),
    sa.Column('member_id', Id, nullable=False),
    sa.Column('conferred_by', sa.String(length=200), nullable=False),
    sa.Column('title', sa.String(length=100), nullable=False),
    sa.Column('award', sa.String(length=64), nullable=False),
    sa.Column('period', sa.String(length=16), nullable=False),
    sa.Column('scope', sa.String(length=200), nullable=False),
    sa.Column('rank', sa.Integer(), nullable=False),
    sa.Column('conferred_on', sa.Date(), nullable=False),
    sa.Column('received_from', sa.String(length=200), nullable=False),
    sa.Column('received_at', linli.core.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], name=op.f('fk_received_title_member_id_member')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_received_title')),
    sa.UniqueConstraint('member_id', 'conferred_by', 'award', 'period', 'scope', name=op.f('uq_received_title_member_id_conferred_by_award_period_scope'))
    )
    with op.batch_alter_table('received_title', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_received_title_member_id'), ['member_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('received_title', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_received_title_member_id'))
    op.drop_table('received_title')
