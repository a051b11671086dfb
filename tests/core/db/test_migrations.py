"""Migrations build exactly the schema the models describe, on both engines."""

from __future__ import annotations

import sqlalchemy as sa

from linli.core import migrate
from linli.core.db import Database
from linli.core.plugins import make_plugin_host


def test_upgrade_from_empty_leaves_no_drift(database_url: str) -> None:
    database = Database(database_url)
    host = make_plugin_host(autoload=False)
    assert migrate.pending(database, host)
    migrate.upgrade(database, host)
    assert not migrate.pending(database, host)
    assert migrate.drift(database) == []
    migrate.upgrade(database, host)  # a second run is a no-op
    with database.engine.connect() as connection:
        assert "service_record" in sa.inspect(connection).get_table_names()
    database.dispose()
