"""``linli records export|import`` and ``linli certificate`` from the command line, on the importer test's program."""

from __future__ import annotations

import json
from pathlib import Path

from tests.core.importers.sheets import write_xlsx
from tests.core.importers.test_cli import MEMBERS, ORGS, SERVICE, linli  # noqa: F401  (linli is the fixture)


def test_export_refuse_its_own_import_and_certify(linli, tmp_path: Path) -> None:  # noqa: F811
    for kind, rows, extra in (
        ("orgs", ORGS, ()),
        ("members", MEMBERS, ()),
        ("service", SERVICE, ("--approve", "--create-activities", "--category", "patrol", "--host", "BBT")),
    ):
        assert linli("import", kind, str(write_xlsx(tmp_path / f"{kind}.xlsx", rows)), *extra).exit_code == 0
    exported = linli("records", "export", "-o", "records.json", "--consented", "1")
    assert exported.exit_code == 0, exported.output
    assert "3 名志愿者的 4 条记录" in exported.output
    document = json.loads(Path("records.json").read_text("utf-8"))
    assert [v["consent"]["transfer"] for v in document["volunteers"]] == [True, False, False]

    again = linli("records", "import", "records.json", "--home-node", "G0101")
    assert again.exit_code == 1 and "百步亭社区志愿服务 自己导出的记录" in again.output
    certified = linli("certificate", "13800000001", "--period", "2025", "--person-in-charge", "王主任", "--contact", "027-82345678", "-o", "cert.html")
    assert certified.exit_code == 0, certified.output
    page = Path("cert.html").read_text("utf-8")
    assert "张秀英" in page and "3.0 小时" in page and "ZYFW-" in page and "经办人</th><td>街道管理员" in page
