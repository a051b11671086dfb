"""The ``service_points`` config section: the kinds of points in the 15-minute service circle and what they serve."""

from typing import Any

KEY_PATTERN = "^[a-z][a-z0-9_]*$"

SECTION: dict[str, Any] = {
    "type": "object",
    "description": "Service points (家站服务点) of the 15-minute service circle, anchored to org nodes.",
    "properties": {
        "kinds": {
            "type": "object",
            "description": "The kinds of points, e.g. barber: {name: 义务理发点}.",
            "propertyNames": {"pattern": KEY_PATTERN},
            "minProperties": 1,
            "additionalProperties": {
                "type": "object",
                "properties": {"name": {"type": "string", "minLength": 1, "maxLength": 100}, "description": {"type": "string"}},
                "required": ["name"],
                "additionalProperties": False,
            },
        },
        "routing": {
            "type": "object",
            "description": "Need category → the kinds of points that serve it; an order of that category goes to the nearest such point.",
            "propertyNames": {"pattern": KEY_PATTERN},
            "additionalProperties": {"type": "array", "items": {"type": "string", "pattern": KEY_PATTERN}, "minItems": 1, "uniqueItems": True},
        },
    },
    "required": ["kinds"],
    "additionalProperties": False,
}
