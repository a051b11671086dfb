"""``linli demo`` end to end, as a newcomer runs it from a fresh clone."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from linli.core.cli import cli
from linli.core.i18n import t
from linli.core.runtime import open_runtime
from linli.core.services import authenticate
from linli.core.services.reports import build_report


def demo(*args: str, env: dict[str, str | None] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["demo", *args], env={"LINLI_LANG": "en", "LINLI_PASSWORD": None, **(env or {})})
    return result.exit_code, result.stdout, result.stderr


def test_demo_creates_a_program_with_a_year_of_service(tmp_path: Path) -> None:
    target = tmp_path / "d"
    code, out, err = demo("--preset", "baibuting", "--members", "300", "--dir", str(target))
    assert code == 0, err
    config = target / "linli.yaml"
    assert config.is_file() and (target / "linli.db").is_file()
    assert "extends: baibuting" in config.read_text("utf-8")
    # Program output follows the preset's locale (zh-CN); the generated password ends its line.
    shown = t("demo.password", "zh-CN", username="admin", password="")
    (password,) = [line.removeprefix(shown) for line in out.splitlines() if line.startswith(shown)]
    assert f"linli -c {config} report" in out and "300" in out
    runtime = open_runtime(config)
    try:
        with runtime.reading() as session:
            assert authenticate(session, "admin", password) is not None
        report = runtime.view("admin", build_report)
    finally:
        runtime.close()
    assert report.registered_volunteers == 300 and report.service_hours > 0
    assert report.residents is not None and report.volunteer_share == pytest.approx(0.30, abs=0.05)
    assert report.teams > 0 and report.projects > 0 and report.participants > 100
    assert CliRunner().invoke(cli, ["-c", str(config), "validate"]).exit_code == 0


def test_demo_refuses_a_filled_database_unless_forced(tmp_path: Path) -> None:
    target = str(tmp_path / "d")
    assert demo("--preset", "baibuting", "--members", "50", "--dir", target, env={"LINLI_PASSWORD": "secret-words"})[0] == 0
    code, _, err = demo("--preset", "baibuting", "--members", "50", "--dir", target)
    assert code == 1 and "already holds data" in err and "--force" in err
    code, out, err = demo("--preset", "baibuting", "--members", "80", "--dir", target, "--force", env={"LINLI_PASSWORD": "secret-words"})
    assert code == 0, err
    assert t("demo.password", "zh-CN", username="admin", password="") not in out and "80" in out
    (tmp_path / "d" / "linli.yaml").unlink()  # now only a database with data: nobody's demo
    code, _, err = demo("--preset", "baibuting", "--dir", target, "--force")
    assert code == 1 and "--force leaves it alone" in err


def test_demo_leaves_someone_elses_program_alone(tmp_path: Path) -> None:
    (tmp_path / "linli.yaml").write_text("linli: 1\nextends: youxian\n", "utf-8")
    code, _, err = demo("--preset", "baibuting", "--dir", str(tmp_path), "--force")
    assert code == 1 and "was not written by linli demo" in err
    assert (tmp_path / "linli.yaml").read_text("utf-8") == "linli: 1\nextends: youxian\n"


def test_demo_names_the_presets_when_one_is_unknown() -> None:
    code, _, err = demo("--preset", "nowhere")
    assert code == 2 and "baibuting" in err
