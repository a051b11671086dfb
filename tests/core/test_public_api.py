"""Plugins (built-in and the example) reach into linli only through ``linli.core``'s public API.

Public: the names ``linli.core`` exports and its public modules (those of
its ``__all__`` that are modules), each with the names it exports.
Everything else in ``linli.core`` may change without notice, so a plugin
importing it would break silently; this test names the file, line and path.
"""

from __future__ import annotations

import ast
import importlib
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

import linli.core

REPO = Path(__file__).parents[2]
SCANNED = (REPO / "plugins", REPO / "examples")
SKIPPED_PARTS = {"build", "__pycache__", ".pytest_cache"}
PUBLIC_MODULES = {f"linli.core.{name}" for name in linli.core.__all__ if isinstance(getattr(linli.core, name), ModuleType)}


def sources() -> list[Path]:
    return sorted(
        path
        for root in SCANNED
        for path in root.rglob("*.py")
        if not SKIPPED_PARTS & set(path.parts) and not any(part.endswith(".egg-info") for part in path.parts)
    )


def exported(module: str) -> set[str]:
    return set(importlib.import_module(module).__all__)


def dotted(node: ast.AST) -> str | None:
    """``linli.core.x.y`` for an attribute chain rooted at the name ``linli``."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    return ".".join(["linli", *reversed(parts)]) if isinstance(node, ast.Name) and node.id == "linli" else None


def violations(path: Path, root: Path = REPO) -> Iterator[str]:
    """Every use of ``linli.core`` beyond its public API in one file, as ``FILE:LINE: what``."""
    where = path.relative_to(root)
    nodes = list(ast.walk(ast.parse(path.read_text("utf-8"), str(path))))
    inner = {id(node.value) for node in nodes if isinstance(node, ast.Attribute)}  # only whole chains are judged
    for node in nodes:
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("linli.core") and alias.name not in {"linli.core", *PUBLIC_MODULES}:
                    yield f"{where}:{node.lineno}: import {alias.name}"
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module and node.module.startswith("linli.core"):
            if node.module not in {"linli.core", *PUBLIC_MODULES}:
                yield f"{where}:{node.lineno}: from {node.module} import …"
                continue
            for alias in node.names:
                if alias.name not in exported(node.module):
                    yield f"{where}:{node.lineno}: from {node.module} import {alias.name} (not exported)"
        elif isinstance(node, ast.Attribute) and id(node) not in inner:
            name = dotted(node)
            if name and name.startswith("linli.core.") and not public_path(name.split(".")[2:]):
                yield f"{where}:{node.lineno}: {name}"


def public_path(parts: list[str]) -> bool:
    """Whether ``linli.core.<parts>`` names something exported: a name of linli.core, or of one of its public modules."""
    if parts[0] not in linli.core.__all__:
        return False
    module = f"linli.core.{parts[0]}"
    return module not in PUBLIC_MODULES or len(parts) == 1 or parts[1] in exported(module)


def test_the_public_modules_are_the_documented_ones() -> None:
    assert PUBLIC_MODULES == {f"linli.core.{name}" for name in ("importers", "ledger", "models", "services", "tabular")}


def test_plugins_and_the_example_use_only_the_public_api() -> None:
    files = sources()
    assert REPO / "plugins" / "star_rating" / "tui.py" in files and any("examples" in path.parts for path in files)
    found = [problem for path in files for problem in violations(path)]
    assert found == [], "import these through linli.core (export deliberately what a plugin needs):\n" + "\n".join(found)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from linli.core.exporters.files import print_table\n", "from linli.core.exporters.files import …"),
        ("import linli.core.db.base\n", "import linli.core.db.base"),
        ("from linli.core.services import _private\n", "from linli.core.services import _private (not exported)"),
        ("x = linli.core.db.base.UTCDateTime\n", "linli.core.db.base.UTCDateTime"),
        ("x = linli.core.services.rows.chunks\n", "linli.core.services.rows.chunks"),
    ],
)
def test_a_private_import_is_reported_with_file_and_line(tmp_path: Path, source: str, expected: str) -> None:
    plugin = tmp_path / "plugins" / "leaky.py"
    plugin.parent.mkdir()
    plugin.write_text("import linli.core\nfrom linli.core import hookimpl, UTCDateTime\nx = linli.core.services.chunks\n" + source, "utf-8")
    (problem,) = violations(plugin, tmp_path)
    assert problem.startswith("plugins/leaky.py:4: ") and problem.removeprefix("plugins/leaky.py:4: ") == expected
