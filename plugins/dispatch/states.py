"""The order lifecycle, declared once in :data:`TRANSITIONS`; services move orders only through :func:`target`.

An order is made (created), then either published for eligible volunteers to
accept (接单) or dispatched to a chosen one (派单); a published order nobody
accepts in time escalates up the org tree; an accepted order is completed
(its service record waits for review) and then rated by the person served
(评单). Anything before completion may be cancelled, with a reason. A
completed order is a service record under review, so it can only be rated.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from linli.core import Refused, t

from linli.plugins.dispatch.models import Order

STATES = ("created", "published", "dispatched", "accepted", "completed", "rated", "cancelled")
ACTIONS = ("publish", "dispatch", "accept", "reassign", "escalate", "complete", "rate", "cancel")

# state → {action: next state}; nothing else is allowed.
TRANSITIONS: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {
        "created": {"publish": "published", "dispatch": "dispatched", "cancel": "cancelled"},
        "published": {"accept": "accepted", "dispatch": "dispatched", "escalate": "published", "cancel": "cancelled"},
        "dispatched": {"accept": "accepted", "reassign": "dispatched", "publish": "published", "cancel": "cancelled"},
        "accepted": {"reassign": "dispatched", "complete": "completed", "cancel": "cancelled"},
        "completed": {"rate": "rated"},
        "rated": {},
        "cancelled": {},
    }
)

#: States in which no volunteer has accepted the order yet.
WAITING_STATES = ("created", "published", "dispatched")
#: States in which a volunteer holds the order (their current load).
HELD_STATES = ("dispatched", "accepted")


class IllegalTransition(Refused):
    """An action the table does not allow from the order's state; names are rendered in the reader's language."""

    def __init__(self, order: Order, action: str) -> None:
        super().__init__("dispatch.illegal_transition", order=order.id, current=order.state, action=action, allowed=tuple(TRANSITIONS[order.state]))

    def render(self, locale: str | None = None) -> str:
        allowed = "、".join(action_name(a, locale) for a in self.params["allowed"]) or "—"
        current, action = state_name(self.params["current"], locale), action_name(self.params["action"], locale)
        return t(self.key, locale, order=self.params["order"], current=current, action=action, allowed=allowed)


def target(order: Order, action: str) -> str:
    """The state *action* leads to from the order's state, or a refusal naming the current state."""
    allowed = TRANSITIONS[order.state]
    if action not in allowed:
        raise IllegalTransition(order, action)
    return allowed[action]


def state_name(state: str, locale: str | None = None) -> str:
    return t(f"dispatch.state_{state}", locale)


def action_name(action: str, locale: str | None = None) -> str:
    return t(f"dispatch.action_{action}", locale)
