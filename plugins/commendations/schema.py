"""The ``commendations`` config section: the awards a program selects for, period after period."""

from typing import Any

KEY_PATTERN = "^[a-z][a-z0-9_]*$"
_key = {"type": "string", "pattern": KEY_PATTERN, "maxLength": 64}

AWARD: dict[str, Any] = {
    "type": "object",
    "properties": {
        "id": {**_key, "description": "Stable id of the award, used on the command line and in the records."},
        "title": {"type": "string", "minLength": 1, "maxLength": 100, "description": "The title conferred, e.g. 优秀志愿者."},
        "period": {"enum": ["year", "quarter", "month"], "default": "year"},
        "eligibility": {
            "type": "object",
            "properties": {
                "min_hours": {"type": "number", "minimum": 0, "description": "Approved service hours within the period."},
                "min_stars": {"type": "integer", "minimum": 1, "maximum": 10, "description": "Current star level (needs a star-rating plugin)."},
                "tags": {"type": "array", "items": _key, "uniqueItems": True, "description": "Member tags a winner must all carry."},
                "no_rejected_records": {"type": "boolean", "default": False, "description": "No service record rejected within the period."},
            },
            "additionalProperties": False,
        },
        "rank_by": {
            **_key,
            "default": "service_hours",
            "description": "service_hours or records (approved, within the period), points_earned or any metric a plugin answers.",
        },
        "top": {"type": "integer", "minimum": 1, "description": "How many win, per node of per_level or over the whole scope."},
        "per_level": {**_key, "description": "An organization level: the top N are chosen within each node of this level."},
    },
    "required": ["id", "title", "top"],
    "additionalProperties": False,
}

SECTION: dict[str, Any] = {
    "type": "object",
    "description": "Selection and commendation of outstanding volunteers (嘉许激励), e.g. 年度优秀志愿者.",
    "properties": {"awards": {"type": "array", "minItems": 1, "items": AWARD}},
    "required": ["awards"],
    "additionalProperties": False,
}
