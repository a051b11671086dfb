"""The ``matching`` config section: the category ↔ skill vocabulary and the weights of a candidate's score."""

from typing import Any

KEY_PATTERN = "^[a-z][a-z0-9_]*$"
WEIGHT = {"type": "number", "minimum": 0}

SECTION: dict[str, Any] = {
    "type": "object",
    "description": "The supply-demand menu (供需菜单): volunteers' skills and willingness matched to needs' categories.",
    "properties": {
        "vocabulary": {
            "type": "object",
            "description": "Need category → the skill words volunteers write that serve it (e.g. repair: [水电维修, 木工]).",
            "propertyNames": {"pattern": KEY_PATTERN},
            "minProperties": 1,
            "additionalProperties": {"type": "array", "items": {"type": "string", "minLength": 1}, "uniqueItems": True},
        },
        "weights": {
            "type": "object",
            "description": "Points each reason adds to a candidate's score.",
            "properties": {
                "skill": {**WEIGHT, "default": 40, "description": "A skill word of the category."},
                "willingness": {**WEIGHT, "default": 15, "description": "Willing to serve the category."},
                "proximity": {**WEIGHT, "default": 30, "description": "Times the share for the closest node shared (see proximity)."},
                "load": {**WEIGHT, "default": 10, "description": "Times 1/(1 + open orders held)."},
                "rating": {**WEIGHT, "default": 10, "description": "Times (recent average rating − 1) / 4; unrated counts half."},
                "stars": {**WEIGHT, "default": 5, "description": "Times stars / 5, when a star-rating plugin answers."},
            },
            "additionalProperties": False,
        },
        "proximity": {
            "type": "object",
            "description": "Org level of the closest node a volunteer's home shares with the need → share of the proximity weight (0–1).",
            "propertyNames": {"pattern": KEY_PATTERN},
            "additionalProperties": {"type": "number", "minimum": 0, "maximum": 1},
        },
        "recent_days": {"type": "integer", "minimum": 1, "default": 180, "description": "The window of the recent rating average."},
        "search_level": {
            "type": "string",
            "pattern": KEY_PATTERN,
            "description": "Candidates live under the need's ancestor at this level (default: the whole program).",
        },
    },
    "required": ["vocabulary"],
    "additionalProperties": False,
}
