"""service record member index: covering the report and star levels

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22

The district report summed a year's approved service by reading every
service_record row (1,000,000 in Hanyang) joined to its member: 8 CPU-s.
ix_service_record_member_service holds every column it reads, in member
order, so the engine reads only the index and groups each member's records
without sorting; star levels seek the same index by member, state and date.
It replaces ix_service_record_member_id_state, its prefix, so a write
maintains as many indexes as before.
"""

from collections.abc import Sequence

from alembic import op

revision: str = '0004'
down_revision: str | Sequence[str] | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = ['member_id', 'state', 'check_in_at', 'approved_minutes', 'activity_id']


def upgrade() -> None:
    op.create_index('ix_service_record_member_service', 'service_record', COLUMNS, unique=False)
    op.drop_index('ix_service_record_member_id_state', table_name='service_record')


def downgrade() -> None:
    op.create_index('ix_service_record_member_id_state', 'service_record', ['member_id', 'state'], unique=False)
    op.drop_index('ix_service_record_member_service', table_name='service_record')
