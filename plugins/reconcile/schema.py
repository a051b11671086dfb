"""The ``reconcile`` config section: how the paper ledger (台账) is compared with the platform."""

from typing import Any

STATES = ("approved", "checked_out")

SECTION: dict[str, Any] = {
    "type": "object",
    "description": "Double record (平台+台账): compare the community's paper ledger with the platform's service records.",
    "properties": {
        "platform": {"type": "string", "minLength": 1, "maxLength": 100, "description": "What the report calls the platform, e.g. i志愿."},
        "ledger": {"type": "string", "minLength": 1, "maxLength": 100, "description": "What the report calls the ledger, e.g. 社区志愿服务台账."},
        "hours_tolerance": {
            "type": "number",
            "minimum": 0,
            "default": 0,
            "description": "A matched pair whose hours differ by more than this is an hour mismatch.",
        },
        "states": {
            "type": "array",
            "minItems": 1,
            "items": {"enum": list(STATES)},
            "uniqueItems": True,
            "default": list(STATES),
            "description": "Which platform records count: approved, and checked out but awaiting review.",
        },
        "same_day_fallback": {
            "type": "boolean",
            "default": True,
            "description": "Pair a person's only unmatched platform record and only unmatched ledger line of a day even when the activity titles differ.",
        },
    },
    "additionalProperties": False,
}
