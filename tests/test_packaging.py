"""Every data file in the package folders ships in a wheel, not only in an editable install."""

from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path

ROOT = Path(__file__).parents[1]
FOLDERS = ("core", "plugins", "tui", "configs")
DATA_SUFFIXES = {".yaml", ".yml", ".tcss", ".json", ".mako", ".css"}


def package_of(path: Path) -> Path:
    """The nearest folder holding an ``__init__.py`` (what setuptools calls the package)."""
    folder = path.parent
    while not (folder / "__init__.py").exists() and folder != ROOT:
        folder = folder.parent
    return folder


def test_package_data_patterns_cover_every_data_file() -> None:
    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]["package-data"]["*"]
    missing = []
    for folder in FOLDERS:
        for path in (ROOT / folder).rglob("*"):
            if path.suffix in DATA_SUFFIXES and "__pycache__" not in path.parts:
                relative = path.relative_to(package_of(path)).as_posix()
                if not any(fnmatch.fnmatch(relative, pattern) and relative.count("/") == pattern.count("/") for pattern in patterns):
                    missing.append(path.relative_to(ROOT).as_posix())
    assert missing == [], "add package-data patterns in pyproject.toml for these"


def test_every_folder_with_python_code_is_a_package() -> None:
    """setup.py finds packages by their __init__.py; a folder without one would be left out of installs."""
    orphans = [
        folder.relative_to(ROOT).as_posix()
        for name in FOLDERS
        for folder in [ROOT / name, *(ROOT / name).rglob("*")]
        if folder.is_dir() and "__pycache__" not in folder.parts and any(folder.glob("*.py")) and not (folder / "__init__.py").exists()
    ]
    assert orphans == []
