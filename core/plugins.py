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

An installed plugin that fails to load (its import raises, a hook does not
match the hookspecs, a section schema is not JSON Schema) is set aside as
*broken* rather than stopping linli: commands warn about it, and a program
that names one of its sections is refused (:class:`BrokenPluginError`).
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
from jsonschema import Draft202012Validator, SchemaError

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


@dataclass(frozen=True)
class BrokenPlugin:
    """An installed plugin left out because it failed to load, and why.

    *sections* are the config sections it declares; when it could not even
    be imported, the section named like its entry point (the convention
    ``linli plugin new`` follows).
    """

    name: str
    distribution: str | None
    cause: str
    sections: tuple[str, ...]


class BrokenPluginError(PluginError):
    """A program names a section of a plugin that failed to load."""

    def __init__(self, broken: BrokenPlugin, section: str) -> None:
        LinliError.__init__(self, "plugins.broken_section", section=section, plugin=broken.name, cause=broken.cause)
        self.plugin = broken.name
        self.hook = "load"


class PluginHost:
    """A pluggy manager with linli's hookspecs and the plugins found for it.

    Build one per process (or per test) with :func:`make_plugin_host`.
    """

    def __init__(self, manager: pluggy.PluginManager) -> None:
        self.manager = manager
        self._distributions: dict[str, tuple[str | None, str]] = {}
        self.broken: dict[str, BrokenPlugin] = {}

    def register(self, plugin: object, name: str, *, distribution: str | None = None, version: str = "") -> None:
        try:
            self.manager.register(plugin, name=name)
        except pluggy.PluginValidationError as error:
            raise PluginError(name, "register", str(error)) from error
        self._distributions[name] = (distribution, version)

    def load(self, plugin: object, name: str, *, distribution: str | None, version: str) -> None:
        """Register an installed plugin, or set it aside as broken with the problems that keep it out."""
        try:
            self.manager.register(plugin, name=name)
        except pluggy.PluginValidationError as error:  # an argument the spec does not have …
            self.broken[name] = BrokenPlugin(name, distribution, str(error), (name,))
            return
        # linli's own schemas are checked by its test suite; checking them against the metaschema at every start costs ~0.3 s.
        problems = registration_problems(self.manager, plugin, schemas=distribution != BUILTIN_DISTRIBUTION)
        if problems:
            sections = tuple(_declared_sections(self.manager, plugin)) or (name,)
            self.manager.unregister(plugin)
            self.broken[name] = BrokenPlugin(name, distribution, "; ".join(problems), sections)
            return
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
        # A broken plugin's sections stay known, so a program naming one hears which plugin failed, not "unknown section".
        for broken in self.broken.values():
            for section in broken.sections:
                owners.setdefault(section, [(broken.name, {})])
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
        """Hook callers limited to the plugins enabled for a program; refuses a section of a broken plugin."""
        enabled = set(enabled_sections)
        for section in sorted(enabled):
            if (broken := self.broken_owner(section)) is not None:
                raise BrokenPluginError(broken, section)
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

    def broken_owner(self, section: str) -> BrokenPlugin | None:
        """The broken plugin that would own *section*, unless a working plugin declares it."""
        owners = self.section_owners().get(section, ())  # a broken plugin is listed only where no working one claims
        return next((self.broken[owner] for owner, _ in owners if owner in self.broken), None)

    def _owns_enabled(self, owner: str, enabled: set[str]) -> bool:
        return any(section in enabled for section, claims in self.section_owners().items() if any(o == owner for o, _ in claims))



def registration_problems(manager: pluggy.PluginManager, plugin: object, *, schemas: bool = True) -> list[str]:
    """What keeps a registered plugin from working: hooks no hookspec defines, schemas that are not JSON Schema 2020-12."""
    callers = manager.get_hookcallers(plugin) or ()
    unknown = [f"unknown hook {caller.name} (no such hook in linli.core.hookspecs)" for caller in callers if caller.spec is None]
    if unknown or not schemas:
        return unknown
    problems: list[str] = []
    for impl in _impls(manager, plugin, "linli_config_sections"):
        problems += _schema_problems("section", _call(impl, problems) or {})
    for impl in _impls(manager, plugin, "linli_points_rule_kinds"):
        kinds = _call(impl, problems) or {}
        problems += _schema_problems("points rule kind", {kind: getattr(spec, "schema", None) for kind, spec in kinds.items()})
    return problems


def _impls(manager: pluggy.PluginManager, plugin: object, hook: str) -> list[pluggy.HookImpl]:
    return [impl for impl in getattr(manager.hook, hook).get_hookimpls() if impl.plugin is plugin]


def _declared_sections(manager: pluggy.PluginManager, plugin: object) -> list[str]:
    sections: list[str] = []
    for impl in _impls(manager, plugin, "linli_config_sections"):
        declared = _call(impl, [])
        if isinstance(declared, Mapping):
            sections += [str(section) for section in declared]
    return sections


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
        if manager.get_plugin(entry_point.name) is not None or entry_point.name in host.broken:
            continue
        try:
            plugin = entry_point.load()
        except Exception as error:  # one plugin's bug must not keep linli (and its other plugins) from starting
            host.broken[entry_point.name] = BrokenPlugin(entry_point.name, distribution, f"{type(error).__name__}: {error}", (entry_point.name,))
            continue
        host.load(plugin, entry_point.name, distribution=distribution, version=entry_point.dist.version if entry_point.dist else "")
    for name, plugin in plugins:
        host.register(plugin, name)
    if os.environ.get("LINLI_TRACE_PLUGINS"):
        _trace(manager)
    try:
        manager.check_pending()  # an implementation of a hook that does not exist
    except pluggy.PluginValidationError as error:
        raise PluginError(manager.get_name(error.plugin) or "?", "register", str(error)) from error
    return host
