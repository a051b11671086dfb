"""``linli plugin check``: every installed plugin against the hookspecs and JSON Schema, one report per plugin.

Building the plugin host stops at the first bad plugin (a command cannot run
with one); this check instead loads each entry point into a manager of its
own, so one broken plugin never hides another's problems.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from typing import Any

import pluggy
from jsonschema import Draft202012Validator, SchemaError

from linli.core import hookspecs
from linli.core.plugins import ENTRY_POINT_GROUP, PROJECT


@dataclass
class PluginReport:
    name: str
    distribution: str
    problems: list[str] = field(default_factory=list)


def check_installed(blocked: Iterable[str] = ()) -> list[PluginReport]:
    """A report for each plugin of the ``linli`` entry-point group, in name order."""
    reports, skipped = [], set(blocked)
    for entry_point in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda ep: ep.name):
        if entry_point.name in skipped:
            continue
        report = PluginReport(entry_point.name, entry_point.dist.name if entry_point.dist else "?")
        try:
            plugin = entry_point.load()
        except Exception as error:  # any import failure is the plugin's problem to report, not ours to raise
            report.problems.append(f"import failed: {type(error).__name__}: {error}")
        else:
            report.problems += check_plugin(entry_point.name, plugin)
        reports.append(report)
    return reports


def check_plugin(name: str, plugin: object) -> list[str]:
    """Problems of one plugin object: registration against the specs, unknown hooks, schemas."""
    manager = pluggy.PluginManager(PROJECT)
    manager.add_hookspecs(hookspecs)
    try:
        manager.register(plugin, name=name)
    except pluggy.PluginValidationError as error:  # an argument the spec does not have, a wrapper that is not a generator …
        return [str(error)]
    callers = manager.get_hookcallers(plugin) or ()
    problems = [f"unknown hook {caller.name} (no such hook in linli.core.hookspecs)" for caller in callers if caller.spec is None]
    if problems:
        return problems
    for impl in manager.hook.linli_config_sections.get_hookimpls():
        problems += _schema_problems("section", _call(impl, problems) or {})
    for impl in manager.hook.linli_points_rule_kinds.get_hookimpls():
        kinds = _call(impl, problems) or {}
        problems += _schema_problems("points rule kind", {kind: getattr(spec, "schema", None) for kind, spec in kinds.items()})
    return problems


def _call(impl: pluggy.HookImpl, problems: list[str]) -> Any:
    try:
        return impl.function()
    except Exception as error:  # reported like any other problem of the plugin
        problems.append(f"{impl.function.__name__} raised {type(error).__name__}: {error}")
        return None


def _schema_problems(what: str, schemas: Mapping[str, Any]) -> list[str]:
    problems = []
    for key, schema in schemas.items():
        try:
            Draft202012Validator.check_schema(schema)
        except SchemaError as error:
            where = "/".join(str(part) for part in error.absolute_path) or "(root)"
            problems.append(f"{what} {key}: not a valid JSON Schema 2020-12 at {where}: {error.message}")
    return problems
