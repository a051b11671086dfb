"""The ``incentives`` config section: the common shape of rules, holidays, rounding and expiry.

A rule's own options depend on its kind, which a plugin may add, so they
are validated by the checks against the kind's schema, not here.
"""

from typing import Any

from linli.core.models import ACTIVITY_KINDS, RECORD_SOURCES

KEY_PATTERN = "^[a-z][a-z0-9_]*$"
# Rule ids go into idempotency keys (``points:bonus:<id>:…``): short, no colons.
RULE_ID_PATTERN = "^[a-z][a-z0-9_-]*$"
TIME_PATTERN = "^([01][0-9]|2[0-3]):[0-5][0-9]$"
COMMON_KEYS = ("id", "kind", "name", "when")

_date = {"type": "string", "format": "date"}
_keys = {"type": "array", "items": {"type": "string", "pattern": KEY_PATTERN}, "minItems": 1, "uniqueItems": True}

WHEN: dict[str, Any] = {
    "type": "object",
    "description": "Which records the rule applies to; every condition given must hold.",
    "properties": {
        "categories": {**_keys, "description": "Activity categories (keys of activity_categories)."},
        "tags": {**_keys, "description": "The member has any of these tags (keys of member_tags)."},
        "sources": {"type": "array", "items": {"enum": list(RECORD_SOURCES)}, "minItems": 1, "uniqueItems": True},
        "activity_kinds": {"type": "array", "items": {"enum": list(ACTIVITY_KINDS)}, "minItems": 1, "uniqueItems": True},
        "weekdays": {
            "type": "array",
            "description": "ISO weekdays of the service: 1 Monday … 7 Sunday.",
            "items": {"type": "integer", "minimum": 1, "maximum": 7},
            "minItems": 1,
            "uniqueItems": True,
        },
        "weekend": {"type": "boolean", "description": "true: Saturday or Sunday; false: Monday to Friday."},
        "holidays": {"type": "boolean", "description": "true: on a listed holiday; false: not on one."},
        "night": {
            "type": "object",
            "description": "Service starting between from and to (China time); to may be past midnight.",
            "properties": {"from": {"type": "string", "pattern": TIME_PATTERN}, "to": {"type": "string", "pattern": TIME_PATTERN}},
            "required": ["from", "to"],
            "additionalProperties": False,
        },
    },
    "additionalProperties": False,
}

RULE: dict[str, Any] = {
    "type": "object",
    "properties": {
        "id": {"type": "string", "pattern": RULE_ID_PATTERN, "maxLength": 40},
        "kind": {"type": "string", "pattern": KEY_PATTERN, "maxLength": 64},
        "name": {"type": "string", "minLength": 1},
        "when": WHEN,
    },
    "required": ["id", "kind"],
}

SECTION: dict[str, Any] = {
    "type": "object",
    "description": "Points (积分) from approved service, by declarative rules.",
    "properties": {
        "unit_name": {"type": "string", "minLength": 1, "default": "积分", "description": "What people call the points, e.g. 公益积分."},
        "rounding": {"enum": ["floor", "half_up", "ceil"], "default": "half_up", "description": "How a record's points become whole."},
        "holidays": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"date": _date, "until": _date, "name": {"type": "string", "minLength": 1}},
                "required": ["date", "name"],
                "additionalProperties": False,
            },
        },
        "expiry": {
            "type": "object",
            "properties": {
                "policy": {"enum": ["none", "months", "year_end"]},
                "months": {"type": "integer", "minimum": 1, "maximum": 240},
            },
            "required": ["policy"],
            "additionalProperties": False,
            "if": {"properties": {"policy": {"const": "months"}}},
            "then": {"required": ["months"]},
        },
        "rules": {"type": "array", "minItems": 1, "items": RULE},
    },
    "required": ["rules"],
    "additionalProperties": False,
}
