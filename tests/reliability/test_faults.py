"""Backups, a killed import, and two writers at once leave a SQLite program database whole."""

from __future__ import annotations

import csv
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from linli.core import ledger
from linli.core.db import Database, sqlite_url
from linli.core.models import Member
from linli.core.services import verify_chain
from tests.reliability.cli import PASSWORD, Invoke, fresh_program

LINLI = str(Path(sys.executable).parent / "linli")
HEADER = ["姓名", "手机号", "身份证号", "性别", "出生日期", "所属组织", "标签", "技能", "服务意愿", "注册方式", "注册日期"]


@pytest.fixture
def program(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Invoke, str]:
    monkeypatch.chdir(tmp_path)
    url = sqlite_url(tmp_path / "linli.db")
    return fresh_program(url, tmp_path), url


def roster(path: Path, count: int, start: int = 0) -> Path:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(HEADER)
        writer.writerows([f"志愿者{i}", f"139{i:08d}", "", "", "", "BBT", "", "", "", "", ""] for i in range(start, start + count))
    return path


def linli(url: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [LINLI, "-c", "bbt/linli.yaml", "--database-url", url, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def state(url: str) -> tuple[int, list[str]]:
    """Members, and every problem the ledger and audit chain report."""
    database = Database(url)
    try:
        with database.reading() as session:
            count = session.scalar(sa.select(sa.func.count()).select_from(Member)) or 0
            return count, [*ledger.check_invariants(session), *(p.message() for p in verify_chain(session))]
    finally:
        database.dispose()


def test_backup_and_restore_bring_back_the_earlier_state(program: tuple[Invoke, str], tmp_path: Path) -> None:
    invoke, _ = program
    assert invoke("db", "backup", "before.db").exit_code == 0
    assert invoke("operators", "add", "zhang", "--name", "张站长", env={"LINLI_PASSWORD": PASSWORD}).exit_code == 0
    refused = invoke("db", "backup", "before.db")
    assert refused.exit_code == 1 and "已存在" in refused.stderr
    (tmp_path / "junk.db").write_text("not a database")
    assert invoke("db", "restore", "junk.db", "--yes").exit_code == 1
    restored = invoke("db", "restore", "before.db", "--yes")
    assert restored.exit_code == 0, restored.output
    assert "zhang" not in invoke("operators", "list").stdout
    assert invoke("audit", "verify").exit_code == 0


def test_postgresql_backups_are_refused_with_the_right_tool_named(postgres_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    refused = fresh_program(postgres_url, tmp_path)("db", "backup", "x.db")
    assert refused.exit_code == 1 and "pg_dump" in refused.stderr


def test_a_killed_import_leaves_nothing_and_a_rerun_completes(program: tuple[Invoke, str], tmp_path: Path) -> None:
    _, url = program
    rows = 3000
    sheet = roster(tmp_path / "名册.csv", rows)
    chance = random.Random(20261122)
    for _ in range(3):
        process = linli(url, "import", "members", str(sheet))
        time.sleep(chance.uniform(0.5, 2.0))
        process.kill()
        process.communicate()
        count, problems = state(url)
        assert count in (0, rows) and problems == []  # all or nothing, even when killed mid-write
    for _ in range(2):  # the second run finds every row already there
        process = linli(url, "import", "members", str(sheet))
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        assert state(url) == (rows, [])


def test_two_processes_writing_at_once_neither_fails_nor_corrupts(program: tuple[Invoke, str], tmp_path: Path) -> None:
    _, url = program
    sheets = [roster(tmp_path / f"名册{n}.csv", 800, start=n * 10000) for n in range(2)]
    processes = [linli(url, "import", "members", str(sheet)) for sheet in sheets]
    results = [process.communicate(timeout=120) for process in processes]
    for process, (_, err) in zip(processes, results, strict=True):
        assert process.returncode == 0, err
        assert "locked" not in err
    assert state(url) == (1600, [])
