"""The certificate as an A4 PDF, Chinese set in the PDF reader's own STSong-Light (no font file to ship).

STSong-Light is one of the CID fonts every conforming PDF reader provides
for Simplified Chinese, so the file stays small and needs nothing installed
where it is made. The document is built with ``invariant`` set: no creation
time or random id, so the same facts give the same bytes (and the same hash
in the archive).
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from linli.plugins.certificates.layout import Layout

FONT = "STSong-Light"
MARGIN = 25 * mm
LABEL_WIDTH = 35 * mm

BODY = ParagraphStyle("body", fontName=FONT, fontSize=12, leading=20, wordWrap="CJK")
TITLE = ParagraphStyle("title", parent=BODY, fontSize=24, leading=36, alignment=TA_CENTER, spaceAfter=12)
NUMBER = ParagraphStyle("number", parent=BODY, alignment=TA_RIGHT, spaceAfter=6)
GRID = TableStyle(
    [
        ("GRID", (0, 0), (-1, -1), 0.75, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
)


def render_pdf(text: Layout) -> bytes:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    out = io.BytesIO()
    document = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=f"{text.title} {text.number}",
        invariant=True,
    )
    document.build(
        [
            Paragraph(escape(text.title), TITLE),
            Paragraph(escape(text.number_line), NUMBER),
            _table(text.volunteer, document.width),
            Spacer(0, 6 * mm),
            Paragraph(escape(text.statement), BODY),
            Spacer(0, 6 * mm),
            _table(text.issuer, document.width),
            Spacer(0, 6 * mm),
            Paragraph(escape(text.basis), BODY),
        ]
    )
    return out.getvalue()


def _table(rows: tuple[tuple[str, str], ...], width: float) -> Table:
    cells = [[Paragraph(escape(label), BODY), Paragraph(escape(value), BODY)] for label, value in rows]
    return Table(cells, colWidths=[LABEL_WIDTH, width - LABEL_WIDTH], style=GRID)
