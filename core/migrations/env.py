"""Alembic environment: core's migrations plus one branch per plugin that has tables.

Run through :mod:`linli.core.migrate` (``linli db upgrade``), which passes
the connection and the metadata in ``config.attributes``.
"""

from __future__ import annotations

from alembic import context

config = context.config
connection = config.attributes["connection"]
target_metadata = config.attributes["metadata"]

context.configure(
    connection=connection,
    target_metadata=target_metadata,
    render_as_batch=True,  # SQLite can only ALTER by copying the table
    compare_type=True,
    # Column types of linli's own (UTCDateTime) are written by their public name, so plugins' migrations import only linli.core.
    user_module_prefix="linli.core.",
)
with context.begin_transaction():
    context.run_migrations()
