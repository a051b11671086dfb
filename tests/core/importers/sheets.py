"""Writing test spreadsheets and running imports against the ``world`` program (百步亭's cut)."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import openpyxl
import sqlalchemy as sa

from linli.core.db import Database
from linli.core.importers import ImportSummary, Importer, run_import
from linli.core.ledger import Account, Transfer
from linli.core.models import Activity, AuditEntry, Member, OrgNode, ServiceRecord
from linli.core.models.members import MemberTag
from tests.core.factories import World

MEMBER_HEADER = ["姓名", "手机号", "身份证号", "性别", "出生日期", "所属组织", "标签", "技能", "服务意愿", "注册方式", "注册日期"]
SERVICE_HEADER = ["手机号", "活动", "开始时间", "结束时间", "服务时长(小时)", "评价", "来源"]
ORG_HEADER = ["编码", "名称", "上级编码", "层级", "常住人口"]
TABLES = (OrgNode, Member, MemberTag, Activity, ServiceRecord, AuditEntry, Account, Transfer)


def write_xlsx(path: Path, rows: list[list[Any]]) -> Path:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    workbook.save(path)
    return path


def write_csv(path: Path, rows: list[list[Any]], *, encoding: str = "utf-8-sig") -> Path:
    with path.open("w", encoding=encoding, newline="") as stream:
        csv.writer(stream).writerows(rows)
    return path


def run(world: World, importer: Importer, path: Path, **options: Any) -> ImportSummary:
    return run_import(importer, path, world.program, world.act, **options)


def counts(database: Database) -> dict[str, int]:
    """Rows per table: what a refused import must leave exactly as it was."""
    with database.reading() as session:
        return {model.__tablename__: session.scalar(sa.select(sa.func.count()).select_from(model)) for model in TABLES}


def read_xlsx(path: Path) -> list[list[Any]]:
    workbook = openpyxl.load_workbook(path, read_only=True)
    try:
        return [list(row) for row in workbook.active.iter_rows(values_only=True)]
    finally:
        workbook.close()
