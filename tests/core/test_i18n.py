"""Message catalogues: both locales carry the same keys with the same placeholders."""

from __future__ import annotations

import string

import pytest

from linli.core.i18n import LOCALES, catalogue, t
from linli.core.plugins import make_plugin_host


def placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field}


@pytest.fixture(scope="module", autouse=True)
def plugin_catalogues_loaded() -> None:
    make_plugin_host(autoload=False)  # importing plugins adds their catalogues


def test_locales_have_the_same_keys_and_placeholders() -> None:
    zh, en = (catalogue(locale) for locale in LOCALES)
    assert sorted(set(zh) ^ set(en)) == []
    mismatched = [key for key in zh if placeholders(zh[key]) != placeholders(en[key])]
    assert mismatched == []


def test_translation_fills_placeholders_and_falls_back_to_chinese() -> None:
    assert t("config.file_missing", "en", path="x.yaml") == "config file x.yaml not found"
    assert t("config.file_missing", "fr-FR", path="x.yaml") == "找不到配置文件 x.yaml"
