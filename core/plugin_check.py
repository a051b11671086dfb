"""``linli plugin check``: every installed plugin against the hookspecs and JSON Schema, one report per plugin.

Each entry point is loaded into a manager of its own, so one broken plugin
never hides another's problems, and blocked plugins are checked too. The
problems are those that make the plugin host set a plugin aside as broken
(:func:`linli.core.plugins.registration_problems`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib.metadata import entry_points

import pluggy

from linli.core import hookspecs
from linli.core.plugins import ENTRY_POINT_GROUP, PROJECT, registration_problems


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
    return registration_problems(manager, plugin)
