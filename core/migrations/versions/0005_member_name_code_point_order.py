"""member name in code-point order on PostgreSQL

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22

Search as you type answers a name prefix as a range on ix_member_name
(``name >= '王' AND name < '玌'``), which finds every match only where
strings sort by code point. A PostgreSQL database created under a
linguistic collation (zh_CN.UTF-8, or ICU's zh: pinyin order) sorts 王小明
after 玌 and the search missed them. The column now carries the "C"
collation itself, so search is exact whatever the database was created
with; PostgreSQL rebuilds ix_member_name in the new order. SQLite always
compares by code point and has no "C" collation: nothing to do there.
"""

from collections.abc import Sequence

from alembic import op

revision: str = '0005'
down_revision: str | Sequence[str] | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('ALTER TABLE member ALTER COLUMN name TYPE VARCHAR(200) COLLATE "C"')


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('ALTER TABLE member ALTER COLUMN name TYPE VARCHAR(200) COLLATE "default"')
