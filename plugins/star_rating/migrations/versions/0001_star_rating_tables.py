"""star_rating tables: each member's current level and the history of changes

Revision ID: star_rating_0001
Revises:
Depends on: 0001 (core's member and operator tables)
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'star_rating_0001'
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = ('star_rating',)
depends_on: str | Sequence[str] | None = '0001'


def upgrade() -> None:
    op.create_table('star_history',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('member_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('stars', sa.SmallInteger(), nullable=False),
    sa.Column('previous', sa.SmallInteger(), nullable=False),
    sa.Column('reached_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('metric_value', sa.Double(), nullable=False),
    sa.Column('approved_by', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.ForeignKeyConstraint(['approved_by'], ['operator.id'], name=op.f('fk_star_history_approved_by_operator')),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], name=op.f('fk_star_history_member_id_member')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_star_history'))
    )
    with op.batch_alter_table('star_history', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_star_history_member_id'), ['member_id'], unique=False)

    op.create_table('star_level',
    sa.Column('member_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=False, nullable=False),
    sa.Column('stars', sa.SmallInteger(), nullable=False),
    sa.Column('metric_value', sa.Double(), nullable=False),
    sa.Column('period', sa.Integer(), nullable=True),
    sa.Column('reached_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('pending_stars', sa.SmallInteger(), nullable=True),
    sa.Column('pending_since', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], name=op.f('fk_star_level_member_id_member')),
    sa.PrimaryKeyConstraint('member_id', name=op.f('pk_star_level'))
    )
    with op.batch_alter_table('star_level', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_star_level_pending_stars'), ['pending_stars'], unique=False)
        batch_op.create_index('ix_star_level_stars', ['stars'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('star_level', schema=None) as batch_op:
        batch_op.drop_index('ix_star_level_stars')
        batch_op.drop_index(batch_op.f('ix_star_level_pending_stars'))

    op.drop_table('star_level')
    with op.batch_alter_table('star_history', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_star_history_member_id'))

    op.drop_table('star_history')