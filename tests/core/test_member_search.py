"""What the members screen's search box finds: name prefixes, phone prefixes and tails, ID tails, through indexes."""

from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa

from linli.core import migrate
from linli.core.db import Database
from linli.core.plugins import make_plugin_host
from linli.core.services import MemberRow, get_node, register_members, select_members
from tests.conftest import POSTGRES_URL, require_postgres
from tests.core.factories import id_number, make_world

ROWS = [
    MemberRow("张秀英", "13800001234", "G0101"),
    MemberRow("张秀", "13812349999", "G0102"),
    MemberRow("王张", "13700005678", "G0201", id_number=id_number(sequence="101")),  # its last four: 101X
    MemberRow("李%", "13600001111", "G0101"),
]


def found(database: Database, text: str, **filters: object) -> list[str]:
    with database.reading() as session:
        under = get_node(session, filters.pop("under")) if "under" in filters else None  # type: ignore[arg-type]
        return [m.name for m in session.scalars(select_members(search=text, under=under))]


def test_each_kind_of_text_finds_its_members(database: Database) -> None:
    world = make_world(database)
    world.act(lambda ctx: register_members(ctx, ROWS))

    assert found(database, "张") == ["张秀", "张秀英"]  # a name prefix, in name order; 王张 only contains it
    assert found(database, " 张秀英 ") == ["张秀英"]
    assert found(database, "138") == ["张秀英", "张秀"]  # a phone prefix, in phone order
    assert found(database, "13812349999") == ["张秀"]
    assert found(database, "1234") == ["张秀英"]  # four digits: a phone's last four, not its first
    assert found(database, "1381") == []
    assert found(database, "13812") == ["张秀"]
    assert found(database, "101x") == ["王张"]  # an ID number's last four, X in either case
    assert found(database, "李%") == ["李%"]  # wildcards are text
    assert found(database, "李_") == []
    assert found(database, "张", under="S02") == []
    assert found(database, "") == ["张秀英", "张秀", "王张", "李%"]  # blank: everyone, by id


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)  # PostgreSQL plans by statistics: B3 measures it at scale
def test_the_searches_use_the_indexes(database: Database) -> None:
    """Each kind of text is answered from an index, never by reading every member."""
    with database.engine.connect() as connection:
        for text, index in [("张", "ix_member_name"), ("139", "sqlite_autoindex_member"), ("1234", "ix_member_phone_tail"), ("101X", "ix_member_id_tail")]:
            query = select_members(search=text).limit(50).compile(database.engine, compile_kwargs={"literal_binds": True})
            plan = " ".join(row[-1] for row in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {query}"))
            assert index in plan and "SCAN member" not in plan, (text, plan)


@pytest.mark.postgres
def test_a_name_prefix_finds_everyone_in_a_pinyin_collated_postgres_database() -> None:
    """Under ICU's zh collation 王小明 sorts after 玌, past the end of the range for 王; the column's own "C" collation keeps it in."""
    require_postgres()
    admin = sa.create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    name = f"linli_zh_{uuid.uuid4().hex[:12]}"
    with admin.connect() as connection:
        connection.exec_driver_sql(f"CREATE DATABASE {name} LOCALE_PROVIDER icu ICU_LOCALE 'zh' LOCALE 'C.UTF-8' TEMPLATE template0")
    try:
        database = Database(sa.make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False))
        migrate.upgrade(database, make_plugin_host(autoload=False))
        with database.engine.connect() as connection:
            assert connection.exec_driver_sql("SELECT '王小明' < '玌'").scalar() is False  # the database itself sorts by pinyin
        world = make_world(database)
        world.act(lambda ctx: register_members(ctx, [*ROWS, MemberRow("王小明", "13900002222", "G0201")]))
        assert found(database, "王") == ["王小明", "王张"]
        assert found(database, "王小") == ["王小明"]
        database.dispose()
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.dispose()
