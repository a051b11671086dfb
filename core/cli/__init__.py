"""The ``linli`` command line. Every command calls the service layer; none writes tables."""

from linli.core.cli import (  # noqa: F401  (importing a module registers its commands)
    audit_commands,
    config_commands,
    db_commands,
    demo_commands,
    explain_commands,
    export_commands,
    import_commands,
    member_commands,
    plugin_commands,
    plugin_dev_commands,
    records_commands,
    report_commands,
    team_commands,
    tui_commands,
)
from linli.core.cli.app import CliState, cli


def main() -> None:
    cli(prog_name="linli")


__all__ = ["CliState", "cli", "main"]
