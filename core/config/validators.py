"""JSON Schema validators, built once per process for each distinct schema.

Building a validator (and the reference resolution it caches as it runs) is
the costly part of validating a small document; a CLI command, a test run
or a rule table of 200 entries would otherwise pay it again for the same
schema. The cache key is the schema's canonical JSON text, so two plugin
hosts with the same sections share one validator and a host whose plugin
declares a different schema under the same section name gets its own.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from jsonschema import Draft202012Validator

from linli.core.config.program import thaw

_built: dict[str, Draft202012Validator] = {}


def validator_for(schema: Mapping[str, Any]) -> Draft202012Validator:
    """The validator of *schema* (frozen or plain), shared by every caller with an equal schema."""
    plain = thaw(schema)
    # repr for values JSON can't spell: such a schema is still cached, by what it prints as.
    key = json.dumps(plain, sort_keys=True, ensure_ascii=False, default=repr)
    validator = _built.get(key)
    if validator is None:
        validator = _built[key] = Draft202012Validator(plain, format_checker=Draft202012Validator.FORMAT_CHECKER)
    return validator
