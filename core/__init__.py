"""linli's public API: everything a plugin may import.

Plugins import from here only (``from linli.core import hookimpl, Program``);
anything else in ``linli.core`` may change without notice.
"""

import pluggy

from linli.core.config.problems import ConfigProblem
from linli.core.config.program import Level, OrgNodeSpec, Program, RoleSpec, Term
from linli.core.db import Base, Database
from linli.core.errors import ConfigError, LinliError, NotFound, PermissionDenied, PluginError, Refused
from linli.core.hookspecs import hookspec
from linli.core.i18n import add_catalogue, t

hookimpl = pluggy.HookimplMarker("linli")

__all__ = [
    "Base",
    "ConfigError",
    "ConfigProblem",
    "Database",
    "Level",
    "LinliError",
    "NotFound",
    "OrgNodeSpec",
    "PermissionDenied",
    "PluginError",
    "Program",
    "Refused",
    "RoleSpec",
    "Term",
    "add_catalogue",
    "hookimpl",
    "hookspec",
    "t",
]
