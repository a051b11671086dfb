"""The ``funds`` config section: the funds that back points, which fund pays for which service, and budgets."""

from typing import Any

KEY_PATTERN = "^[a-z][a-z0-9_]*$"
CODE_PATTERN = "^[A-Za-z0-9][A-Za-z0-9_.-]*$"
# Hanyang's 五个一点: government project funds, community savings, resident crowdfunding, charity matching, sponsoring units.
SOURCES = ("government", "community", "crowdfunding", "charity", "sponsor")
PERIODS = ("month", "quarter", "year")
ON_OVER = ("refuse", "flag")

_key = {"type": "string", "pattern": KEY_PATTERN, "maxLength": 64}
_keys = {"type": "array", "items": _key, "minItems": 1, "uniqueItems": True}

FUND: dict[str, Any] = {
    "type": "object",
    "properties": {
        "key": {**_key, "description": "Stable key; the fund's points account is fund:<key>."},
        "name": {"type": "string", "minLength": 1, "maxLength": 100, "description": "e.g. 政府项目资金, 四新街道慈善冠名基金."},
        "source": {"enum": list(SOURCES), "description": "Which of the five sources (五个一点) the money comes from."},
        "budget": {
            "type": "object",
            "description": "Points the fund may back per period (by the date the service took place, China time).",
            "properties": {"points": {"type": "integer", "minimum": 0}, "per": {"enum": list(PERIODS)}},
            "required": ["points", "per"],
            "additionalProperties": False,
        },
        "on_over_budget": {"enum": list(ON_OVER), "description": "Overrides the section's on_over_budget for this fund."},
        "description": {"type": "string"},
    },
    "required": ["key", "name", "source"],
    "additionalProperties": False,
}

RULE: dict[str, Any] = {
    "type": "object",
    "description": "Points matching every condition given are charged to fund; the first matching rule wins.",
    "properties": {
        "fund": _key,
        "categories": {**_keys, "description": "Activity categories of the service."},
        "within": {
            "type": "array",
            "items": {"type": "string", "pattern": CODE_PATTERN, "maxLength": 64},
            "minItems": 1,
            "uniqueItems": True,
            "description": "Org codes: the volunteer's home node lies in one of their subtrees.",
        },
    },
    "required": ["fund"],
    "additionalProperties": False,
}

SECTION: dict[str, Any] = {
    "type": "object",
    "description": "Funds backing points (公益积分的资金来源): issuance is charged to a fund by rules; budgets per period.",
    "properties": {
        "on_over_budget": {"enum": list(ON_OVER), "default": "refuse", "description": "refuse: the approval fails; flag: allowed and listed in linli settle."},
        "default": {**_key, "description": "The fund charged when no rule matches; without it, the community's issuer account."},
        "accounts": {"type": "array", "minItems": 1, "items": FUND},
        "rules": {"type": "array", "items": RULE},
    },
    "required": ["accounts"],
    "additionalProperties": False,
}
