"""The ``time_bank`` config section."""

from typing import Any

KEY_PATTERN = "^[a-z][a-z0-9_]*$"

SECTION: dict[str, Any] = {
    "type": "object",
    "description": "Time bank (志愿服务银行): approved service minutes deposit into the volunteer's passbook; a served member withdraws them.",
    "properties": {
        "title": {"type": "string", "minLength": 1, "maxLength": 100, "description": "The passbook's title, e.g. 志愿服务存折."},
        "categories": {
            "type": "array",
            "minItems": 1,
            "items": {"type": "string", "pattern": KEY_PATTERN},
            "uniqueItems": True,
            "description": "Activity categories whose service is banked (deposited, and withdrawn by a served member); default: every category.",
        },
        "withdrawals": {
            "type": "boolean",
            "default": True,
            "description": "A served member who is registered pays the service from their banked time (被服务时间).",
        },
        "family_transfer": {"type": "boolean", "default": False, "description": "Members may give banked time to a family member."},
        "max_overdraft_minutes": {
            "type": "integer",
            "minimum": 0,
            "default": 0,
            "description": "How far below zero a served member may withdraw; 0: never.",
        },
    },
    "additionalProperties": False,
}
