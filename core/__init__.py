"""linli's public API: everything a plugin may import.

Plugins import from here only: names (``from linli.core import hookimpl,
Program``) and the public modules ``importers``, ``ledger``, ``models``,
``services`` and ``tabular`` (``from linli.core import ledger``, ``from
linli.core.services import chunks``). Anything else in ``linli.core`` may
change without notice; tests/core/test_public_api.py keeps plugins to this.
"""

import pluggy

from linli.core.config.messages import schema_problems
from linli.core.config.problems import ConfigProblem
from linli.core.config.program import Level, OrgNodeSpec, Program, RoleSpec, Term
from linli.core.db import Base, Database, utcnow
from linli.core.db.base import UTCDateTime  # plugins' migrations name the column type
from linli.core.errors import ConfigError, LinliError, NotFound, PermissionDenied, PluginError, Refused
from linli.core.hookspecs import hookspec
from linli.core.i18n import Label, add_catalogue, t
from linli.core.phone import mask_mobile, normalize_mobile
from linli.core.rules import (
    PHASES,
    SPANS,
    Accrual,
    Bonus,
    History,
    PointsRule,
    PointsRuleKind,
    RuleKinds,
    ServiceFacts,
    Span,
    Window,
    collect_rule_kinds,
)

hookimpl = pluggy.HookimplMarker("linli")

# The public modules come last: they import the names above.
from linli.core import importers, ledger, models, services, tabular  # noqa: E402
from linli.core.services import Context  # noqa: E402
from linli.core.runtime import Runtime  # noqa: E402  (what terminal-UI panels and screens read through)
from linli.core.cli.app import CliState  # noqa: E402  (what plugin commands receive with click.pass_obj)
from linli.core.exporters.files import print_table, write_table  # noqa: E402

__all__ = [
    "Accrual",
    "Base",
    "Bonus",
    "CliState",
    "ConfigError",
    "ConfigProblem",
    "Context",
    "Database",
    "History",
    "Level",
    "Label",
    "LinliError",
    "NotFound",
    "OrgNodeSpec",
    "PHASES",
    "PermissionDenied",
    "PluginError",
    "PointsRule",
    "PointsRuleKind",
    "Program",
    "Refused",
    "RoleSpec",
    "RuleKinds",
    "Runtime",
    "SPANS",
    "ServiceFacts",
    "Span",
    "Term",
    "UTCDateTime",
    "Window",
    "add_catalogue",
    "collect_rule_kinds",
    "hookimpl",
    "hookspec",
    "importers",
    "ledger",
    "mask_mobile",
    "models",
    "normalize_mobile",
    "print_table",
    "schema_problems",
    "services",
    "t",
    "tabular",
    "utcnow",
    "write_table",
]
