"""exchange tables: redemptions and per-member limit counters

Revision ID: exchange_0001
Revises:
Depends on: 0001 (core's member, org, operator and ledger tables)
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import linli.core

revision: str = 'exchange_0001'
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = ('exchange',)
depends_on: str | Sequence[str] | None = '0001'


def upgrade() -> None:
    op.create_table('redemption',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('request_key', sa.String(length=200), nullable=False),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('member_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('member_node_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('item', sa.String(length=64), nullable=False),
    sa.Column('item_name', sa.String(length=200), nullable=False),
    sa.Column('merchant', sa.String(length=64), nullable=False),
    sa.Column('merchant_name', sa.String(length=200), nullable=False),
    sa.Column('merchant_node_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('points', sa.BigInteger(), nullable=False),
    sa.Column('cny_fen', sa.BigInteger(), nullable=False),
    sa.Column('limit_period', sa.String(length=16), nullable=True),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('issued_at', linli.core.UTCDateTime(timezone=True), nullable=False),
    sa.Column('issued_by', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('expires_at', linli.core.UTCDateTime(timezone=True), nullable=False),
    sa.Column('closed_at', linli.core.UTCDateTime(timezone=True), nullable=True),
    sa.Column('closed_by', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('transfer_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('reversal_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.ForeignKeyConstraint(['closed_by'], ['operator.id'], name=op.f('fk_redemption_closed_by_operator')),
    sa.ForeignKeyConstraint(['issued_by'], ['operator.id'], name=op.f('fk_redemption_issued_by_operator')),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], name=op.f('fk_redemption_member_id_member')),
    sa.ForeignKeyConstraint(['member_node_id'], ['org_node.id'], name=op.f('fk_redemption_member_node_id_org_node')),
    sa.ForeignKeyConstraint(['merchant_node_id'], ['org_node.id'], name=op.f('fk_redemption_merchant_node_id_org_node')),
    sa.ForeignKeyConstraint(['reversal_id'], ['ledger_transfer.id'], name=op.f('fk_redemption_reversal_id_ledger_transfer')),
    sa.ForeignKeyConstraint(['transfer_id'], ['ledger_transfer.id'], name=op.f('fk_redemption_transfer_id_ledger_transfer')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_redemption')),
    sa.UniqueConstraint('code', name=op.f('uq_redemption_code')),
    sa.UniqueConstraint('request_key', name=op.f('uq_redemption_request_key'))
    )

    with op.batch_alter_table('redemption', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_redemption_item'), ['item'], unique=False)
        batch_op.create_index(batch_op.f('ix_redemption_member_id'), ['member_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_redemption_merchant'), ['merchant'], unique=False)
        batch_op.create_index('ix_redemption_state_expires_at', ['state', 'expires_at'], unique=False)

    op.create_table('redemption_tally',
    sa.Column('member_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('item', sa.String(length=64), nullable=False),
    sa.Column('period', sa.String(length=16), nullable=False),
    sa.Column('units', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], name=op.f('fk_redemption_tally_member_id_member')),
    sa.PrimaryKeyConstraint('member_id', 'item', 'period', name=op.f('pk_redemption_tally'))
    )


def downgrade() -> None:
    op.drop_table('redemption_tally')

    with op.batch_alter_table('redemption', schema=None) as batch_op:
        batch_op.drop_index('ix_redemption_state_expires_at')
        batch_op.drop_index(batch_op.f('ix_redemption_merchant'))
        batch_op.drop_index(batch_op.f('ix_redemption_member_id'))
        batch_op.drop_index(batch_op.f('ix_redemption_item'))

    op.drop_table('redemption')
