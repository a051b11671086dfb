"""The dispatch plugin's commands: ``orders``, ``needs``, ``archive`` and ``survey``."""

from linli.plugins.dispatch.cli import sla  # noqa: F401  (adds escalate and report to the orders group)
from linli.plugins.dispatch.cli.needs import needs
from linli.plugins.dispatch.cli.orders import orders
from linli.plugins.dispatch.cli.people import archive, survey

COMMANDS = [orders, needs, archive, survey]
