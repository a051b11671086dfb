"""Fixtures shared by the whole suite.

``database`` runs a test once on SQLite and once on PostgreSQL. PostgreSQL
cases skip with the reason when no server answers, unless
``LINLI_REQUIRE_POSTGRES`` is set (CI sets it), in which case they fail.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

import linli.core.ledger  # noqa: F401  (every core table on Base.metadata)
import linli.core.models  # noqa: F401
from linli.core.db import Base, Database, sqlite_url
from linli.core.plugins import make_plugin_host

make_plugin_host(autoload=False)  # imports the built-in plugins, so their tables are on Base.metadata too

POSTGRES_URL = os.environ.get("LINLI_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
REQUIRE_POSTGRES = bool(os.environ.get("LINLI_REQUIRE_POSTGRES"))

_postgres_problem: list[str | None] = []


def postgres_unavailable() -> str | None:
    """Why PostgreSQL can't be used, or None; asked once per run."""
    if not _postgres_problem:
        try:
            engine = sa.create_engine(POSTGRES_URL)
            with engine.connect() as connection:
                connection.execute(sa.text("select 1"))
            engine.dispose()
            _postgres_problem.append(None)
        except Exception as error:  # any failure to connect means "absent"
            _postgres_problem.append(f"PostgreSQL not reachable at {POSTGRES_URL}: {type(error).__name__}")
    return _postgres_problem[0]


def require_postgres() -> None:
    problem = postgres_unavailable()
    if problem is None:
        return
    if REQUIRE_POSTGRES:
        pytest.fail(f"{problem} (LINLI_REQUIRE_POSTGRES is set, so this is an error)")
    pytest.skip(f"{problem}; set LINLI_REQUIRE_POSTGRES=1 to make this an error")


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A PostgreSQL URL whose default schema is fresh for this test and dropped after."""
    require_postgres()
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in POSTGRES_URL else "?"
    yield f"{POSTGRES_URL}{separator}options=-csearch_path%3D{schema}"
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A URL of an empty database, once per engine."""
    if request.param == "sqlite":
        return sqlite_url(tmp_path / "linli.db")
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def database(database_url: str) -> Iterator[Database]:
    """An empty database with every table of core and the installed plugins created."""
    db = Database(database_url)
    Base.metadata.create_all(db.engine)
    yield db
    db.dispose()
