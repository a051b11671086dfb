"""The program file's JSON Schema: core's sections plus every installed plugin's.

Core's part is written here once; plugins add theirs through the
``linli_config_sections`` hook. ``linli schema`` prints the assembled
schema, and ``docs/linli.schema.json`` keeps it for editors (a test fails
when that copy is stale).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

KEY_PATTERN = "^[a-z][a-z0-9_]*$"
SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

_name = {"type": "string", "minLength": 1, "maxLength": 100}
_key = {"type": "string", "pattern": KEY_PATTERN, "maxLength": 64}
_term = {
    "type": "object",
    "properties": {"name": _name, "description": {"type": "string"}},
    "required": ["name"],
    "additionalProperties": False,
}

CORE_SECTIONS: dict[str, Any] = {
    "linli": {"const": 1, "description": "Format version of the program file."},
    "extends": {
        "description": "Preset name(s) or relative path(s) this file starts from.",
        "oneOf": [{"type": "string", "minLength": 1}, {"type": "array", "items": {"type": "string", "minLength": 1}}],
    },
    "program": {
        "type": "object",
        "properties": {
            "name": _name,
            "locale": {"enum": ["zh-CN", "en"], "default": "zh-CN"},
            "province": {"type": "string"},
            "city": {"type": "string"},
            "district": {"type": "string"},
            "street": {"type": "string"},
            "community": {"type": "string"},
            "residents": {"type": "integer", "minimum": 0},
            "area_km2": {"type": "number", "exclusiveMinimum": 0},
            "description": {"type": "string"},
        },
        "required": ["name"],
        "additionalProperties": False,
    },
    "organization": {
        "type": "object",
        "properties": {
            "levels": {
                "type": "array",
                "minItems": 1,
                "items": {
                    "type": "object",
                    "properties": {"key": _key, "name": _name},
                    "required": ["key", "name"],
                    "additionalProperties": False,
                },
            },
            "nodes": {"type": "array", "items": {"$ref": "#/$defs/org_node"}},
        },
        "required": ["levels"],
        "additionalProperties": False,
    },
    "roles": {
        "type": "object",
        "propertyNames": {"pattern": KEY_PATTERN},
        "additionalProperties": {
            "type": "object",
            "properties": {
                "name": _name,
                "group": {"type": "string"},
                "levels": {"type": "array", "items": _key, "uniqueItems": True},
                "max_per_node": {"type": "integer", "minimum": 1},
                "requires": {
                    "type": "object",
                    "properties": {
                        "tags": {"type": "array", "items": _key, "uniqueItems": True},
                        "min_stars": {"type": "integer", "minimum": 1, "maximum": 10},
                    },
                    "additionalProperties": False,
                },
            },
            "required": ["name"],
            "additionalProperties": False,
        },
    },
    "activity_categories": {"type": "object", "propertyNames": {"pattern": KEY_PATTERN}, "additionalProperties": _term},
    "member_tags": {"type": "object", "propertyNames": {"pattern": KEY_PATTERN}, "additionalProperties": _term},
}

CORE_DEFS: dict[str, Any] = {
    "org_node": {
        "type": "object",
        "properties": {
            "code": {"type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9_.-]*$", "maxLength": 64},
            "name": _name,
            "level": _key,
            "residents": {"type": "integer", "minimum": 0},
            "children": {"type": "array", "items": {"$ref": "#/$defs/org_node"}},
        },
        "required": ["code", "name", "level"],
        "additionalProperties": False,
    }
}

REQUIRED_SECTIONS = ["linli", "program", "organization"]


def assemble(plugin_sections: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """The whole document schema: core sections plus *plugin_sections* (name → schema)."""
    properties = dict(CORE_SECTIONS)
    for name, schema in sorted(plugin_sections.items()):
        # Its own $id makes a plugin's "#/$defs/…" references resolve inside its section.
        properties[name] = {"$id": f"urn:linli:section:{name}", **schema} if "$defs" in schema else dict(schema)
    return {
        "$schema": SCHEMA_DIALECT,
        "$id": "https://linli.example/schema/program.json",
        "title": "linli program",
        "type": "object",
        "properties": properties,
        "required": REQUIRED_SECTIONS,
        "additionalProperties": False,
        "$defs": CORE_DEFS,
    }
