"""Every message the domain and services raise exists in both catalogues, with the same placeholders."""

from __future__ import annotations

import re
import string
import typing
from pathlib import Path

import pytest

from linli.core.i18n import catalogue
from linli.core.idcard import Reason
from linli.core.services.audit import ChainProblemKind

CORE = Path(__file__).parents[2] / "core"
SERVICES = tuple(sorted(path.stem for path in (CORE / "services").glob("*.py") if path.stem != "__init__"))
SOURCES = [*sorted((CORE / "models").glob("*.py")), *(CORE / "services" / f"{name}.py" for name in SERVICES)]
STEMS = ("orgs", "members", "roles", "activities", "service", "operators", "audit", "scope")
LITERAL_KEY = re.compile(r'(?:Refused|NotFound|PermissionDenied|LinliError)\(\s*"([a-z_]+\.[a-z_]+)"')
# Keys built at run time, spelled out.
BUILT_KEYS = {
    *(f"members.id_{reason}" for reason in typing.get_args(Reason)),
    *(f"members.{column}_{what}" for column in ("phone", "id_number") for what in ("repeated", "taken")),
    *(f"{area}.rows_refused" for area in ("members", "service")),
    *(f"audit.chain_{kind}" for kind in typing.get_args(ChainProblemKind)),
}


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def mine(locale: str) -> dict[str, str]:
    return {key: text for key, text in catalogue(locale).items() if key.split(".")[0] in STEMS}  # type: ignore[arg-type]


def test_both_locales_have_the_same_keys_and_placeholders() -> None:
    zh, en = mine("zh-CN"), mine("en")
    assert zh.keys() == en.keys()
    for key in zh:
        assert placeholders(zh[key]) == placeholders(en[key]), key


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.name)
def test_every_raised_key_is_in_the_catalogue(source: Path) -> None:
    known = mine("zh-CN").keys() | catalogue("zh-CN").keys()
    missing = [key for key in LITERAL_KEY.findall(source.read_text("utf-8")) if key not in known]
    assert missing == []


def test_keys_built_at_run_time_exist() -> None:
    assert mine("zh-CN").keys() >= BUILT_KEYS


def test_no_catalogue_entry_is_unused() -> None:
    used = BUILT_KEYS | {key for source in SOURCES for key in LITERAL_KEY.findall(source.read_text("utf-8"))}
    assert sorted(mine("zh-CN").keys() - used) == []
