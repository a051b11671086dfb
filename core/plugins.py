"""Finding, listing and calling plugins.

Plugins are found through the entry-point group ``linli``; linli's own
built-ins are listed there too, by its own distribution. Environment
switches, after pytest's:

``LINLI_DISABLE_PLUGIN_AUTOLOAD=1``
    load only the built-in plugins (those of the ``linli`` distribution).
``LINLI_BLOCK_PLUGINS=name,other``
    never load the named plugins.
``LINLI_TRACE_PLUGINS=1``
    print every hook call and its result to stderr.
"""

from __future__ import annotations

import os
import sys
import types
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from importlib.metadata import entry_points
from typing import Any

import pluggy

from linli.core import hookspecs
from linli.core.errors import LinliError, PluginError

PROJECT = "linli"
ENTRY_POINT_GROUP = "linli"
BUILTIN_DISTRIBUTION = "linli"


@dataclass(frozen=True)
class PluginInfo:
    """What ``linli plugins`` shows about one plugin."""

    name: str
    version: str
    builtin: bool
    hooks: tuple[str, ...]
    sections: tuple[str, ...]
    distribution: str | None


class PluginHost:
    """A pluggy manager with linli's hookspecs and the plugins found for it.

    Build one per process (or per test) with :func:`make_plugin_host`.
    """

    def __init__(self, manager: pluggy.PluginManager) -> None:
        self.manager = manager
        self._distributions: dict[str, tuple[str | None, str]] = {}

    def register(self, plugin: object, name: str, *, distribution: str | None = None, version: str = "") -> None:
        try:
            self.manager.register(plugin, name=name)
        except pluggy.PluginValidationError as error:
            raise PluginError(name, "register", str(error)) from error
        self._distributions[name] = (distribution, version)

    def plugin_names(self) -> list[str]:
        return [name for name, _ in self.manager.list_name_plugin()]

    def section_owners(self) -> dict[str, list[tuple[str, Mapping[str, Any]]]]:
        """Each config section with the plugins (normally one) that declare it, and their schemas."""
        owners: dict[str, list[tuple[str, Mapping[str, Any]]]] = {}
        for impl in self.manager.hook.linli_config_sections.get_hookimpls():
            sections = call_impl(impl, "linli_config_sections", {})
            if not isinstance(sections, Mapping):
                raise PluginError(impl.plugin_name, "linli_config_sections", f"returned {type(sections).__name__}, expected a mapping")
            for section, schema in sections.items():
                owners.setdefault(section, []).append((impl.plugin_name, schema))
        return owners

    def infos(self) -> list[PluginInfo]:
        owners = self.section_owners()
        result = []
        for name, plugin in sorted(self.manager.list_name_plugin()):
            if name is None:
                continue
            distribution, version = self._distributions.get(name, (None, ""))
            hooks = tuple(sorted(caller.name for caller in self.manager.get_hookcallers(plugin) or ()))
            sections = tuple(section for section, claims in owners.items() if any(owner == name for owner, _ in claims))
            builtin = distribution == BUILTIN_DISTRIBUTION
            result.append(PluginInfo(name, version, builtin, hooks, sections, distribution))
        return result

    def hooks_for(self, enabled_sections: Iterable[str]) -> Hooks:
        """Hook callers limited to the plugins enabled for a program."""
        enabled = set(enabled_sections)
        disabled = [
            plugin
            for section, claims in self.section_owners().items()
            if section not in enabled
            for owner, _ in claims
            if (plugin := self.manager.get_plugin(owner)) is not None and not self._owns_enabled(owner, enabled)
        ]
        return Hooks(self, disabled)

    def all_hooks(self) -> Hooks:
        return Hooks(self, [])

    def _owns_enabled(self, owner: str, enabled: set[str]) -> bool:
        return any(section in enabled for section, claims in self.section_owners().items() if any(o == owner for o, _ in claims))



def call_impl(impl: pluggy.HookImpl, hook: str, kwargs: Mapping[str, Any]) -> Any:
    """Call one plugin's implementation alone, naming the plugin if it raises."""
    try:
        return impl.function(*[kwargs[arg] for arg in impl.argnames])
    except PluginError:
        raise
    except Exception as error:
        raise PluginError(impl.plugin_name, hook, f"{type(error).__name__}: {error}") from error


class Hooks:
    """Calls hooks by name, naming the plugin whose implementation raised."""

    def __init__(self, host: PluginHost, disabled: list[object]) -> None:
        self._host = host
        self._disabled = disabled

    def implemented(self, name: str) -> bool:
        """True when an enabled plugin implements hook *name*: config checks ask before relying on one."""
        return any(impl.plugin not in self._disabled for impl in getattr(self._host.manager.hook, name).get_hookimpls())

    def _caller(self, name: str) -> pluggy.HookCaller:
        manager = self._host.manager
        return manager.subset_hook_caller(name, self._disabled) if self._disabled else getattr(manager.hook, name)

    def by_plugin(self, name: str, **kwargs: Any) -> list[tuple[str, Any]]:
        """Each enabled plugin's own result of hook *name*, with the plugin's name, in registration order.

        For callers that must say which plugin gave what (two plugins defining
        the same rule kind, say); None results are dropped.
        """
        results = []
        for impl in self._caller(name).get_hookimpls():
            result = call_impl(impl, name, kwargs)
            if result is not None:
                results.append((impl.plugin_name, result))
        return results

    def __getattr__(self, name: str) -> Callable[..., Any]:
        caller = self._caller(name)

        def call(**kwargs: Any) -> Any:
            try:
                return caller(**kwargs)
            except LinliError:
                raise  # a plugin's deliberate refusal already speaks to the user
            except Exception as error:
                raise PluginError(_culprit(caller, error), name, f"{type(error).__name__}: {error}") from error

        return call


def _culprit(caller: pluggy.HookCaller, error: BaseException) -> str:
    """The plugin whose hook function appears outermost in the error's traceback."""
    codes = {impl.function.__code__: impl.plugin_name for impl in caller.get_hookimpls()}
    tb: types.TracebackType | None = error.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code in codes:
            return codes[tb.tb_frame.f_code]
        tb = tb.tb_next
    return "?"


def _trace(manager: pluggy.PluginManager) -> None:
    def before(hook_name: str, impls: list[pluggy.HookImpl], kwargs: Mapping[str, Any]) -> None:
        print(f"linli: call {hook_name} on {[impl.plugin_name for impl in impls]}", file=sys.stderr)

    def after(outcome: Any, hook_name: str, impls: list[pluggy.HookImpl], kwargs: Mapping[str, Any]) -> None:
        print(f"linli: {hook_name} -> {outcome.get_result()!r}"[:500], file=sys.stderr)

    manager.add_hookcall_monitoring(before, after)


def make_plugin_host(
    *,
    autoload: bool | None = None,
    blocked: Iterable[str] = (),
    plugins: Iterable[tuple[str, object]] = (),
) -> PluginHost:
    """Build a plugin host: hookspecs, entry-point plugins, then *plugins* given directly.

    *autoload* None follows ``LINLI_DISABLE_PLUGIN_AUTOLOAD``; False loads only
    linli's built-ins. *blocked* adds to ``LINLI_BLOCK_PLUGINS``.
    """
    manager = pluggy.PluginManager(PROJECT)
    manager.add_hookspecs(hookspecs)
    host = PluginHost(manager)
    if autoload is None:
        autoload = not os.environ.get("LINLI_DISABLE_PLUGIN_AUTOLOAD")
    blocked_names = set(blocked) | {n.strip() for n in os.environ.get("LINLI_BLOCK_PLUGINS", "").split(",") if n.strip()}
    for entry_point in entry_points(group=ENTRY_POINT_GROUP):
        distribution = entry_point.dist.name if entry_point.dist else None
        if entry_point.name in blocked_names or (not autoload and distribution != BUILTIN_DISTRIBUTION):
            continue
        if manager.get_plugin(entry_point.name) is not None:
            continue
        try:
            plugin = entry_point.load()
        except Exception as error:
            raise PluginError(entry_point.name, "import", f"{type(error).__name__}: {error}") from error
        host.register(plugin, entry_point.name, distribution=distribution, version=entry_point.dist.version if entry_point.dist else "")
    for name, plugin in plugins:
        host.register(plugin, name)
    if os.environ.get("LINLI_TRACE_PLUGINS"):
        _trace(manager)
    try:
        manager.check_pending()  # an implementation of a hook that does not exist
    except pluggy.PluginValidationError as error:
        raise PluginError(manager.get_name(error.plugin) or "?", "register", str(error)) from error
    return host
