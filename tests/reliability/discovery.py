"""Finding every function that acts for an operator: public, first parameter a ``Context``.

The rule is structural, not a hand-kept list, so a service added to
``linli.core.services`` or any plugin package is found without editing tests.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import typing
from collections.abc import Callable, Iterator
from types import ModuleType
from typing import Any

import linli.core.services
import linli.plugins
from linli.core.services.context import Context

PACKAGES: tuple[ModuleType, ...] = (linli.core.services, linli.plugins)


def modules() -> Iterator[ModuleType]:
    for package in PACKAGES:
        yield package
        for found in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            # An import error must surface: a module that cannot load hides its services.
            yield importlib.import_module(found.name)


def takes_context(function: Callable[..., Any]) -> bool:
    parameters = list(inspect.signature(function).parameters)
    if not parameters:
        return False
    try:
        hints = typing.get_type_hints(function)
    except (NameError, TypeError):  # names only imported under TYPE_CHECKING: fall back to the raw text
        hints = {}
    annotation = hints.get(parameters[0], inspect.signature(function).parameters[parameters[0]].annotation)
    return annotation is Context or annotation == "Context"


def context_functions() -> dict[str, Callable[..., Any]]:
    """``module.function`` → function, for every public function defined (not re-exported) in a scanned module."""
    found: dict[str, Callable[..., Any]] = {}
    for module in modules():
        for name, value in vars(module).items():
            if name.startswith("_") or not inspect.isfunction(value) or value.__module__ != module.__name__:
                continue
            if takes_context(value):
                found[f"{module.__name__}.{name}"] = value
    return found
