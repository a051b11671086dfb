"""Schema migrations: ``linli db upgrade`` and the drift check behind it.

Core's revisions live in ``core/migrations/versions``; a plugin with tables
ships its own versions folder (returned by its ``linli_migration_scripts``
hook) whose first revision carries the plugin's name as branch label and
depends on core's. ``upgrade`` brings every branch to its head.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.script.revision import RevisionError
from sqlalchemy import Connection

import linli.core.ledger  # noqa: F401  (puts the ledger tables on Base.metadata)
import linli.core.models  # noqa: F401  (puts the domain tables on Base.metadata)
from linli.core.db import Base, Database
from linli.core.plugins import PluginHost

CORE_VERSIONS = resources.files("linli.core") / "migrations" / "versions"


def alembic_config(host: PluginHost, connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(resources.files("linli.core") / "migrations"))
    locations = [str(CORE_VERSIONS)]
    for location in host.all_hooks().linli_migration_scripts():
        if location is not None:
            locations.append(str(location))
    config.set_main_option("version_locations", " ".join(locations))
    config.set_main_option("path_separator", "space")
    config.attributes["metadata"] = Base.metadata
    config.attributes["connection"] = connection
    return config


def upgrade(database: Database, host: PluginHost, revision: str = "heads") -> None:
    """Bring the database to the newest schema of core and every installed plugin."""
    with database.engine.begin() as connection:
        command.upgrade(alembic_config(host, connection), revision)


def current_heads(database: Database) -> set[str]:
    with database.engine.connect() as connection:
        return set(MigrationContext.configure(connection).get_current_heads())


def pending(database: Database, host: PluginHost) -> bool:
    """True when the database lacks a revision the installed code has.

    Alembic stores only the newest revision of each branch: a plugin branch
    that depends on core's revision stands for it too, so compare against
    everything the stored heads imply, not the stored heads alone.
    """
    script = ScriptDirectory.from_config(alembic_config(host))
    try:
        applied = {revision.revision for revision in script.iterate_revisions(tuple(current_heads(database)), "base")}
    except RevisionError:  # a stored revision the installed code does not know
        return True
    return not set(script.get_heads()) <= applied


def drift(database: Database) -> list[Any]:
    """Differences between the migrated database and the models (empty when in step)."""
    with database.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, Base.metadata))
