"""Fixtures for the demo tests: the shipped presets, loaded once per run."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest

from linli.core.config import ProgramLoader
from linli.core.config.program import Program
from linli.core.plugins import PluginHost, make_plugin_host

CONFIGS = Path(__file__).parents[3] / "configs"
PRESETS = sorted(path.stem for path in CONFIGS.glob("*.yaml"))
# A fixed clock, so two runs on different days still compare equal.
NOW = dt.datetime(2026, 5, 20, 2, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="session")
def host() -> PluginHost:
    return make_plugin_host()


@pytest.fixture(scope="session")
def presets(host: PluginHost) -> Callable[[str], Program]:
    """Load a preset by name, once per run; a broken preset fails only the tests that use it."""
    loader = ProgramLoader(host)

    @cache
    def load(name: str) -> Program:
        result = loader.check_preset(name)
        assert result.program is not None, [problem.render("en") for problem in result.problems]
        return result.program

    return load
