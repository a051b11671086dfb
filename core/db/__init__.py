"""Storage: the declarative base, engines and transactions."""

from linli.core.db.base import Base, utcnow
from linli.core.db.engine import Database, is_retryable, make_engine, sqlite_url

__all__ = ["Base", "Database", "is_retryable", "make_engine", "sqlite_url", "utcnow"]
