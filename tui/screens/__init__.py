"""The screens after sign-in, in the order of the F-keys that open them."""

from textual.screen import Screen

from linli.tui.screens.activities import ActivitiesScreen
from linli.tui.screens.audit import AuditScreen
from linli.tui.screens.dashboard import DashboardScreen
from linli.tui.screens.members import MembersScreen
from linli.tui.screens.organization import OrganizationScreen
from linli.tui.screens.program import ProgramScreen
from linli.tui.screens.review import ReviewScreen

SCREENS: dict[str, type[Screen[None]]] = {
    "dashboard": DashboardScreen,
    "members": MembersScreen,
    "review": ReviewScreen,
    "program": ProgramScreen,
    "audit": AuditScreen,
    "organization": OrganizationScreen,
    "activities": ActivitiesScreen,
}

__all__ = ["SCREENS"]
