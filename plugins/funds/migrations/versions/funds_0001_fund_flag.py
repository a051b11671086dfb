"""funds tables: credits flagged over a fund's budget

Revision ID: funds_0001
Revises:
Depends on: 0001 (core's member, org, operator and ledger tables)
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import linli.core

revision: str = 'funds_0001'
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = ('funds',)
depends_on: str | Sequence[str] | None = '0001'


def upgrade() -> None:
    op.create_table('fund_flag',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('fund', sa.String(length=64), nullable=False),
    sa.Column('period_start', sa.Date(), nullable=False),
    sa.Column('transfer_key', sa.String(length=200), nullable=False),
    sa.Column('points', sa.BigInteger(), nullable=False),
    sa.Column('occurred_at', linli.core.UTCDateTime(timezone=True), nullable=False),
    sa.Column('flagged_at', linli.core.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_fund_flag')),
    sa.UniqueConstraint('transfer_key', name=op.f('uq_fund_flag_transfer_key'))
    )

    with op.batch_alter_table('fund_flag', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_fund_flag_fund'), ['fund'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('fund_flag', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_fund_flag_fund'))

    op.drop_table('fund_flag')
