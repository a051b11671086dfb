"""Turn JSON Schema validation errors into plain, located, localized problems."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from typing import Any

from jsonschema.exceptions import ValidationError, best_match

from linli.core.config.problems import ConfigProblem
from linli.core.config.program import thaw
from linli.core.config.schema import KEY_PATTERN
from linli.core.config.validators import validator_for
from linli.core.i18n import t

_TYPE_KEYS = {"string", "integer", "number", "boolean", "object", "array", "null"}


def type_name(name: str, locale: str) -> str:
    return t(f"config.type_{name}", locale) if name in _TYPE_KEYS else name


def type_of(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, Mapping):
        return "object"
    if isinstance(value, list | tuple):
        return "array"
    return type(value).__name__


def show(value: Any) -> str:
    text = repr(value) if not isinstance(value, str) else f"“{value}”"
    return text if len(text) <= 60 else text[:57] + "…"


def did_you_mean(word: str, choices: Iterable[str], locale: str) -> str:
    close = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.6)
    return t("config.did_you_mean", locale, suggestion=close[0]) if close else ""


def problems_from(
    error: ValidationError, locale: str, section_owners: Mapping[str, str], prefix: tuple[Any, ...] = ()
) -> list[ConfigProblem]:
    """One or more problems for one validation error (unknown keys give one each).

    *prefix* is where the validated value sits in the program document.
    """
    path = (*prefix, *error.absolute_path)
    kind = error.validator
    if kind in ("anyOf", "oneOf") and error.context:
        return problems_from(best_match(error.context), locale, section_owners, prefix)
    if kind == "additionalProperties" and isinstance(error.instance, Mapping):
        allowed = list(error.schema.get("properties", {}))
        extras = [key for key in error.instance if key not in allowed]
        return [_unknown_key(path, key, allowed, locale, section_owners) for key in extras]
    if kind == "propertyNames" and error.context:
        return [
            ConfigProblem((*path, bad.instance), text=t("config.bad_key_name", locale, value=show(bad.instance), detail=_message(bad, locale)), at_key=True)
            for bad in error.context
        ]
    return [ConfigProblem(path, text=_message(error, locale))]


def _unknown_key(path: tuple[Any, ...], key: Any, allowed: list[str], locale: str, owners: Mapping[str, str]) -> ConfigProblem:
    hint = did_you_mean(key, allowed, locale)
    if not path:
        plugins = ", ".join(f"{section} ({plugin})" for section, plugin in sorted(owners.items())) or t("config.no_plugins", locale)
        text = t("config.unknown_section", locale, key=key, hint=hint, plugins=plugins)
    else:
        text = t("config.unknown_key", locale, key=key, hint=hint, allowed=", ".join(allowed))
    return ConfigProblem((*path, key), text=text, at_key=True)


def _message(error: ValidationError, locale: str) -> str:
    kind, expected, value = error.validator, error.validator_value, error.instance
    if kind == "type":
        names = expected if isinstance(expected, list) else [expected]
        wanted = t("config.or", locale).join(type_name(name, locale) for name in names)
        return t("config.wrong_type", locale, expected=wanted, actual=type_name(type_of(value), locale), value=show(value))
    if kind == "required":
        missing = [key for key in expected if isinstance(value, Mapping) and key not in value]
        return t("config.missing_key", locale, keys=", ".join(missing))
    if kind == "enum":
        return t("config.not_in_enum", locale, value=show(value), choices=", ".join(map(str, expected)))
    if kind == "const":
        return t("config.not_const", locale, value=show(value), expected=show(expected))
    if kind in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        return t(f"config.{kind}", locale, value=show(value), limit=expected)
    if kind in ("minLength", "maxLength", "minItems", "maxItems"):
        return t(f"config.{kind}", locale, limit=expected)
    if kind == "uniqueItems":
        return t("config.unique_items", locale)
    if kind == "pattern":
        return t("config.pattern_key" if expected == KEY_PATTERN else "config.pattern", locale, value=show(value), pattern=expected)
    if kind == "format":
        return t("config.format", locale, value=show(value), format=expected)
    return error.message


def schema_problems(schema: Mapping[str, Any], value: Any, path: tuple[Any, ...], locale: str) -> list[ConfigProblem]:
    """Validate *value*, found at *path* in the program, against *schema*; problems carry full paths.

    For plugins whose section holds parts checked by other plugins' schemas
    (a points rule of a kind another plugin adds).
    """
    return [problem for error in validator_for(schema).iter_errors(thaw(value)) for problem in problems_from(error, locale, {}, path)]
