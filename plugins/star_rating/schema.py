"""The ``star_rating`` config section."""

from typing import Any

ENTITLEMENT_PATTERN = "^[a-z][a-z0-9_]*$"

SECTION: dict[str, Any] = {
    "type": "object",
    "description": "Star levels (星级志愿者) from thresholds on a metric.",
    "properties": {
        "metric": {
            "type": "string",
            "default": "service_hours",
            "description": "service_hours (approved hours), points_earned (never the spendable balance), or a metric a plugin provides.",
        },
        "window": {"enum": ["lifetime", "yearly"], "default": "lifetime"},
        "one_level_at_a_time": {"type": "boolean", "default": False},
        "review_required": {"type": "boolean", "default": False},
        "levels": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "properties": {
                    "stars": {"type": "integer", "minimum": 1, "maximum": 10},
                    "at": {"type": "number", "exclusiveMinimum": 0},
                    "name": {"type": "string", "minLength": 1},
                    "benefits": {"type": "string"},
                    "entitlements": {"type": "array", "items": {"type": "string", "pattern": ENTITLEMENT_PATTERN}, "uniqueItems": True},
                },
                "required": ["stars", "at"],
                "additionalProperties": False,
            },
        },
        "medals": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"name": {"type": "string", "minLength": 1}, "at": {"type": "number", "exclusiveMinimum": 0}},
                "required": ["name", "at"],
                "additionalProperties": False,
            },
        },
    },
    "required": ["levels"],
    "additionalProperties": False,
}
