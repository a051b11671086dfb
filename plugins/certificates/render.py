"""The certificate as one self-contained HTML page: UTF-8, a CJK font stack, printable on A4."""

from __future__ import annotations

from html import escape

from linli.plugins.certificates.layout import Layout

# Fonts most Chinese desktops and phones have, serif first as on printed certificates.
FONTS = '"Songti SC", "SimSun", "Noto Serif CJK SC", "Source Han Serif SC", "Noto Sans CJK SC", "Microsoft YaHei", serif'

PAGE = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<title>{title} {number}</title>
<style>
@page {{ size: A4; margin: 25mm; }}
body {{ font-family: {fonts}; font-size: 14pt; line-height: 1.8; }}
h1 {{ text-align: center; letter-spacing: 0.5em; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ border: 1px solid #333; padding: 4px 8px; text-align: left; }}
.number {{ text-align: right; }}
</style>
</head>
<body>
<h1>{title}</h1>
<p class="number">{number_line}</p>
<table>
{volunteer}
</table>
<p>{statement}</p>
<table>
{issuer}
</table>
<p>{basis}</p>
</body>
</html>
"""


def render_html(text: Layout, lang: str) -> str:
    def rows(pairs: tuple[tuple[str, str], ...]) -> str:
        return "\n".join(f"<tr><th>{escape(label)}</th><td>{escape(value)}</td></tr>" for label, value in pairs)

    return PAGE.format(
        lang=escape(lang),
        fonts=FONTS,
        title=escape(text.title),
        number=escape(text.number),
        number_line=escape(text.number_line),
        volunteer=rows(text.volunteer),
        statement=escape(text.statement),
        issuer=rows(text.issuer),
        basis=escape(text.basis),
    )
