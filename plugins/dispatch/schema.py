"""The ``dispatch`` config section: which flows take needs, how fast orders must be accepted, escalation."""

from typing import Any

KEY = {"type": "string", "pattern": "^[a-z][a-z0-9_]*$", "maxLength": 64}
NAME = {"type": "string", "minLength": 1, "maxLength": 100}

CHANNEL: dict[str, Any] = {
    "type": "object",
    "description": "One way a need comes in and how the order made from it goes out.",
    "properties": {
        "name": NAME,
        "order_level": {**KEY, "description": "The org level that makes the order (制单): the need's ancestor at this level."},
        "mode": {
            "enum": ["dispatch", "publish"],
            "description": "dispatch: the maker chooses the volunteer (派单); publish: eligible volunteers accept it (接单).",
        },
    },
    "required": ["name", "order_level", "mode"],
    "additionalProperties": False,
}

SECTION: dict[str, Any] = {
    "type": "object",
    "description": "Service orders (点单—派单—接单—评单): needs become orders a volunteer accepts, completes, and the served person rates.",
    "properties": {
        "categories": {
            "type": "array",
            "items": KEY,
            "uniqueItems": True,
            "description": "Activity categories residents may ask for (default: every category).",
        },
        "channels": {
            "type": "object",
            "description": "self: the resident asks (点单); door: a station asks at the door (开门询单); survey: the annual needs survey.",
            "properties": {"self": CHANNEL, "door": CHANNEL, "survey": CHANNEL},
            "minProperties": 1,
            "additionalProperties": False,
        },
        "urgencies": {
            "type": "object",
            "propertyNames": {"pattern": "^[a-z][a-z0-9_]*$"},
            "minProperties": 1,
            "additionalProperties": {
                "type": "object",
                "properties": {
                    "name": NAME,
                    "accept_within_minutes": {"type": "integer", "minimum": 1, "description": "Acceptance deadline after dispatch or publication."},
                },
                "required": ["name", "accept_within_minutes"],
                "additionalProperties": False,
            },
        },
        "default_urgency": {**KEY, "description": "Urgency of a need that names none (default: the first listed)."},
        "escalation": {
            "type": "object",
            "description": "Published orders nobody accepted in time move to the parent node's queue.",
            "properties": {
                "escalate_after_minutes": {"type": "integer", "minimum": 1, "description": "The new deadline at each level up."},
                "max_levels": {"type": "integer", "minimum": 1, "description": "How many levels above the making node an order may climb."},
            },
            "required": ["escalate_after_minutes", "max_levels"],
            "additionalProperties": False,
        },
        "service_activity": {
            "type": "object",
            "description": "The activity each completed order is recorded under (one per order, hosted at the served household's node).",
            "properties": {
                "title": {**NAME, "default": "上门服务"},
                "max_minutes": {"type": "integer", "minimum": 1, "description": "Cap on the minutes one order credits."},
            },
            "additionalProperties": False,
        },
    },
    "required": ["channels", "urgencies"],
    "additionalProperties": False,
}
