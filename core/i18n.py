"""Message catalogues: every user-visible sentence lives in ``locales/<locale>/*.yaml``.

Keys are ``<file stem>.<name>``; a file ``ledger.yaml`` holding ``overdraft:``
gives the key ``ledger.overdraft``. Placeholders use ``str.format`` syntax.
zh-CN is the default locale; a key missing from a locale falls back to zh-CN.
Plugins ship their own catalogues and add them with :func:`add_catalogue`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any, Literal

import yaml

Locale = Literal["zh-CN", "en"]
LOCALES: tuple[Locale, ...] = ("zh-CN", "en")
DEFAULT_LOCALE: Locale = "zh-CN"

_extra_roots: list[Traversable] = []


def add_catalogue(root: Traversable) -> None:
    """Add a plugin's catalogue folder (holding ``zh-CN/`` and ``en/``)."""
    if root not in _extra_roots:
        _extra_roots.append(root)
        catalogue.cache_clear()


def _roots() -> list[Traversable]:
    return [resources.files("linli.core") / "locales", *_extra_roots]


@cache
def catalogue(locale: Locale) -> Mapping[str, str]:
    messages: dict[str, str] = {}
    for root in _roots():
        folder = root / locale
        if not folder.is_dir():
            continue
        for entry in sorted(folder.iterdir(), key=lambda e: e.name):
            if entry.name.endswith(".yaml"):
                stem = entry.name.removesuffix(".yaml")
                for name, text in (yaml.safe_load(entry.read_text("utf-8")) or {}).items():
                    messages[f"{stem}.{name}"] = str(text)
    return messages


def normalize_locale(value: str | None) -> Locale:
    if value in LOCALES:
        return value  # type: ignore[return-value]
    if value and value.lower().startswith("en"):
        return "en"
    return DEFAULT_LOCALE


def current_locale() -> Locale:
    """The locale for messages outside any program: ``LINLI_LANG``, else zh-CN."""
    return normalize_locale(os.environ.get("LINLI_LANG"))


def has(key: str) -> bool:
    """Whether any catalogue holds *key* (for optional labels such as a plugin's ledger causes)."""
    return key in catalogue(DEFAULT_LOCALE)


class Label:
    """A message parameter translated when the message is: ``t("…", current=Label("states.record_approved"))``.

    Errors are raised before anyone knows the reader's locale, so a state or
    status name travels as a key and is rendered with the sentence around it.
    """

    def __init__(self, key: str) -> None:
        self.key = key

    def __repr__(self) -> str:
        return f"Label({self.key!r})"


def t(key: str, locale: str | None = None, /, **params: Any) -> str:
    """Translate *key* into *locale* and fill in *params* (translating :class:`Label` values too)."""
    loc = normalize_locale(locale) if locale else current_locale()
    text = catalogue(loc).get(key) or catalogue(DEFAULT_LOCALE).get(key)
    if text is None:
        raise KeyError(f"message {key!r} is in no catalogue")
    if not params:
        return text
    return text.format(**{name: t(value.key, loc) if isinstance(value, Label) else value for name, value in params.items()})


def state_label(kind: str, state: str) -> Label:
    """The display name of a record state, activity status or member status (``kind`` record|activity|member)."""
    return Label(f"states.{kind}_{state}")
