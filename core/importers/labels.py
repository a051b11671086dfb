"""The words administrators type for linli's keys, and the way back for exports.

Sheets say 家门口 and 纸质台账 where the database says ``door`` and
``paper_ledger``; a cell may hold either. The label tables are part of the
file format (a Chinese sheet imports into an English program too), so they
live here rather than in the message catalogues. Exports write the Chinese
label in a zh-CN program and the key otherwise, and both import again.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from linli.core.config.program import Level, Term

GENDERS = {"男": "male", "女": "female"}
CHANNELS = {"家门口": "door", "线上": "online", "导入": "import"}
SOURCES = {"本人签到": "self", "管理员录入": "operator", "导入": "import", "纸质台账": "paper_ledger"}


def accepted(labels: Mapping[str, str]) -> dict[str, str]:
    """*labels* plus every key standing for itself: what a ``choice`` parser accepts."""
    return {**labels, **{key: key for key in labels.values()}}


def vocabulary(terms: Iterable[Term | Level]) -> dict[str, str]:
    """A program's keyed terms (tags, levels) accepted by key or by display name."""
    table: dict[str, str] = {}
    for term in terms:
        table[term.key] = term.key
        table.setdefault(term.name, term.key)
    return table


def label(labels: Mapping[str, str], key: str | None, locale: str) -> str:
    """What an export writes for *key*: its Chinese label in zh-CN, else the key itself."""
    if key is None:
        return ""
    if locale == "zh-CN":
        return next((text for text, value in labels.items() if value == key), key)
    return key
