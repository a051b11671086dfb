"""The ``exchange`` config section: where points may be spent, what a point is worth, how long a pickup code lives."""

from typing import Any

KEY_PATTERN = "^[a-z][a-z0-9_]*$"

SECTION: dict[str, Any] = {
    "type": "object",
    "description": "Points exchange (积分兑换): redemptions with single-use pickup codes (核销码), and settlement.",
    "properties": {
        "spend_within": {
            "type": "string",
            "pattern": KEY_PATTERN,
            "default": "program",
            "description": "program: points earned anywhere are spent anywhere (通存通兑); or an org level key "
            "(e.g. street): only at merchants serving the member's node of that level.",
        },
        "cny_per_point": {
            "type": "number",
            "exclusiveMinimum": 0,
            "description": "What one point is worth in CNY, for the points liability in settlements.",
        },
        "pickup_days": {"type": "integer", "minimum": 1, "default": 30, "description": "Days a pickup code stays valid."},
        "settlement_level": {
            "type": "string",
            "pattern": KEY_PATTERN,
            "description": "The org level settlements count by (e.g. community); default: members' home nodes themselves.",
        },
        "min_hours": {"type": "number", "minimum": 0, "description": "Approved service hours a member needs before redeeming anything."},
    },
    "required": ["cny_per_point"],
    "additionalProperties": False,
}
