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
        "window": {
            "enum": ["lifetime", "yearly"],
            "default": "lifetime",
            "description": "lifetime: everything ever approved. yearly: a calendar year's service (China time, by check-in) earns the level,"
            " which is held through the following year; run `linli stars recompute` after 1 January so lapsed levels drop.",
        },
        "one_level_at_a_time": {"type": "boolean", "default": False, "description": "Promote by at most one level per recompute."},
        "review_required": {
            "type": "boolean",
            "default": False,
            "description": "Promotions wait for an admin's approval (`linli stars review`); demotions apply at once.",
        },
        "levels": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "properties": {
                    "stars": {"type": "integer", "minimum": 1, "maximum": 10},
                    "at": {"type": "number", "exclusiveMinimum": 0},
                    "name": {"type": "string", "minLength": 1},
                    "benefits": {"type": "string", "description": "What the level brings, in words (礼遇)."},
                    "entitlements": {
                        "type": "array",
                        "items": {"type": "string", "pattern": ENTITLEMENT_PATTERN},
                        "uniqueItems": True,
                        "description": "Named entitlements (priority_medical …) that other plugins and reports query;"
                        " a level also holds those of the levels below it.",
                    },
                },
                "required": ["stars", "at"],
                "additionalProperties": False,
            },
        },
        "medals": {
            "type": "array",
            "description": "Medals (奖章) shown beside the level, from thresholds on the same metric (Beijing: 2000/3000/5000 h).",
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
