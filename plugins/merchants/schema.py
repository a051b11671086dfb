"""The ``merchants`` config section: the merchant directory and each merchant's catalogue."""

from typing import Any

KEY_PATTERN = "^[a-z][a-z0-9_]*$"
# Codes go into ledger owners (merchant:<code>) and onto the command line: no spaces, no colons.
CODE_PATTERN = "^[A-Za-z0-9][A-Za-z0-9_.-]*$"
KINDS = ("goods", "service", "privilege")
LIMIT_PERIODS = ("day", "week", "month", "year", "ever")

_code = {"type": "string", "pattern": CODE_PATTERN, "maxLength": 64}
_codes = {"type": "array", "items": _code, "minItems": 1, "uniqueItems": True}
_text = {"type": "string", "minLength": 1, "maxLength": 200}
_dates = {
    "type": "object",
    "properties": {"from": {"type": "string", "format": "date"}, "until": {"type": "string", "format": "date"}},
    "additionalProperties": False,
}

ITEM: dict[str, Any] = {
    "type": "object",
    "properties": {
        "code": {**_code, "description": "Program-wide unique code, typed by clerks: linli redeem MEMBER CODE."},
        "name": _text,
        "kind": {"enum": list(KINDS), "description": "goods (物品), service (e.g. haircut, car wash) or privilege (e.g. property-fee reduction)."},
        "price": {"type": "integer", "minimum": 1, "description": "Points per unit."},
        "cny": {"type": "number", "minimum": 0, "description": "CNY (at most two decimals) the merchant claims per unit redeemed, for settlement."},
        "stock": {"type": "integer", "minimum": 0, "description": "Units on offer; leave out for unlimited. Raising it later restocks."},
        "limit": {
            "type": "object",
            "description": "At most count units per member per period.",
            "properties": {"count": {"type": "integer", "minimum": 1}, "per": {"enum": list(LIMIT_PERIODS)}},
            "required": ["count", "per"],
            "additionalProperties": False,
        },
        "valid": {**_dates, "description": "The days (China time) the item can be redeemed, both inclusive."},
        "eligibility": {
            "type": "object",
            "properties": {
                "min_stars": {"type": "integer", "minimum": 1, "maximum": 10},
                "min_hours": {"type": "number", "minimum": 0, "description": "Approved service hours, lifetime."},
                "tags": {"type": "array", "items": {"type": "string", "pattern": KEY_PATTERN}, "minItems": 1, "uniqueItems": True, "description": "The member carries one of them."},
                "within": {**_codes, "description": "Org codes: the member's home lies in one of their subtrees."},
            },
            "additionalProperties": False,
        },
        "description": {"type": "string"},
    },
    "required": ["code", "name", "kind", "price", "cny"],
    "additionalProperties": False,
}

MERCHANT: dict[str, Any] = {
    "type": "object",
    "properties": {
        "code": {**_code, "description": "Program-wide unique code; the merchant's points account is merchant:<code>."},
        "name": _text,
        "category": {"type": "string", "maxLength": 100, "description": "e.g. 理发, 洗车, 物业, 社区服务."},
        "address": {"type": "string", "maxLength": 200},
        "contact": {"type": "string", "maxLength": 100},
        "nodes": {**_codes, "description": "Org codes of the communities (or streets …) the merchant serves."},
        "active": {**_dates, "description": "The days the merchant honours redemptions, both inclusive."},
        "clerks": {
            "type": "array",
            "items": {"type": "string", "minLength": 1, "maxLength": 64},
            "uniqueItems": True,
            "description": "Usernames of the clerk operators who verify its pickup codes (核销).",
        },
        "items": {"type": "array", "items": ITEM},
    },
    "required": ["code", "name", "nodes"],
    "additionalProperties": False,
}

SECTION: dict[str, Any] = {
    "type": "object",
    "description": "Merchants (商家) and the catalogue of goods, services and privileges points buy. Items may also be imported from Excel.",
    "properties": {"directory": {"type": "array", "items": MERCHANT}},
    "additionalProperties": False,
}
