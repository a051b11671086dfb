"""``linli`` against a fresh Baibuting program, as the reliability tests drive it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner, Result

from linli.core.cli import cli

Invoke = Callable[..., Result]
PASSWORD = "百步亭-2025"


def fresh_program(database_url: str, folder: Path) -> Invoke:
    """Init a program in *folder* (the caller chdirs there), upgrade, bootstrap ``admin``; returns an invoker."""
    runner = CliRunner()

    def invoke(*args: str, env: dict[str, str] | None = None) -> Result:
        return runner.invoke(cli, ["-c", "bbt/linli.yaml", "--database-url", database_url, *args], env=env)

    assert runner.invoke(cli, ["init", "bbt", "--from", "baibuting"]).exit_code == 0
    upgraded = invoke("db", "upgrade")
    assert upgraded.exit_code == 0, upgraded.output
    bootstrapped = invoke("operators", "bootstrap", "--name", "街道管理员", env={"LINLI_PASSWORD": PASSWORD})
    assert bootstrapped.exit_code == 0, bootstrapped.output
    return invoke
