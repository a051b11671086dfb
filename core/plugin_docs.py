"""The hook reference of ``docs/plugins.md``, rendered from the hookspecs' signatures and docstrings.

The docstrings in :mod:`linli.core.hookspecs` are the one source: the guide
holds a generated copy between two marker lines, refreshed with
``linli plugin docs --write`` and checked by the test suite.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from linli.core import hookspecs

BEGIN = "<!-- BEGIN HOOK REFERENCE: generated from core/hookspecs.py by `linli plugin docs --write`; do not edit -->"
END = "<!-- END HOOK REFERENCE -->"
REFRESH = "linli plugin docs --write"
GUIDE = Path(__file__).parents[1] / "docs" / "plugins.md"  # in a source checkout; absent from an installed wheel

# Sphinx roles and fields the docstrings use, as Markdown.
_ROLE = re.compile(r":(?:func|class|mod|data|meth):`~?(?:[\w.]+\.)?([\w]+)`")
_PARAM = re.compile(r"^:param (\w+):", re.M)
_RETURNS = re.compile(r"^:returns:", re.M)
_ADDED = re.compile(r"^\.\. versionadded:: (\S+)", re.M)
_LITERAL = re.compile(r"``([^`]+)``")


def hooks() -> list[Callable[..., Any]]:
    """Every hook spec, in the order the module defines them."""
    found = [f for name, f in vars(hookspecs).items() if name.startswith("linli_") and callable(f)]
    return sorted(found, key=lambda f: f.__code__.co_firstlineno)


def signature(hook: Callable[..., Any]) -> str:
    """``def name(arg: type, …) -> type``, annotations as written in the source."""
    sig = inspect.signature(hook)
    params = ", ".join(f"{p.name}: {p.annotation}" if p.annotation is not p.empty else p.name for p in sig.parameters.values())
    returns = f" -> {sig.return_annotation}" if sig.return_annotation is not sig.empty else ""
    return f"def {hook.__name__}({params}){returns}"


def is_firstresult(hook: Callable[..., Any]) -> bool:
    options = getattr(hook, "linli_spec", None) or {}
    return bool(options.get("firstresult"))


def _markdown(docstring: str) -> str:
    text = inspect.cleandoc(docstring)
    text = _ROLE.sub(r"`\1`", text)
    text = _PARAM.sub(r"- parameter `\1`:", text)
    text = _RETURNS.sub("- returns:", text)
    text = _ADDED.sub(r"*Added in \1.*", text)
    return _LITERAL.sub(r"`\1`", text)


def _sections() -> Iterator[str]:
    yield "## Hook reference"
    yield _markdown(hookspecs.__doc__ or "")
    for hook in hooks():
        yield f"### `{hook.__name__}`"
        yield f"```python\n{signature(hook)}\n```"
        if is_firstresult(hook):
            yield "**First result wins.**"
        yield _markdown(hook.__doc__ or "")


def render() -> str:
    """The reference as Markdown, markers included."""
    return "\n\n".join([BEGIN, *_sections(), END])


def refreshed(guide: str) -> str:
    """*guide* with its reference replaced by :func:`render`'s (appended when the markers are missing)."""
    if BEGIN not in guide or END not in guide:
        return guide.rstrip("\n") + "\n\n" + render() + "\n"
    head, rest = guide.split(BEGIN, 1)
    tail = rest.split(END, 1)[1]
    return head + render() + tail


def undocumented() -> list[str]:
    """Hooks whose spec lacks a docstring."""
    return [hook.__name__ for hook in hooks() if not (hook.__doc__ or "").strip()]
