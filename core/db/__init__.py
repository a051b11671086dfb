"""Storage: the declarative base, engines and transactions."""

from linli.core.db.base import Base, utcnow
from linli.core.db.engine import Database, is_retryable, make_engine, sqlite_url
from linli.core.db.scratch import scratch_schema

__all__ = ["Base", "Database", "is_retryable", "make_engine", "scratch_schema", "sqlite_url", "utcnow"]
