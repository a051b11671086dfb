"""Fixtures for testing a linli plugin: a pytest plugin, loaded through the ``pytest11`` entry point.

A plugin's own test suite gets, without any conftest:

``linli_plugin_host(*plugins)``
    a plugin host with linli's built-ins and *plugins* (``(name, module)``
    pairs) registered, installed third-party plugins left out, so a test
    sees exactly the plugins it names.
``linli_program(yaml_text, host)``
    the :class:`~linli.core.Program` in a YAML string, validated against
    *host*'s schema; invalid text fails the test listing every problem.
``linli_database``
    a fresh SQLite database with every table known so far (create the host
    first, so the plugin's tables are imported).
``linli_operator(program, host)``
    a :class:`Bench`: the program's org tree synced into ``linli_database``
    and a program-wide admin to act as.

linli's own suite loads this plugin too, so every name starts with ``linli_``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, TypeVar

import pytest

from linli.core import Base, Context, Database, Program, utcnow
from linli.core.config import ProgramLoader
from linli.core.db import sqlite_url
from linli.core.models import Operator
from linli.core.plugins import PluginHost, make_plugin_host
from linli.core.services import sync_nodes

T = TypeVar("T")


class HostFactory(Protocol):
    def __call__(self, *plugins: tuple[str, object]) -> PluginHost: ...


class ProgramFactory(Protocol):
    def __call__(self, text: str, host: PluginHost | None = None) -> Program: ...


@dataclass
class Bench:
    """A database holding a program's tree and an admin, and a way to act in it as that admin."""

    database: Database
    program: Program
    host: PluginHost
    operator_id: int
    clock: list[dt.datetime] = field(default_factory=lambda: [utcnow()])

    @contextmanager
    def acting(self) -> Iterator[Context]:
        """One write transaction, committed when the block succeeds."""
        with self.database.writing() as session:
            operator = session.get(Operator, self.operator_id)
            assert operator is not None
            hooks = self.host.hooks_for(self.program.sections)
            yield Context(session=session, operator=operator, program=self.program, hooks=hooks, now=lambda: self.clock[0])

    def act(self, work: Callable[[Context], T]) -> T:
        with self.acting() as ctx:
            return work(ctx)


class BenchFactory(Protocol):
    def __call__(self, program: Program, host: PluginHost) -> Bench: ...


@pytest.fixture
def linli_plugin_host() -> HostFactory:
    def make(*plugins: tuple[str, object]) -> PluginHost:
        return make_plugin_host(autoload=False, plugins=plugins)

    return make


@pytest.fixture
def linli_program() -> ProgramFactory:
    def load(text: str, host: PluginHost | None = None) -> Program:
        result = ProgramLoader(host or make_plugin_host(autoload=False)).check_text(text, "linli.yaml")
        if not result.ok:
            pytest.fail("\n".join(problem.render("en") for problem in result.problems))
        assert result.program is not None
        return result.program

    return load


@pytest.fixture
def linli_database(tmp_path: Path) -> Iterator[Database]:
    database = Database(sqlite_url(tmp_path / "linli-plugin-test.db"))
    Base.metadata.create_all(database.engine)
    yield database
    database.dispose()


@pytest.fixture
def linli_operator(linli_database: Database) -> BenchFactory:
    def make(program: Program, host: PluginHost) -> Bench:
        Base.metadata.create_all(linli_database.engine)  # tables of plugins imported after the database was made
        with linli_database.writing() as session:
            admin = Operator(username="admin", display_name="测试管理员", role="admin", can_unmask=True, active=True)
            session.add(admin)
            session.flush()
            admin_id = admin.id
        bench = Bench(linli_database, program, host, admin_id)
        bench.act(sync_nodes)
        return bench

    return make


__all__ = ["Bench", "BenchFactory", "HostFactory", "ProgramFactory"]
