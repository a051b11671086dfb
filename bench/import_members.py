"""How fast ``linli import members`` registers a 100,000-row roster, against raw SQLite.

The floor is what SQLite itself needs for the same rows: one ``executemany``
into a bare table with the same unique columns, no parsing, no checks, no
audit chain, no plugins. linli's figure covers everything an administrator
waits for: reading the CSV, parsing and checking every cell, set-based
lookups, batch inserts, tags, the audit chain and the plugin hook, all in one
transaction. Both are measured in this run, so the ratio compares like with like::

    .venv/bin/python bench/import_members.py            # 100,000 rows
    .venv/bin/python bench/import_members.py 20000
"""

from __future__ import annotations

import csv
import json
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from linli.core.db import Base
from linli.core.idcard import check_char
from linli.core.importers import MemberImporter, run_import
from linli.core.runtime import open_runtime
from linli.core.services import bootstrap_admin, sync_nodes

STATIONS, GROUPS = 28, 30  # 百步亭: 28 stations, ~850 building groups
HEADER = ["姓名", "手机号", "身份证号", "性别", "出生日期", "所属组织", "标签", "技能", "服务意愿", "注册方式", "注册日期"]
NAMES = ["张秀英", "李建国", "王芳", "赵磊", "刘洋", "陈静", "杨帆", "黄丽"]


def program_yaml() -> str:
    """百步亭's three levels with its stations and building groups inline; no preset, so nothing else moves the figure."""
    lines = [
        "linli: 1",
        "program: {name: 百步亭社区志愿服务, locale: zh-CN}",
        "member_tags: {party_member: {name: 党员}}",
        "activity_categories: {patrol: {name: 治安巡逻}}",
        "organization:",
        "  levels: [{key: center, name: 志愿服务中心}, {key: station, name: 志愿服务站}, {key: group, name: 楼栋志愿服务小组}]",
        "  nodes:",
        "    - {code: BBT, name: 百步亭社区志愿服务中心, level: center, children: [",
    ]
    for s in range(1, STATIONS + 1):
        groups = ", ".join(f"{{code: G{s:02d}{g:02d}, name: {s}站{g}栋, level: group}}" for g in range(1, GROUPS + 1))
        lines.append(f"        {{code: S{s:02d}, name: 第{s}志愿服务站, level: station, children: [{groups}]}},")
    lines.append("      ]}")
    return "\n".join(lines) + "\n"


def roster_row(n: int) -> list[str]:
    first17 = f"420102{1950 + n % 50}{1 + n % 12:02d}{1 + n % 28:02d}{n // 16800 % 1000:03d}"
    first17 = first17[:14] + f"{n % 1000:03d}"
    ident = first17 + check_char(first17) if n % 2 == 0 else ""  # half the roster gives an ID number
    org = f"G{1 + n % STATIONS:02d}{1 + n // STATIONS % GROUPS:02d}"
    return [NAMES[n % 8], f"138{n:08d}", ident, "", "", org, "党员" if n % 5 == 0 else "", "理发、维修", "助老", "家门口", "2025-01-05"]


def unique_ids(rows: list[list[str]]) -> None:
    """Birth date × sequence repeats for large n; keep each ID number once."""
    seen: set[str] = set()
    for row in rows:
        if row[2] in seen:
            row[2] = ""
        seen.add(row[2])


def floor(rows: list[list[str]], folder: Path) -> float:
    """Seconds for SQLite to take the same rows with nothing in between."""
    connection = sqlite3.connect(folder / "floor.db")
    connection.execute(
        "CREATE TABLE member (id INTEGER PRIMARY KEY, name TEXT, phone TEXT UNIQUE, id_number TEXT UNIQUE, gender TEXT,"
        " birth_date TEXT, home_node_id INTEGER, skills TEXT, willingness TEXT, channel TEXT, registered_on TEXT, status TEXT)"
    )
    values = [
        (r[0], r[1], r[2] or None, None, None, hash(r[5]) % 1000, json.dumps(r[7].split("、")), json.dumps([r[8]]), "door", r[10], "active")
        for r in rows
    ]
    start = time.perf_counter()
    with connection:
        connection.executemany(
            "INSERT INTO member (name, phone, id_number, gender, birth_date, home_node_id, skills, willingness, channel, registered_on, status)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            values,
        )
    elapsed = time.perf_counter() - start
    connection.close()
    return elapsed


def main(count: int) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        config = folder / "linli.yaml"
        config.write_text(program_yaml(), "utf-8")
        rows = [roster_row(n) for n in range(count)]
        unique_ids(rows)
        roster = folder / "名册.csv"
        with roster.open("w", encoding="utf-8-sig", newline="") as stream:
            csv.writer(stream).writerows([HEADER, *rows])
        runtime = open_runtime(config)
        Base.metadata.create_all(runtime.database.engine)
        with runtime.database.writing() as session:
            bootstrap_admin(session, username="admin", display_name="街道管理员", password="bench-password")
        runtime.act("admin", sync_nodes)

        start, cpu = time.perf_counter(), time.process_time()
        summary = run_import(MemberImporter(), roster, runtime.program, lambda work: runtime.act("admin", work))
        linli_seconds, linli_cpu = time.perf_counter() - start, time.process_time() - cpu
        runtime.close()
        assert summary.written and summary.created == count, summary.report()[:5]
        floor_seconds = floor(rows, folder)

    linli_rate, floor_rate = count / linli_seconds, count / floor_seconds
    # CPU seconds too: on a shared machine the wall clock also measures the neighbours.
    print(f"linli import members: {count:,} rows in {linli_seconds:.1f} s (CPU {linli_cpu:.1f} s) = {linli_rate:,.0f} rows/s")
    print(f"sqlite3 executemany floor: {count:,} rows in {floor_seconds:.2f} s = {floor_rate:,.0f} rows/s")
    print(f"ratio (floor / linli): {floor_rate / linli_rate:.1f}x")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
