"""A 志愿服务证明 carries every field 民发〔2015〕149号 asks for, in correct Chinese, and is archived."""

from __future__ import annotations

import hashlib
import html
import io
from pathlib import Path

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

import linli.plugins.certificates as certificates
from linli.core import Database, Refused
from linli.core.services import register_member
from linli.plugins.certificates.issue import Issuer, issue
from linli.plugins.certificates.models import Certificate
from tests.core.factories import World, id_number, make_program, make_world
from tests.core.importers.sheets import write_xlsx
from tests.core.importers.test_cli import MEMBERS, ORGS, SERVICE, linli  # noqa: F401  (linli is the fixture)
from tests.plugins.incentives.helpers import activity, approve, served

ISSUER = Issuer("百步亭社区志愿服务", "王主任", "027-82345678")


def volunteer(world: World) -> int:
    with world.acting() as ctx:
        return register_member(ctx, name="李秀英", phone="13900000001", home_node="G0101", id_number=id_number()).id


def test_the_certificate_shows_every_required_field(database: Database) -> None:
    world = make_world(database, ("certificates", certificates))
    member = volunteer(world)
    approve(world, served(world, member, activity(world, "2024-03-06 08:00", category="patrol"), "2024-03-06 09:00", 90))
    approve(world, served(world, member, activity(world, "2024-04-06 08:00", category="elderly"), "2024-04-06 09:00", 120))
    served(world, member, activity(world, "2024-05-06 08:00"), "2024-05-06 09:00", 600)  # not approved: not certified
    approve(world, served(world, member, activity(world, "2023-05-06 08:00"), "2023-05-06 09:00", 60))  # another year
    issued = world.act(lambda ctx: issue(ctx, "13900000001", 2024, ISSUER))
    page = issued.content
    assert '<meta charset="utf-8">' in page and '"Songti SC"' in page and "<h1>志愿服务证明</h1>" in page
    expected = {
        "证明编号": "ZYFW-2024-000001",
        "志愿者姓名": "李秀英",
        "证件类型": "居民身份证",
        "证件号码": id_number(),  # the admin may unmask
        "志愿者编号": f"G0101-{member:06d}",
        "服务时段": "2024",
        "服务时长": "3.5 小时",
        "服务内容": "助老 2.0 小时；巡逻 1.5 小时",
        "出具组织": "百步亭社区志愿服务",
        "负责人": "王主任",
        "经办人": "街道管理员",
        "联系方式": "027-82345678",
        "出具日期": "2024年3月1日",
    }
    for label, value in expected.items():
        assert label in page and html.escape(value) in page, label
    assert "民发〔2015〕149号" in page
    with database.reading() as session:
        archived = session.scalars(sa.select(Certificate)).one()
        assert archived.content_hash == hashlib.sha256(page.encode("utf-8")).hexdigest() and archived.minutes == 210


def test_numbers_are_unique_and_the_id_is_masked_for_an_operator_who_may_not_unmask(database: Database) -> None:
    world = make_world(database, ("certificates", certificates))
    volunteer(world)
    clerk = world.operator("clerk", None)
    first = world.act(lambda ctx: issue(ctx, "13900000001", None, ISSUER).number)
    second = world.act(lambda ctx: issue(ctx, "13900000001", None, ISSUER), clerk)
    assert (first, second.number) == ("ZYFW-2024-000001", "ZYFW-2024-000002")
    assert id_number() not in second.content and "4201**********" in second.content and "服务内容</th><td>无" in second.content


def pdf_text(document: bytes) -> str:
    """The text a reader extracts from the PDF: proves the Chinese is encoded as text, not drawn or lost."""
    reader = PdfReader(io.BytesIO(document))
    return "".join(page.extract_text() for page in reader.pages)


def test_the_pdf_certificate_is_an_a4_pdf_carrying_every_field_in_chinese(database: Database) -> None:
    world = make_world(database, ("certificates", certificates))
    member = volunteer(world)
    approve(world, served(world, member, activity(world, "2024-03-06 08:00", category="patrol"), "2024-03-06 09:00", 90))
    issued = world.act(lambda ctx: issue(ctx, "13900000001", 2024, ISSUER, "pdf"))
    assert issued.document is not None and issued.document.startswith(b"%PDF-") and issued.content is None
    reader = PdfReader(io.BytesIO(issued.document))
    assert len(reader.pages) == 1 and [round(float(side)) for side in reader.pages[0].mediabox[2:]] == [595, 842]  # A4 in points
    fonts = {str(font["/BaseFont"]) for font in reader.pages[0]["/Resources"]["/Font"].values()}
    assert "/STSong-Light" in fonts  # the reader's own Chinese font (reportlab also lists its default Helvetica)
    text = pdf_text(issued.document)
    for label, value in (
        ("证明编号", "ZYFW-2024-000001"),
        ("志愿者姓名", "李秀英"),
        ("证件类型", "居民身份证"),
        ("证件号码", id_number()),
        ("志愿者编号", f"G0101-{member:06d}"),
        ("服务时段", "2024"),
        ("服务时长", "1.5 小时"),
        ("服务内容", "巡逻 1.5 小时"),
        ("出具组织", "百步亭社区志愿服务"),
        ("负责人", "王主任"),
        ("经办人", "街道管理员"),
        ("联系方式", "027-82345678"),
        ("出具日期", "2024年3月1日"),
    ):
        assert label in text and value in text, label
    assert "志愿服务证明" in text and "民发〔2015〕149号" in text
    with database.reading() as session:
        archived = session.scalars(sa.select(Certificate)).one()
        assert (archived.format, archived.number, archived.period) == ("pdf", "ZYFW-2024-000001", "2024")
        assert archived.document == issued.document and archived.content_hash == hashlib.sha256(issued.document).hexdigest()


def test_reissuing_a_pdf_numbers_and_archives_a_new_certificate_with_the_same_facts(database: Database) -> None:
    world = make_world(database, ("certificates", certificates))
    volunteer(world)
    first = world.act(lambda ctx: issue(ctx, "13900000001", None, ISSUER, "pdf"))
    html_copy = world.act(lambda ctx: issue(ctx, "13900000001", None, ISSUER, "html"))
    second = world.act(lambda ctx: issue(ctx, "13900000001", None, ISSUER, "pdf"))
    assert [first.number, html_copy.number, second.number] == ["ZYFW-2024-000001", "ZYFW-2024-000002", "ZYFW-2024-000003"]
    # Same facts, a new number: nothing else changes (the PDF carries no creation time or random id).
    assert pdf_text(second.document or b"") == pdf_text(first.document or b"").replace("ZYFW-2024-000001", "ZYFW-2024-000003")
    assert "服务时段全部" in pdf_text(first.document or b"").replace(" ", "").replace("\n", "")
    with database.reading() as session:
        formats = session.scalars(sa.select(Certificate.format).order_by(Certificate.number)).all()
    assert formats == ["pdf", "html", "pdf"]


def test_an_unknown_format_is_refused_by_name(database: Database) -> None:
    world = make_world(database, ("certificates", certificates))
    volunteer(world)
    with pytest.raises(Refused) as refused:
        world.act(lambda ctx: issue(ctx, "13900000001", None, ISSUER, "docx"))
    assert "docx" in str(refused.value) and "html/pdf" in str(refused.value)
    with database.reading() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(Certificate)) == 0


def test_linli_certificate_writes_a_pdf(linli, tmp_path: Path) -> None:  # noqa: F811
    for kind, rows, extra in (
        ("orgs", ORGS, ()),
        ("members", MEMBERS, ()),
        ("service", SERVICE, ("--approve", "--create-activities", "--category", "patrol", "--host", "BBT")),
    ):
        assert linli("import", kind, str(write_xlsx(tmp_path / f"{kind}.xlsx", rows)), *extra).exit_code == 0
    args = ("certificate", "13800000001", "--period", "2025", "--person-in-charge", "王主任", "--contact", "027-82345678", "--format", "pdf")
    written = linli(*args, "-o", "cert.pdf")
    assert written.exit_code == 0, written.output
    text = pdf_text(Path("cert.pdf").read_bytes())
    assert "张秀英" in text and "3.0 小时" in text and "ZYFW-" in text and "王主任" in text
    refused = linli(*args[:-1], "docx")
    assert refused.exit_code == 2 and "docx" in refused.output


def test_an_english_program_gets_the_same_fields_labelled_in_english(database: Database) -> None:
    world = make_world(database, ("certificates", certificates), program=make_program(locale="en"))
    volunteer(world)
    page = world.act(lambda ctx: issue(ctx, "13900000001", None, ISSUER)).content or ""
    assert '<html lang="en">' in page and "<h1>Volunteer Service Certificate</h1>" in page
    assert "<th>Period</th><td>all</td>" in page and "<th>Service content</th><td>none</td>" in page and "2024-03-01" in page
    text = pdf_text(world.act(lambda ctx: issue(ctx, "13900000001", None, ISSUER, "pdf")).document or b"")
    assert "Certificate no. ZYFW-2024-000002" in text and "李秀英" in text and "Date of issue" in text
