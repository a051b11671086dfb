"""merchants tables: the merchant directory and catalogue items

Revision ID: merchants_0001
Revises:
Depends on: 0001 (core's member, org, operator and ledger tables)
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import linli.core

revision: str = 'merchants_0001'
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = ('merchants',)
depends_on: str | Sequence[str] | None = '0001'


def upgrade() -> None:
    op.create_table('merchant',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('category', sa.String(length=100), nullable=True),
    sa.Column('address', sa.String(length=200), nullable=True),
    sa.Column('contact', sa.String(length=100), nullable=True),
    sa.Column('nodes', sa.JSON(), nullable=False),
    sa.Column('clerks', sa.JSON(), nullable=False),
    sa.Column('active_from', sa.Date(), nullable=True),
    sa.Column('active_until', sa.Date(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('origin', sa.String(length=16), nullable=False),
    sa.Column('created_at', linli.core.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_merchant')),
    sa.UniqueConstraint('code', name=op.f('uq_merchant_code'))
    )

    op.create_table('catalogue_item',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('merchant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('price', sa.BigInteger(), nullable=False),
    sa.Column('cny_fen', sa.BigInteger(), nullable=False),
    sa.Column('stock', sa.BigInteger(), nullable=True),
    sa.Column('stock_declared', sa.BigInteger(), nullable=True),
    sa.Column('limit_count', sa.Integer(), nullable=True),
    sa.Column('limit_per', sa.String(length=8), nullable=True),
    sa.Column('valid_from', sa.Date(), nullable=True),
    sa.Column('valid_until', sa.Date(), nullable=True),
    sa.Column('min_stars', sa.SmallInteger(), nullable=True),
    sa.Column('min_minutes', sa.Integer(), nullable=True),
    sa.Column('tags', sa.JSON(), nullable=False),
    sa.Column('within', sa.JSON(), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('origin', sa.String(length=16), nullable=False),
    sa.Column('created_at', linli.core.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('stock IS NULL OR stock >= 0', name=op.f('ck_catalogue_item_stock_not_negative')),
    sa.ForeignKeyConstraint(['merchant_id'], ['merchant.id'], name=op.f('fk_catalogue_item_merchant_id_merchant')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_catalogue_item')),
    sa.UniqueConstraint('code', name=op.f('uq_catalogue_item_code'))
    )

    with op.batch_alter_table('catalogue_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_catalogue_item_merchant_id'), ['merchant_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('catalogue_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_catalogue_item_merchant_id'))

    op.drop_table('catalogue_item')

    op.drop_table('merchant')
