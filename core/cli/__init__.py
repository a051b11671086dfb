"""The ``linli`` command line. Every command calls the service layer; none writes tables."""

from linli.core.cli import config_commands, db_commands, demo_commands, export_commands, import_commands, plugin_commands, report_commands  # noqa: F401  (registers the commands)
from linli.core.cli.app import CliState, cli


def main() -> None:
    cli(prog_name="linli")


__all__ = ["CliState", "cli", "main"]
