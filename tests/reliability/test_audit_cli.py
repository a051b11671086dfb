"""``linli audit verify`` passes an intact chain and names the entries a raw UPDATE or DELETE broke."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.reliability.cli import PASSWORD, Invoke, fresh_program


@pytest.fixture
def linli(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Invoke:
    monkeypatch.chdir(tmp_path)
    invoke = fresh_program(database_url, tmp_path)
    for name in ("zhang", "li"):
        added = invoke("operators", "add", name, "--name", f"{name}站长", "--scope", "BBT", env={"LINLI_PASSWORD": PASSWORD + name})
        assert added.exit_code == 0, added.output
    return invoke


def tamper(database_url: str, statement: str) -> None:
    engine = sa.create_engine(database_url)
    with engine.begin() as connection:
        connection.execute(sa.text(statement))
    engine.dispose()


def test_an_intact_chain_verifies(linli: Invoke) -> None:
    result = linli("audit", "verify")
    assert result.exit_code == 0, result.output
    assert "审计日志完好" in result.stdout


def test_an_edited_row_is_named(linli: Invoke, database_url: str) -> None:
    tamper(database_url, "UPDATE audit_entry SET action = 'operator.nothing' WHERE seq = 2")
    result = linli("audit", "verify")
    assert result.exit_code == 1
    assert "审计日志第 2 条" in result.stderr and "哈希不符" in result.stderr


def test_a_deleted_row_is_named(linli: Invoke, database_url: str) -> None:
    last = linli("audit", "log", "--limit", "1").stdout.split("\t")[0]
    tamper(database_url, "DELETE FROM audit_entry WHERE seq = 2")
    result = linli("audit", "verify")
    assert result.exit_code == 1
    assert "第 3 条" in result.stderr and "缺失" in result.stderr and int(last) >= 3


def test_the_log_filters_and_limits_and_never_shows_a_password(linli: Invoke) -> None:
    everything = linli("audit", "log", "--limit", "1000").stdout.splitlines()
    created = linli("audit", "log", "--action", "operator.create").stdout.splitlines()
    assert len(created) == 3 and all("\toperator.create\t" in line for line in created)
    assert [line.split("\t")[0] for line in linli("audit", "log", "--limit", "2").stdout.splitlines()] == [
        line.split("\t")[0] for line in everything[-2:]
    ]
    assert linli("audit", "log", "--action", "operator").stdout.count("operator.") >= 3
    assert PASSWORD not in "\n".join(everything)


def test_only_a_program_wide_admin_reads_or_verifies_the_log(linli: Invoke) -> None:
    # zhang is scoped to the tree's root node, not the program: the log also holds operator and program-wide changes.
    for command in ("log", "verify"):
        refused = linli("--operator", "zhang", "audit", command)
        assert refused.exit_code != 0 and "zhang" in refused.stderr
