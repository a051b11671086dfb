"""Every kind of bad program file exits 2 with the right FILE:LINE:COL and no traceback.

Each file under ``broken/`` states what it expects in ``# expect: LINE:COL text``
comments, so adding a case is adding a file.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from linli.core.cli import cli

BROKEN = Path(__file__).parent / "broken"
EXPECT = re.compile(r"^# expect: (?:(\S+\.yaml):)?(?:(\d+):(\d+) )?(.+)$", re.M)
CASES = sorted(BROKEN.glob("*.yaml"))


def expectations(path: Path) -> list[tuple[str, str]]:
    """(prefix every reported line must start with, text it must contain) per expectation.

    ``# expect: LINE:COL text`` is about the file itself; ``# expect: other.yaml:LINE:COL text``
    about a file it extends, relative to it.
    """
    found = []
    for match in EXPECT.finditer(path.read_text("utf-8")):
        file = (path.parent / match[1]).resolve() if match[1] else path
        found.append((f"{file}:{match[2]}:{match[3]}:" if match[2] else str(file), match[4]))
    assert found, f"{path.name} states no expectation"
    return found


@pytest.fixture(autouse=True)
def english_outside_programs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LINLI_LANG", "en")


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_broken_file_is_reported_at_its_line(path: Path) -> None:
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    lines = result.stderr.splitlines()
    for prefix, text in expectations(path):
        assert any(line.startswith(prefix) and text in line for line in lines), f"no line {prefix} … {text!r} in:\n{result.stderr}"


def test_every_error_in_a_file_is_reported_in_one_run() -> None:
    path = BROKEN / "many_errors.yaml"
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert len([line for line in result.stderr.splitlines() if line.startswith(str(path) + ":")]) == len(expectations(path))


def test_file_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "gbk.yaml"
    path.write_bytes("linli: 1\nprogram:\n  name: 百步亭\n".encode("gbk"))
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 2
    assert "not UTF-8" in result.stderr and "Traceback" not in result.output


def test_missing_file_and_empty_file(tmp_path: Path) -> None:
    empty = tmp_path / "empty.yaml"
    empty.write_text("", "utf-8")
    result = CliRunner().invoke(cli, ["validate", str(tmp_path / "absent.yaml"), str(empty)])
    assert result.exit_code == 2
    assert "absent.yaml: config file" in result.stderr
    assert "empty.yaml: the file is empty" in result.stderr


def test_huge_file_is_refused_without_parsing(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    path.write_text("linli: 1\nnote: " + "x" * (9 * 1024 * 1024) + "\n", "utf-8")
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 2 and "too large" in result.stderr
