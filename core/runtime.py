"""A program at work: its config, its plugins and its database, opened together.

The CLI and the TUI open a :class:`Runtime` and run every change through
:meth:`Runtime.act`, which gives the service functions their
:class:`~linli.core.services.context.Context` inside one write transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from linli.core.config import ProgramLoader
from linli.core.config.program import Program
from linli.core.db import Database, sqlite_url, utcnow
from linli.core.errors import NotFound
from linli.core.models import Operator
from linli.core.plugins import Hooks, PluginHost, make_plugin_host
from linli.core.services.context import Context

T = TypeVar("T")

DATABASE_FILE = "linli.db"


def default_database_url(config: Path) -> str:
    """SQLite in ``linli.db`` beside the program file."""
    return sqlite_url(config.resolve().parent / DATABASE_FILE)


@dataclass
class Runtime:
    program: Program
    host: PluginHost
    database: Database
    now: Callable[[], dt.datetime] = field(default=utcnow)

    @cached_property
    def hooks(self) -> Hooks:
        return self.host.hooks_for(self.program.sections)

    def context(self, session: Session, operator: Operator) -> Context:
        return Context(session=session, operator=operator, program=self.program, hooks=self.hooks, now=self.now)

    @contextmanager
    def acting(self, username: str) -> Iterator[Context]:
        """One write transaction in which *username* acts; committed when the block succeeds."""
        with self.database.writing() as session:
            yield self.context(session, find_operator(session, username))

    def act(self, username: str, work: Callable[[Context], T]) -> T:
        """Run *work* as *username* in a write transaction, retried whole on lock conflicts."""
        return self.database.run(lambda session: work(self.context(session, find_operator(session, username))))

    def view(self, username: str, work: Callable[[Context], T]) -> T:
        """Run read-only *work* as *username* without taking the write lock."""
        with self.database.reading() as session:
            return work(self.context(session, find_operator(session, username)))

    @contextmanager
    def reading(self) -> Iterator[Session]:
        with self.database.reading() as session:
            yield session

    def close(self) -> None:
        self.database.dispose()


def find_operator(session: Session, username: str) -> Operator:
    operator = session.scalar(select(Operator).where(Operator.username == username))
    if operator is None:
        raise NotFound("runtime.unknown_operator", username=username)
    return operator


def open_runtime(config: Path, *, database_url: str | None = None, host: PluginHost | None = None) -> Runtime:
    """Load the program in *config* and open its database (SQLite beside it unless *database_url*)."""
    host = host or make_plugin_host()
    program = ProgramLoader(host).load(config)
    return Runtime(program, host, Database(database_url or default_database_url(config)))


__all__ = ["DATABASE_FILE", "Runtime", "default_database_url", "find_operator", "open_runtime"]
