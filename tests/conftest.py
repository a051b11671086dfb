"""Fixtures shared by the whole suite.

``database`` runs a test once on SQLite and once on PostgreSQL. PostgreSQL
cases skip with the reason when no server answers, unless
``LINLI_REQUIRE_POSTGRES`` is set (CI sets it), in which case they fail.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

import linli.core.ledger  # noqa: F401  (every core table on Base.metadata)
import linli.core.models  # noqa: F401
from linli.core.db import Base, Database, scratch_schema, sqlite_url
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


def fresh_schema() -> contextlib.AbstractContextManager[str]:
    """A PostgreSQL URL whose default schema is new, dropped afterwards."""
    return scratch_schema(POSTGRES_URL, prefix="t")


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A PostgreSQL URL whose default schema is empty, for this test alone."""
    require_postgres()
    with fresh_schema() as url:
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A URL of an empty database (no tables), once per engine."""
    if request.param == "sqlite":
        return sqlite_url(tmp_path / "linli.db")
    return request.getfixturevalue("postgres_url")


# Creating some forty tables costs about a second on PostgreSQL; tests that
# only need them empty share one set per run instead.


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file holding every table, copied for each test."""
    path = tmp_path_factory.mktemp("template") / "linli.db"
    template = Database(sqlite_url(path))
    Base.metadata.create_all(template.engine)
    template.dispose()
    return path


@pytest.fixture(scope="session")
def postgres_tables() -> Iterator[str]:
    """A PostgreSQL schema holding every table, emptied before each test that uses it."""
    require_postgres()
    with fresh_schema() as url:
        database = Database(url)
        Base.metadata.create_all(database.engine)
        database.dispose()
        yield url


def empty_tables(url: str) -> None:
    """Remove every row and restart every id sequence, so each test starts as on a new database."""
    engine = sa.create_engine(url)
    names = ", ".join(f'"{table.name}"' for table in Base.metadata.sorted_tables)
    with engine.begin() as connection:
        connection.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """An empty database with every table of core and the built-in plugins, once per engine."""
    if request.param == "sqlite":
        path = tmp_path / "linli.db"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        url = sqlite_url(path)
    else:
        url = request.getfixturevalue("postgres_tables")
    db = Database(url)
    Base.metadata.create_all(db.engine)  # tables of plugins imported since the template was made
    if request.param != "sqlite":
        empty_tables(url)
    yield db
    db.dispose()
