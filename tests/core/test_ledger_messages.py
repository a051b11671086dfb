"""Every ledger message exists in both languages, with the same placeholders."""

from __future__ import annotations

import re
import string
from pathlib import Path

import yaml

import linli.core.ledger

LEDGER = Path(linli.core.ledger.__file__).parent
LOCALES = LEDGER.parent / "locales"


def catalogue(locale: str) -> dict[str, str]:
    messages: dict[str, str] = yaml.safe_load((LOCALES / locale / "ledger.yaml").read_text("utf-8"))
    return messages


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_both_catalogues_have_the_same_keys_and_placeholders() -> None:
    chinese, english = catalogue("zh-CN"), catalogue("en")
    assert chinese.keys() == english.keys()
    for name in chinese:
        assert placeholders(chinese[name]) == placeholders(english[name]), name


def test_every_key_the_code_uses_is_in_the_catalogue() -> None:
    used = {
        match for source in LEDGER.glob("*.py") for match in re.findall(r'"ledger\.(\w+)"', source.read_text("utf-8"))
    }
    used |= {f"unit_{unit}" for unit in linli.core.ledger.UNITS}
    assert used, "no keys found: the pattern is wrong"
    assert used <= catalogue("zh-CN").keys()
    assert used <= catalogue("en").keys()
