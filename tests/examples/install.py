"""Installing a plugin package into a throwaway folder, never into the shared environment."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).parents[2]
LINLI = Path(sys.executable).with_name("linli")


def pip_install(source: Path, target: Path) -> Path:
    """``pip install --target``: the package and its dist-info (entry points included) land in *target*.

    It builds from a copy, because setuptools leaves ``build/`` and ``*.egg-info`` beside the sources.
    """
    copy = target.with_name(f"{target.name}-source")
    shutil.copytree(source, copy, ignore=shutil.ignore_patterns("build", "*.egg-info", "__pycache__", ".pytest_cache"))
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--disable-pip-version-check", "--target", str(target), str(copy)],
        check=True,
        capture_output=True,
    )
    return target


def environment(target: Path, **extra: str) -> dict[str, str]:
    """The environment of a subprocess that sees *target* as installed, and nothing of the caller's plugin switches."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("LINLI_")}
    env["PYTHONPATH"] = os.pathsep.join([str(target), *filter(None, [os.environ.get("PYTHONPATH")])])
    return env | extra


def run(target: Path, *args: str, cwd: Path | None = None, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(args), env=environment(target, **extra), cwd=cwd, capture_output=True, text=True, timeout=120)
