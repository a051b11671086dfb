"""blood_donation table

Revision ID: blood_donation_0001
Revises:
Create Date: 2026-11-22 10:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = 'blood_donation_0001'
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = ('blood_donation',)
depends_on: str | Sequence[str] | None = '0001'

Id = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def upgrade() -> None:
    op.create_table('blood_donation',
    sa.Column('id', Id, autoincrement=True, nullable=False),
    sa.Column('member_id', Id, nullable=False),
    sa.Column('donated_on', sa.Date(), nullable=False),
    sa.Column('ml', sa.Integer(), nullable=False),
    sa.Column('operator_id', Id, nullable=False),
    sa.Column('bonus_points', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], name=op.f('fk_blood_donation_member_id_member')),
    sa.ForeignKeyConstraint(['operator_id'], ['operator.id'], name=op.f('fk_blood_donation_operator_id_operator')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_blood_donation'))
    )
    with op.batch_alter_table('blood_donation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_blood_donation_member_id'), ['member_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('blood_donation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_blood_donation_member_id'))
    op.drop_table('blood_donation')
